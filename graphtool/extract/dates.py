"""Date expressions in a sentence, as import dates with their precision.

Found: full dates (``15 June 2001``, ``June 15, 2001``, ``2001-06-15``), months
(``June 2012``, ``Sept. 2013``), years (``2004``; 1900-2099, not in a number such as
``2,004`` or a sum such as ``$2004``), ranges (``1993-2008``, ``1993–2008``,
``2002-10`` (but ``2012-06`` is June 2012), ``from 1993 to 2008``, ``between 2002 and
2010``, ``June-August 2012``)
and ``since 2004``. Common misspellings of months (``Feburary``, ``Janurary``) are read
as the month meant.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1,
    "jan": 1,
    "janurary": 1,
    "february": 2,
    "feb": 2,
    "feburary": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_M = r"(?P<{0}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_Y = r"(?P<{0}>(?:19|20)[0-9]{{2}})"
_DAY = r"(?P<{0}>[0-3]?[0-9])(?:st|nd|rd|th)?"
_NOT_NUM_BEFORE = r"(?<![\w$£€.,/-])"
_NOT_NUM_AFTER = r"(?![\w%]|[.,/][0-9])"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "iso",
        re.compile(
            _NOT_NUM_BEFORE + _Y.format("y") + r"-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])" + _NOT_NUM_AFTER
        ),
    ),
    (
        "dmy",
        re.compile(
            r"\b" + _DAY.format("d") + r"\s+" + _M.format("m") + r",?\s+" + _Y.format("y") + r"\b", re.I
        ),
    ),
    (
        "mdy",
        re.compile(
            r"\b" + _M.format("m") + r"\s+" + _DAY.format("d") + r",\s*" + _Y.format("y") + r"\b", re.I
        ),
    ),
    (
        "mmy",
        re.compile(
            r"\b" + _M.format("m") + r"\s*[-\u2013]\s*" + _M.format("m2") + r"\s+" + _Y.format("y") + r"\b",
            re.I,
        ),
    ),
    ("my", re.compile(r"\b" + _M.format("m") + r",?\s+(?:of\s+)?" + _Y.format("y") + r"\b", re.I)),
    (
        "from",
        re.compile(
            r"\b(?:from|between)\s+"
            + _Y.format("y")
            + r"\s+(?:to|and|until|till)\s+"
            + _Y.format("y2")
            + r"\b",
            re.I,
        ),
    ),
    (
        "range",
        re.compile(
            _NOT_NUM_BEFORE
            + _Y.format("y")
            + r"\s*[-\u2013\u2014]\s*(?P<y2>(?:19|20)?[0-9]{2})"
            + _NOT_NUM_AFTER
        ),
    ),
    ("year", re.compile(_NOT_NUM_BEFORE + _Y.format("y") + r"(?:s\b)?" + _NOT_NUM_AFTER)),
]
_SINCE = re.compile(r"\b(?:since|as of|from)\s+(?:(?:early|mid|late)[- ])?(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class DateExpr:
    """One date expression: the import date(s) and where it is in the sentence."""

    text: str
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    end_date: str = ""
    since: bool = False
    start: int = 0
    end: int = 0

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.date)]


def _ok(y: int, m: int | None = None, d: int | None = None) -> bool:
    try:
        _dt.date(y, m or 1, d or 1)
    except ValueError:
        return False
    return True


def find_dates(text: str) -> list[DateExpr]:
    """Every date expression in ``text``, in order, never overlapping.

    >>> [(d.date, d.end_date, d.since) for d in find_dates("Since 2004, and on 15 June 2001; 1993-2008")]
    [('2004', '', True), ('2001-06-15', '', False), ('1993', '2008', False)]
    >>> [d.date for d in find_dates("Sept. 2013, $2,004, 2012-06 and Feburary 2019")]
    ['2013-09', '2012-06', '2019-02']
    """
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            expr = _expr(kind, m, text)
            if expr is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(expr)
    return sorted(found, key=lambda e: e.start)


def _expr(kind: str, m: re.Match[str], text: str) -> DateExpr | None:
    g = m.groupdict()
    if m.group(0).endswith("s"):
        return None  # a decade ("the 1990s") is not a date
    y = int(g["y"])
    date, end = str(y), ""
    if kind == "iso" or kind in ("dmy", "mdy"):
        mo = int(g["m"]) if kind == "iso" else MONTHS[g["m"].lower()]
        d = int(g["d"])
        if not _ok(y, mo, d):
            return None
        date = f"{y:04d}-{mo:02d}-{d:02d}"
    elif kind == "my":
        date = f"{y:04d}-{MONTHS[g['m'].lower()]:02d}"
    elif kind == "mmy":
        date = f"{y:04d}-{MONTHS[g['m'].lower()]:02d}"
        end = f"{y:04d}-{MONTHS[g['m2'].lower()]:02d}"
        if end < date:
            return None
    elif kind in ("from", "range"):
        raw = g["y2"]
        y2 = int(raw) if len(raw) == 4 else y // 100 * 100 + int(raw)
        if y2 <= y or y2 - y > 60:
            # "2012-06" in prose is more often a month than a range; not a range back in time.
            if kind == "range" and len(raw) == 2 and 1 <= int(raw) <= 12:
                return DateExpr(m.group(0), f"{y:04d}-{int(raw):02d}", start=m.start(), end=m.end())
            return None
        end = str(y2)
    since = bool(_SINCE.search(text[max(0, m.start() - 30) : m.start()]))
    return DateExpr(m.group(0), date, end, since, m.start(), m.end())
