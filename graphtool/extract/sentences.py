"""Lines to sentences, each knowing the lines it came from.

Lines of one paragraph are joined first, so a sentence (and a name) broken across lines
is read whole: a word hyphenated at a line break (``com-`` / ``prises``) is joined, a
hyphen before a capital or a digit (``Kyrgyz-`` / ``Chinese``) is kept. Blank lines end
a paragraph, unless it stopped mid-sentence (no closing punctuation) and the text after
them starts in lower case or closes its open parenthesis (a page break in a converted
report: "SCO member countries" / "decided to ..."), also after the footnotes and
captions the page break put between (up to three blocks, numbered "69 While ..." or a
sentence with its credit in parentheses, read as paragraphs of their own after the
paragraph). A short line without closing
punctuation (a heading) ends one too, and in a PDF (whose text layer has no blank
lines) so does a line that ends a sentence well short of the others (a paragraph's last
line). In PDFs, lines that are only a page number, and lines repeated at the top or
bottom of many pages (running headers), are left out. Sentences end at ``.``, ``!`` or
``?`` before a capital, a digit or an opening quote, unless the word before the stop is
an abbreviation (``St.``, ``Gen.``, ``U.S.``, an initial).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .reading import clean
from .records import Document, Line, Sentence, locator

#: Words that end with a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st mt ft no nos vs etc e.g i.e cf al gen col lt maj capt sgt adm gov sen rep "
    "pres amb inc ltd co corp jr sr fig figs p pp vol ed eds op cit ibid approx est dept univ assn "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.u p.r.c".split()
)

# A footnote mark may follow the stop ("pipelines.16 The ...").
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*[0-9]{0,3}(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"(\S+)$")
_ENDS = re.compile(r"[.!?][\"'\u201d\u2019)\]]*[0-9]{0,3}$")
_CLOSING = re.compile(r"[.!?:;,\"'\u201d\u2019)\]][0-9]{0,3}$")


def split_sentences(doc: Document, skip: Iterable[int] = ()) -> list[Sentence]:
    """The document's sentences, in order; lines whose index is in ``skip`` (tables)
    are left out and end the paragraph around them."""
    skipped = set(skip)
    ignored = _running_lines(doc) if doc.pages else set()
    lengths = sorted(len(x.text.strip()) for x in doc.lines if x.text.strip())
    median = lengths[len(lengths) // 2] if lengths else 0
    heading = min(60, median // 2)
    # A PDF's text layer has no blank lines between paragraphs: a paragraph's last line,
    # ending a sentence well short of the others, ends it.
    last = int(median * 0.75) if doc.pages else 0
    out: list[Sentence] = []
    for para, (text, breaks) in enumerate(_paragraphs(doc, skipped, ignored, heading, last)):
        for start, end in _spans(text):
            out.append(_sentence(doc, len(out), text, breaks, start, end, para))
    return out


def _running_lines(doc: Document) -> set[int]:
    """Indices of page numbers and of running headers and footers in a PDF."""
    by_page: dict[int | None, list[int]] = {}
    for i, line in enumerate(doc.lines):
        if line.text.strip():
            by_page.setdefault(line.page, []).append(i)
    edges = Counter(doc.lines[i].text.strip() for idx in by_page.values() for i in idx[:2] + idx[-2:])
    common = {t for t, n in edges.items() if n >= 3 and n >= len(by_page) // 2}
    out = set()
    for idx in by_page.values():
        for i in idx[:2] + idx[-2:]:
            text = doc.lines[i].text.strip()
            if text.isdigit() or text in common or re.fullmatch(r"(?i)page \d+( of \d+)?", text):
                out.add(i)
    return out


def _paragraphs(
    doc: Document, skipped: set[int], ignored: set[int], heading: int, last: int = 0
) -> list[tuple[str, list[tuple[int, int]]]]:
    """Paragraphs as (text, breaks): ``breaks`` holds (offset, line index) pairs."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    text, breaks = "", []  # type: ignore[var-annotated]
    #: Footnotes and captions between the two halves of a paragraph a page break split:
    #: their lines, and their paragraphs, given after the paragraph.
    aside: set[int] = set()
    later: list[tuple[str, list[tuple[int, int]]]] = []

    def flush() -> None:
        nonlocal text, breaks
        if text.strip():
            out.append((text, breaks))
            if not aside:
                out.extend(later)
                later.clear()
        text, breaks = "", []

    for i, line in enumerate(doc.lines):
        if i in ignored:
            continue
        body = clean(line.text).replace("\t", " ").strip()
        if i in aside:
            aside.discard(i)
            if body and later and later[-1][1][-1][1] == i - 1:
                later[-1] = (later[-1][0] + " " + body, [*later[-1][1], (len(later[-1][0]) + 1, i)])
            elif body:
                later.append((body, [(0, i)]))
            continue
        if i in skipped or not body:
            if i not in skipped:
                between = _continued(doc, i, skipped, ignored, text)
                if between is not None:
                    aside |= between
                    continue
            flush()
            continue
        # A heading: short, unpunctuated, starting a line of its own after a sentence.
        short = (
            len(body) < heading
            and not _CLOSING.search(body)
            and not body[0].islower()
            and (not text or bool(_CLOSING.search(text[-8:])))
        )
        if short:
            flush()
        if text:
            if re.search(r"[^\W\d_]-$", text[-3:]) and body[0].islower():
                text = text[:-1]  # a word hyphenated at the line break
            elif not text.endswith("-"):
                text += " "
        breaks.append((len(text), i))
        text += body
        if short or (len(body) < last and _ENDS.search(body)):
            flush()
    flush()
    return out


def _continued(doc: Document, i: int, skipped: set[int], ignored: set[int], text: str) -> set[int] | None:
    """Whether the paragraph read so far (``text``), broken off by the blank line ``i``
    without closing punctuation, goes on further down: at the next line with text that
    starts with a lower-case letter (a page break in a converted report: "the heads of
    states of SCO member countries" / "decided to conduct ..."), or closes a parenthesis
    the paragraph left open, after up to :data:`ASIDE` blocks of footnotes ("69 While
    ...") and captions ("The opening ceremony ... (mod.gov.cn.en)") that the page's
    bottom and the next page's top put between. Returns the lines of those blocks (to be
    read as paragraphs of their own), or None when the paragraph ends."""
    if not text or _CLOSING.search(text[-8:]):
        return None
    between: set[int] = set()
    block: list[int] = []
    blocks = 0
    for k in range(i + 1, min(len(doc.lines), i + 1 + ASIDE_LINES)):
        if k in skipped:
            return None
        if k in ignored:
            continue
        body = clean(doc.lines[k].text).strip()
        if not body:
            if block:
                between |= set(block)
                block = []
            continue
        if not block:
            # "... Ministers of Defense (annually since" / "2002), Secretaries of ...":
            # a parenthesis left open goes on too.
            opened = text.count("(") > text.count(")") and bool(re.match(r"[^()]*\)", body))
            if body[0].islower() or opened:
                return between
            if blocks >= ASIDE or not (_FOOTNOTE.match(body) or _CAPTION.search(body)):
                return None
            blocks += 1
        block.append(k)
    return None


#: At most so many blocks of footnotes and captions, within so many lines, between the
#: halves of a paragraph.
ASIDE, ASIDE_LINES = 3, 40
_FOOTNOTE = re.compile(r"(?:\d{1,3}|\[\d{1,3}\]|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\s+\S")
#: A caption: a sentence and its credit in parentheses, or a line naming a figure.
_CAPTION = re.compile(r"[.!?]\s*\([^()]{2,80}\)$|^(?:Figure|Fig\.|Table|Photo|Map|Chart|Source)\b")


def _spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        word = _LAST_WORD.search(text, 0, m.start() + 1)
        token = word.group(1).lower().rstrip(".!?").lstrip("(\"'\u201c") if word else ""
        if m.group(0).startswith(".") and (token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token)):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _sentence(
    doc: Document, index: int, text: str, breaks: list[tuple[int, int]], start: int, end: int, para: int
) -> Sentence:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    s0, s1 = start + lead, start + lead + len(body)
    lines_in = [i for off, i in breaks if off < s1]
    first = max((i for off, i in breaks if off <= s0), default=breaks[0][1])
    last = lines_in[-1] if lines_in else first
    local = [(max(0, off - s0), i) for off, i in breaks if off < s1 and i >= first]
    if not local or local[0][0] != 0:
        local.insert(0, (0, first))
    covered: list[Line] = [doc.lines[first], doc.lines[last]]
    return Sentence(index, body, first, last, tuple(local), locator(covered), para)
