#!/usr/bin/env python3
"""Extract the appendix tables of the FPRI report (document ``fpri-2022``) as import CSVs.

Usage::

    python tools/extract_fpri_tables.py SOURCE_TEXT [OUT_DIR]

``SOURCE_TEXT`` is the text conversion of the report
(``shared/sources/002_f87dd54bf69b852b.txt``); ``OUT_DIR`` defaults to ``import/``
beside this script's repository. Standard library only (Python 3.11+ for ``tomllib``;
on 3.10 the ``tomli`` backport); the committed CSVs are what ships, this script only has
to reproduce them exactly when rerun.

Files written (see ``docs/import-format.md``):

* ``sources.csv`` - the five source documents of the bundled dataset
* ``actors.csv`` - states, agencies, units, offices, institutions, companies, one person
* ``places.csv`` - where events took place
* ``topics.csv`` - normalised topic tags
* ``events-fpri-appendix.csv`` - one event per data row of appendices 1-6
* ``relations-fpri-appendix.csv`` - participants, places, topics, PART_OF/LOCATED_IN

Row counts (counted by hand from the text, kept in ``curation/expected_rows.csv`` and
asserted before anything is written)::

    appendix 1  meetings      Kyrgyzstan 76, Kazakhstan 51, Uzbekistan 59,
                              Tajikistan 51, Turkmenistan 24          = 261
    appendix 2  SCO exercises (no sections)                            =  16
    appendix 3  bilateral exercises  Kyrgyzstan 5, Kazakhstan 2,
                              Uzbekistan 1, Tajikistan 4, Turkmenistan 0 =  12
    appendix 4  training/exchange    Kyrgyzstan 24, Kazakhstan 29,
                              Uzbekistan 29, Tajikistan 21, Turkmenistan 0 = 103
    appendix 5  transfers     Kyrgyzstan 18, Kazakhstan 6, Uzbekistan 6,
                              Tajikistan 13, Turkmenistan 2            =  45
    appendix 6  in-China programmes (a transposed table: one column each) =   3
                                                                total    440

"No public information available" (Turkmenistan in appendices 3 and 4) is not a row.

Curation is data, in ``tools/curation/`` (``curation/README.md`` lists the files):
typo corrections, entity resolution (raw cell text -> actor id), place and topic
normalisation, and per-row labels written for this dataset (short labels, not the
report's sentences), as commented CSV files and one TOML file, each loaded below into
the table of the same role. A correction is a one-line change there; this script is
the logic that reads the report's text and applies them.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser as the tomli backport
    import tomli as tomllib

SRC = "fpri-2022"
#: The curation tables: reviewed data files, one table each (see curation/README.md).
CURATION = Path(__file__).resolve().parent / "curation"


def table(name: str) -> list[dict[str, str]]:
    """The rows of ``curation/<name>.csv`` as dicts (lines starting with ``#`` are comments)."""
    with (CURATION / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if line.strip() and not line.startswith("#")))


def split(cell: str) -> list[str]:
    """A list cell: values separated by ``;`` (empty: no values)."""
    return cell.split(";") if cell else []


def grouped(rows: list[dict[str, str]], key: str, value: str) -> dict[str, list[str]]:
    """``{row[key]: [row[value], ...]}`` in file order (one line per value)."""
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r[key], []).append(r[value])
    return out


# Expected counts (expected_rows.csv): the script refuses to write anything if the parse
# disagrees.
EXPECTED_ROWS: dict[tuple[int, str], int] = {
    (int(r["appendix"]), r["section"]): int(r["rows"]) for r in table("expected_rows")
}
# Sources: all five documents of the bundled dataset.
SOURCES = table("sources")
# States: id -> (name, adjective used in the tables, aliases seen in the tables).
_STATE_ROWS = table("states")
STATES = {r["id"]: (r["name"], r["adjective"], split(r["aliases"])) for r in _STATE_ROWS}
SECTION_STATE = {r["section"]: r["id"] for r in _STATE_ROWS if r["section"]}
STATE_BY_NAME = {v[0]: k for k, v in STATES.items()}
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MONTH_TYPOS = {r["cell"]: r["month"] for r in table("month_typos")}

# Actors other than states and offices: id -> (name, kind, PART_OF parent or None, note);
# generic Central Asian agencies: suffix -> (name, kind, parent suffix or None).
CA_GENERIC = {r["suffix"]: (r["name"], r["kind"], r["part_of"] or None) for r in table("generic_agencies")}
_ACTOR_ROWS = table("actors")
ACTORS: dict[str, tuple[str, str, str | None, str]] = {
    r["id"]: (r["name"], r["kind"], r["part_of"] or None, r["note"]) for r in _ACTOR_ROWS
}
ACTOR_LOCATED_IN = {r["id"]: r["located_in"] for r in _ACTOR_ROWS if r["located_in"]}
# PART_OF links the cell does not state (an embassy under the foreign ministry): written
# with inferred=true and this reason.
ACTOR_PART_OF_INFERENCE = {r["id"]: r["part_of_inference"] for r in _ACTOR_ROWS if r["part_of_inference"]}
EXTRA_ALIASES = grouped(table("actor_aliases"), "actor", "alias")

# Offices (appendix 1): raw cell text -> canonical title(s), canonical title -> parent.
CA_RAW = {r["cell"]: (r["office"], r["note"]) for r in table("ca_office_cells")}
_CA_OFFICE_ROWS = table("ca_offices")
CA_OFFICES = {r["office"]: r["part_of"] for r in _CA_OFFICE_ROWS}
_NON_OFFICE_ROWS = table("non_office_cells")
CA_NON_OFFICE = {r["cell"]: r["actor"] for r in _NON_OFFICE_ROWS if r["side"] == "ca"}
_CN_CELL_ROWS = table("cn_office_cells")
CN_RAW = grouped(_CN_CELL_ROWS, "cell", "office")
CN_CELL_NOTE = {r["cell"]: r["note"] for r in _CN_CELL_ROWS if r["note"]}
_CN_OFFICE_ROWS = table("cn_offices")
CN_OFFICES = {r["office"]: r["part_of"] for r in _CN_OFFICE_ROWS}
# Offices whose parent the title does not name (a premier under the State Council):
# (side, title) -> why the PART_OF is inferred; side is ca or cn.
OFFICE_INFERENCE = {
    **{("ca", r["office"]): r["inference"] for r in _CA_OFFICE_ROWS if r["inference"]},
    **{("cn", r["office"]): r["inference"] for r in _CN_OFFICE_ROWS if r["inference"]},
}
CN_NON_OFFICE = {r["cell"]: r["actor"] for r in _NON_OFFICE_ROWS if r["side"] == "cn"}
OFFICE_NAME_OVERRIDE = {r["office"]: r["name"] for r in table("office_names")}
OFFICE_SLUG = {r["title"]: r["slug"] for r in table("office_slugs")}
BODY_WORDS = tuple(r["word"] for r in table("body_words"))
NOT_ALIASES = {r["cell"] for r in table("not_aliases")}

# Topics and places.
AGENDA_TOPICS = {r["phrase"]: split(r["topics"]) for r in table("agenda_topics")}
# Tags that name a node of the narrative dataset rather than a topic (the East Turkestan
# movement is a group, RATS an organisation): tag -> (relationship type, node id, role).
AGENDA_LINKS = {r["tag"]: (r["type"], r["node"], r["role"]) for r in table("agenda_links")}
# Ids the narrative files (import/*-narrative.csv) define and these tables link to.
NARRATIVE_IDS = {r["id"]: r["label"] for r in table("narrative_ids")}
TOPIC_NOTES = {r["topic"]: r["note"] for r in table("topic_notes")}
PLACES = {
    r["id"]: (r["name"], r["kind"], split(r["located_in"]), split(r["aliases"])) for r in table("places")
}

# Appendix 2 (SCO exercises): location cell -> place; row -> (summary, topics, note).
A2_LOCATIONS = {r["cell"]: r["place"] for r in table("a2_locations")}
A2_ROWS = {int(r["row"]): (r["summary"], split(r["topics"]), r["note"]) for r in table("a2_rows")}

# Appendix 3 (bilateral exercises).
A3_CA_UNITS = {r["cell"]: r["suffix"] for r in table("a3_generic_units")}
A3_SPECIAL_UNITS = {(r["side"], r["cell"]): r["actor"] for r in table("a3_units")}
A3_LOCATIONS = {r["cell"]: r["place"] for r in table("a3_locations")}
BORDER_PLACE = {r["state"]: r["place"] for r in table("border_places")}
A3_ROWS = {(r["section"], int(r["row"])): (r["summary"], split(r["topics"])) for r in table("a3_rows")}

# Names of appendix 2 and 3 exercises: event id -> [(document id, locator, [names])].
EVENT_NAMES: dict[str, list[tuple[str, str, list[str]]]] = {}
for _r in table("event_names"):
    EVENT_NAMES.setdefault(_r["event"], []).append((_r["source"], _r["locator"], split(_r["names"])))
# Other spellings of the tables' actors and places printed in the documents, each with
# the passage that prints it: node id -> [(document id, locator, [names])].
NODE_NAMES: dict[str, list[tuple[str, str, list[str]]]] = {}
for _r in table("node_names"):
    NODE_NAMES.setdefault(_r["node"], []).append((_r["source"], _r["locator"], split(_r["names"])))

# Appendix 4 (training and exchange).
A4_KIND = {r["type"]: r["kind"] for r in table("a4_kinds")}
A4_DEPT_TOPICS = {r["department"]: split(r["topics"]) for r in table("a4_department_topics")}
A4_TRAINEES = {r["cell"]: r["actor"] for r in table("a4_trainees")}
with (CURATION / "a4_rows.toml").open("rb") as _fh:
    A4_ROWS: dict[str, dict] = {r.pop("text"): r for r in tomllib.load(_fh)["row"]}
A4_OFFICES = {r["office"]: (r["side"], r["title"]) for r in table("a4_offices")}

# Appendix 5 (transfers): party cells -> actor ids (offices also by title); per-row label,
# topics, note.
A5_CA_GENERIC = {r["cell"]: r["suffix"] for r in table("a5_generic_parties")}
_A5_PARTY_ROWS = table("a5_parties")
A5_SPECIAL = {(r["side"], r["cell"]): r["actor"] for r in _A5_PARTY_ROWS}
A5_OFFICES = {r["actor"]: r["office"] for r in _A5_PARTY_ROWS if r["office"]}
_A5_ROW_ROWS = table("a5_rows")
A5_ROWS = {(r["section"], int(r["row"])): (r["label"], split(r["topics"]), r["note"]) for r in _A5_ROW_ROWS}
A5_DONOR_NOTES = {(r["section"], int(r["row"])): r["donor_note"] for r in _A5_ROW_ROWS if r["donor_note"]}

# Appendix 6 (in-China programmes): programme -> (label, topics, places of the field
# visits), and the actor its field visits name (with the link's wording).
A6_TRAINERS = {r["cell"]: r["actor"] for r in table("a6_trainers")}
_A6_ROWS = table("a6_rows")
A6_ROWS = {int(r["programme"]): (r["label"], split(r["topics"]), split(r["field_visits"])) for r in _A6_ROWS}
A6_RELATED = {int(r["programme"]): (r["related"], r["related_as"]) for r in _A6_ROWS}

# ======================================================================================
# Parsing
# ======================================================================================
TAG = re.compile(r"<[^>]+>")


def clean(cell: str) -> str:
    """Strip HTML tags, conversion escapes and outer spaces from a cell."""
    cell = TAG.sub("", cell).replace("\\$", "$").replace("\\", "")
    return re.sub(r"\s+", " ", cell).strip()


def parse_month(text: str) -> tuple[str, str]:
    """'Feburary 2019' -> ('2019-02', note about the typo or '')."""
    m = re.fullmatch(r"([A-Za-z]+) (\d{4})", text.strip())
    if not m:
        raise ValueError(f"unparsed date {text!r}")
    word = m.group(1).lower()
    note = ""
    if word in MONTH_TYPOS:
        note = f"date cell misspells the month ('{m.group(1)}')"
        word = MONTH_TYPOS[word]
    return f"{m.group(2)}-{MONTHS[word]:02d}", note


def find_line(lines: list[str], prefix: str, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if lines[i].startswith(prefix):
            return i
    raise ValueError(f"heading not found: {prefix}")


def parse_tables(path: Path) -> dict[int, list[dict]]:
    """Rows per appendix: dicts with section, row (1-based in section), line, cells."""
    lines = path.read_text(encoding="utf-8").split("\n")
    heads = [find_line(lines, f"## APPENDIX {n}") for n in range(1, 7)]
    end = find_line(lines, "## ABOUT THE AUTHOR", heads[5])
    bounds = list(zip(heads, heads[1:] + [end]))
    out: dict[int, list[dict]] = {}
    for n, (a, b) in enumerate(bounds, 1):
        rows: list[dict] = []
        section = ""
        counter: Counter = Counter()
        for i in range(a + 1, b):
            raw = lines[i]
            if not raw.strip() or "\t" not in raw:
                continue  # blank page-break lines, headings, the reprint credit
            cells = [clean(c) for c in raw.split("\t")]
            first = cells[0].upper()
            head = first.split("-")[0]
            if n in (1, 3, 4, 5) and head in SECTION_STATE:
                section = SECTION_STATE[head]
                counter[section] += 0
                # appendix 3: "Turkmenistan<TAB>No public information available" is a header
                continue
            if n == 2 and first == "DATE":
                continue
            if cells[0].startswith("No public information"):
                continue
            if n == 6:
                rows.append({"section": "", "row": 0, "line": i + 1, "cells": cells})
                continue
            counter[section] += 1
            rows.append({"section": section, "row": counter[section], "line": i + 1, "cells": cells})
        out[n] = rows
    # appendix 6 is transposed: 4 lines (topic, trainer, specifics, field visits) x 3
    t = {r["cells"][0]: r for r in out[6]}
    progs = []
    first_line = min(r["line"] for r in out[6])
    last_line = max(r["line"] for r in out[6])
    for k in range(1, 4):
        progs.append(
            {
                "section": "",
                "row": k,
                "line": first_line,
                "end_line": last_line,
                "topic": t["Topics"]["cells"][k],
                "trainer": t["Delegated trainer"]["cells"][k],
                "visits": t["Field visits"]["cells"][k],
            }
        )
    out[6] = progs
    # Count check.
    got: Counter = Counter()
    for n, rows in out.items():
        for r in rows:
            got[(n, r["section"])] += 1
    for key, want in EXPECTED_ROWS.items():
        if got.get(key, 0) != want:
            raise SystemExit(
                f"row count mismatch for appendix {key}: parsed {got.get(key, 0)}, expected {want}"
            )
    extra = set(got) - set(EXPECTED_ROWS)
    if extra:
        raise SystemExit(f"unexpected sections: {sorted(extra)}")
    return out


# ======================================================================================
# Building the dataset
# ======================================================================================
def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "")).split()
    return "-".join(w for w in words if w not in {"of", "the", "to"})


def locator(n: int, section: str, row: int, line: int) -> str:
    if n == 6:
        return f"appendix 6, programme {row} (lines {line}-{line + 3})"
    if not section:
        return f"appendix {n}, row {row} (line {line})"
    return f"appendix {n}, {STATES[section][0]}, row {row} (line {line})"


class Builder:
    def __init__(self) -> None:
        self.actors: OrderedDict[str, dict] = OrderedDict()
        self.places: OrderedDict[str, dict] = OrderedDict()
        self.topics: OrderedDict[str, dict] = OrderedDict()
        self.events: list[dict] = []
        self.rels: list[dict] = []
        self.cites: dict[str, list[str]] = {}
        self.cite_apps: dict[str, set[int]] = {}
        self.aliases: dict[str, list[str]] = {}

    # ---- citations: the first row where a node appears, in each appendix
    def cite(self, node_id: str, loc: str) -> None:
        app = int(loc.split(",")[0].split()[1])
        seen = self.cite_apps.setdefault(node_id, set())
        if app not in seen:
            seen.add(app)
            self.cites.setdefault(node_id, []).append(loc)

    def alias(self, node_id: str, text: str) -> None:
        lst = self.aliases.setdefault(node_id, [])
        if text and text not in lst and text not in NOT_ALIASES:
            lst.append(text)

    def rel(
        self, frm: str, type_: str, to: str, loc: str, role: str = "", note: str = "", inferred: str = ""
    ) -> None:
        """One relation cited to ``loc``; ``inferred``: why, when the row does not state it."""
        self.rels.append(
            {
                "from": frm,
                "type": type_,
                "to": to,
                "role": role,
                "since": "",
                "until": "",
                "note": note,
                "inferred": "true" if inferred else "",
                "inference": inferred,
                "source": SRC,
                "locator": loc,
            }
        )

    # ---- actors
    def state(self, sid: str, loc: str) -> str:
        if sid not in self.actors:
            name, _adj, aliases = STATES[sid]
            self.actors[sid] = {"id": sid, "name": name, "kind": "state", "note": ""}
            for a in aliases:
                self.alias(sid, a)
        self.cite(sid, loc)
        return sid

    def actor(self, aid: str, loc: str) -> str:
        """Ensure an actor (and its parents) exists; cite it at loc."""
        if aid in STATES:
            return self.state(aid, loc)
        if aid not in self.actors:
            if aid in ACTORS:
                name, kind, parent, note = ACTORS[aid]
            else:
                st, _, suffix = aid.partition("-")
                if st not in STATES or suffix not in CA_GENERIC:
                    raise KeyError(f"unknown actor id {aid}")
                gname, kind, psuffix = CA_GENERIC[suffix]
                name, note = f"{gname} ({STATES[st][0]})", ""
                parent = f"{st}-{psuffix}" if psuffix else st
            self.actors[aid] = {"id": aid, "name": name, "kind": kind, "note": note}
            for a in EXTRA_ALIASES.get(aid, []):
                self.alias(aid, a)
            if parent:
                self.actor(parent, loc)
                self.rel(aid, "PART_OF", parent, loc, inferred=ACTOR_PART_OF_INFERENCE.get(aid, ""))
            if aid in ACTOR_LOCATED_IN:
                where = ACTOR_LOCATED_IN[aid]
                (self.place if where.startswith("place-") else self.actor)(where, loc)
                self.rel(aid, "LOCATED_IN", where, loc)
        self.cite(aid, loc)
        return aid

    def office(self, side: str, title: str, parent: str, loc: str) -> str:
        oid = f"{side}-office-{OFFICE_SLUG.get(title) or slug(title)}"
        if oid not in self.actors:
            state = STATES[side][0]
            default = (
                f"{title} ({state})"
                if any(re.search(rf"\b{w}\b", title) for w in BODY_WORDS)
                else f"{title} of {state}"
            )
            name = OFFICE_NAME_OVERRIDE.get(oid, default)
            self.actors[oid] = {"id": oid, "name": name, "kind": "office", "note": ""}
            self.actor(parent, loc)
            why = OFFICE_INFERENCE.get(("cn" if side == "cn" else "ca", title), "")
            self.rel(oid, "PART_OF", parent, loc, inferred=why)
        self.cite(oid, loc)
        return oid

    def ca_office(self, st: str, raw: str, loc: str) -> tuple[str, str]:
        canon, note = CA_RAW.get(raw, (raw, ""))
        if canon in CA_NON_OFFICE:
            aid = self.actor(CA_NON_OFFICE[canon], loc)
            self.alias(aid, raw)
            return aid, note
        if canon not in CA_OFFICES:
            raise KeyError(f"unmapped Central Asian office {raw!r}")
        psuffix = CA_OFFICES[canon]
        parent = f"{st}-{psuffix}" if psuffix else st
        oid = self.office(st, canon, parent, loc)
        self.alias(oid, raw)
        return oid, note

    def cn_party(self, raw: str, loc: str) -> list[str]:
        if raw in CN_NON_OFFICE:
            aid = self.actor(CN_NON_OFFICE[raw], loc)
            self.alias(aid, raw)
            return [aid]
        out = []
        for canon in CN_RAW.get(raw, [raw]):
            if canon not in CN_OFFICES:
                raise KeyError(f"unmapped China-side office {raw!r}")
            oid = self.office("cn", canon, CN_OFFICES[canon], loc)
            if len(CN_RAW.get(raw, [])) <= 1:
                self.alias(oid, raw)
            out.append(oid)
        return out

    def states_of(self, aid: str) -> set[str]:
        """The states ``aid`` counts for, as --level state reads the graph: itself if a
        state, else up PART_OF and HOLDS; a company also through LOCATED_IN."""
        up: dict[str, set[str]] = {}
        for r in self.rels:
            company = self.actors.get(r["from"], {}).get("kind") == "company"
            if r["type"] in ("PART_OF", "HOLDS") or (r["type"] == "LOCATED_IN" and company):
                up.setdefault(r["from"], set()).add(r["to"])
        seen, todo, found = {aid}, [aid], set()
        while todo:
            node = todo.pop()
            if node in STATES:
                found.add(node)
                continue
            for parent in up.get(node, ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return found

    # ---- places and topics
    def place(self, pid: str, loc: str) -> str:
        if pid in STATES:
            return self.state(pid, loc)
        if pid not in self.places:
            name, kind, located, aliases = PLACES[pid]
            self.places[pid] = {"id": pid, "name": name, "kind": kind, "note": ""}
            for a in aliases:
                self.alias(pid, a)
            for where in located:
                (self.place if where.startswith("place-") else self.state)(where, loc)
                self.rel(pid, "LOCATED_IN", where, loc)
        self.cite(pid, loc)
        return pid

    def topic(self, tag: str, loc: str) -> str:
        tid = "topic-" + slug(tag)
        if tid not in self.topics:
            self.topics[tid] = {"id": tid, "name": tag, "note": TOPIC_NOTES.get(tag, "")}
        self.cite(tid, loc)
        return tid

    def event(
        self,
        eid: str,
        name: str,
        kind: str,
        loc: str,
        date: str = "",
        size: str = "",
        size_note: str = "",
        summary: str = "",
        note: str = "",
    ) -> str:
        # The row is the first citation; passages naming the event (EVENT_NAMES) follow.
        named = EVENT_NAMES.get(eid, [])
        self.events.append(
            {
                "id": eid,
                "name": name,
                "kind": kind,
                "date": date,
                "end_date": "",
                "size": size,
                "size_note": size_note,
                "summary": summary,
                "aliases": ";".join(a for _doc, _loc, names in named for a in names),
                "note": note,
                "source": ";".join([SRC] + [doc for doc, _loc, _names in named]),
                "locator": ";".join([loc] + [nloc for _doc, nloc, _names in named]),
            }
        )
        return eid

    def concerns(self, eid: str, tags: list[str], loc: str) -> None:
        seen = []
        for tag in tags:
            if tag in AGENDA_LINKS:  # a group or organisation, not a topic
                type_, node, role = AGENDA_LINKS[tag]
                self.rel(eid, type_, node, loc, role)
                continue
            tid = self.topic(tag, loc)
            if tid not in seen:
                seen.append(tid)
                self.rel(eid, "CONCERNS", tid, loc)


def month_label(date: str) -> str:
    y, m = date.split("-")
    abbr = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return f"{abbr[int(m) - 1]} {y}"


def size_fields(cell: str) -> tuple[str, str]:
    """Size cell -> (size, size_note). 'Unknown'/blank -> both blank."""
    cell = cell.strip()
    if not cell or cell.lower() == "unknown":
        return "", ""
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+", cell):
        return cell.replace(",", ""), ""
    m = re.match(r"^(\d+) \(", cell)
    return (m.group(1) if m else ""), cell


def build(tables: dict[int, list[dict]]) -> Builder:
    b = Builder()
    b.state("cn", "appendix 1, Kyrgyzstan, row 1 (line 740)")

    # ---------------- appendix 1: meetings
    for r in tables[1]:
        st, k, line = r["section"], r["row"], r["line"]
        loc = locator(1, st, k, line)
        ca_raw, cn_raw, date_raw, agenda = (r["cells"] + ["", "", "", ""])[:4]
        date, dnote = parse_month(date_raw)
        b.state(st, loc)
        ca_id, ca_note = b.ca_office(st, ca_raw, loc)
        cn_ids = b.cn_party(cn_raw, loc)
        tags: list[str] = []
        for phrase in [p.strip() for p in agenda.split(",") if p.strip()]:
            key = phrase.lower()
            if key not in AGENDA_TOPICS:
                raise KeyError(f"unmapped agenda phrase {phrase!r} ({loc})")
            tags += [t for t in AGENDA_TOPICS[key] if t not in tags]
        ca_title = CA_RAW.get(ca_raw, (ca_raw, ""))[0]
        cn_title = " and ".join(CN_RAW.get(cn_raw, [cn_raw]))
        eid = f"fpri-a1-{st}-{k:02d}"
        name = f"{STATES[st][0]}-China meeting: {ca_title} / {cn_title} ({month_label(date)})"
        summary = ("security talks: " + "; ".join(tags)) if tags else "security meeting, agenda not given"
        b.event(eid, name, "meeting", loc, date=date, summary=summary, note=dnote)
        b.rel(ca_id, "PARTICIPATED_IN", eid, loc, "participant", ca_note)
        for cid in cn_ids:
            b.rel(cid, "PARTICIPATED_IN", eid, loc, "participant", CN_CELL_NOTE.get(cn_raw, ""))
        if not any("cn" in b.states_of(cid) for cid in cn_ids):
            # The China column names no body of the Chinese state (the SCO Secretary
            # General, a person named without an office): the row still counts for China.
            why = f"the China column names '{cn_raw}', not a body of the Chinese state"
            b.rel("cn", "PARTICIPATED_IN", eid, loc, "participant", f"{why}: China counted from the column")
        b.concerns(eid, tags, loc)

    # ---------------- appendix 2: SCO exercises
    listed: tuple[int, list[str]] = (0, [])  # the nearest row above that lists participants
    for r in tables[2]:
        k, line = r["row"], r["line"]
        loc = locator(2, "", k, line)
        date, states_cell, where, size_cell, _agenda = (r["cells"] + [""] * 5)[:5]
        pid = b.place(A2_LOCATIONS[where], loc)
        host = PLACES[pid][2][0]
        size, size_note = size_fields(size_cell)
        summary, tags, note = A2_ROWS[k]
        eid = f"fpri-a2-{k:02d}"
        name = f"SCO joint exercise, {PLACES[pid][0]}, {date}"
        if not states_cell:
            note = "; ".join(x for x in [note, "participants cell blank"] if x)
        b.event(
            eid, name, "exercise", loc, date=date, size=size, size_note=size_note, summary=summary, note=note
        )
        b.rel(eid, "HELD_IN", pid, loc)
        names = [s.strip() for s in states_cell.split(",") if s.strip()]
        for s in names:
            sid = b.state(STATE_BY_NAME[s], loc)
            b.rel(sid, "PARTICIPATED_IN", eid, loc, "participant")
        if names and STATES[host][0] not in names:
            raise SystemExit(f"host {host} not among participants at {loc}")
        # The host is the state the location cell names, on every row (also where the
        # participants cell is blank).
        b.state(host, loc)
        b.rel(host, "PARTICIPATED_IN", eid, loc, "host",
              "" if names else "participants cell blank; host: the state the location cell names")
        if names:
            listed = (k, names)
        else:
            # Printed participants stay as printed (none); those of the nearest row above
            # are added only as inferred participations, which analyses leave out unless asked.
            above, above_names = listed
            why = f"participants cell blank: the states of row {above}, the nearest row above that lists them"
            for s in above_names:
                b.rel(STATE_BY_NAME[s], "PARTICIPATED_IN", eid, loc, "participant", inferred=why)
        b.concerns(eid, tags, loc)

    # ---------------- appendix 3: bilateral exercises
    for r in tables[3]:
        st, k, line = r["section"], r["row"], r["line"]
        loc = locator(3, st, k, line)
        ca_unit, cn_unit, date_raw, where, size_cell, _agenda = (r["cells"] + [""] * 6)[:6]
        date, dnote = parse_month(date_raw)
        b.state(st, loc)
        ca_id = A3_SPECIAL_UNITS.get((st, ca_unit)) or f"{st}-{A3_CA_UNITS[ca_unit]}"
        cn_id = A3_SPECIAL_UNITS[("cn", cn_unit)]
        b.actor(ca_id, loc)
        b.actor(cn_id, loc)
        b.alias(ca_id, ca_unit)
        b.alias(cn_id, cn_unit)
        pid = BORDER_PLACE[st] if where == "Border" else A3_LOCATIONS[where]
        b.place(pid, loc)
        size, size_note = size_fields(size_cell)
        summary, tags = A3_ROWS[(st, k)]
        eid = f"fpri-a3-{st}-{k:02d}"
        name = f"{STATES[st][0]}-China joint exercise, {PLACES[pid][0]} ({month_label(date)})"
        b.event(
            eid, name, "exercise", loc, date=date, size=size, size_note=size_note, summary=summary, note=dnote
        )
        b.rel(eid, "HELD_IN", pid, loc)
        b.rel(ca_id, "PARTICIPATED_IN", eid, loc, "participant")
        b.rel(cn_id, "PARTICIPATED_IN", eid, loc, "participant")
        located = PLACES[pid][2]
        if len(located) == 1 and located[0] in STATES:
            b.rel(located[0], "PARTICIPATED_IN", eid, loc, "host")
        b.concerns(eid, tags, loc)

    # ---------------- appendix 4: training, exchange, joint operations
    for r in tables[4]:
        st, k, line = r["section"], r["row"], r["line"]
        loc = locator(4, st, k, line)
        text, typ, date_raw = (r["cells"] + ["", "", ""])[:3]
        date, dnote = parse_month(date_raw)
        kind = A4_KIND[typ]
        b.state(st, loc)
        spec = a4_spec(st, text)
        for oid, (side, title) in A4_OFFICES.items():
            if any(oid in ids for ids in spec["roles"].values()):
                parent = f"{side}-{CA_OFFICES[title]}"
                b.office(side, title, parent, loc)
                b.alias(oid, title)
        eid = f"fpri-a4-{st}-{k:02d}"
        name = f"{STATES[st][0]}-China {kind}: {spec['label']} ({month_label(date)})"
        note = "; ".join(x for x in [spec.get("note", ""), dnote] if x)
        b.event(
            eid,
            name,
            kind,
            loc,
            date=date,
            size=spec.get("size", ""),
            size_note=spec.get("size_note", ""),
            summary=spec["label"],
            note=note,
        )
        for role, ids in spec["roles"].items():
            for aid in ids:
                if "-office-" in aid:
                    if aid not in b.actors:  # offices are made from appendix 1 or A4_OFFICES
                        raise KeyError(f"office {aid} not defined ({loc})")
                    b.cite(aid, loc)
                else:
                    b.actor(aid, loc)
                b.rel(aid, "PARTICIPATED_IN", eid, loc, role)
        for aid, text_alias in spec.get("aliases", {}).items():
            b.alias(aid, text_alias)
        for where in spec["held_in"]:
            (b.place if where.startswith("place-") else b.state)(where, loc)
            b.rel(eid, "HELD_IN", where, loc)
        for target, what in spec.get("related", []):
            b.actor(target, loc)
            b.rel(eid, "RELATED_TO", target, loc, what)
        b.concerns(eid, spec["topics"], loc)

    # ---------------- appendix 5: transfers
    for r in tables[5]:
        st, k, line = r["section"], r["row"], r["line"]
        loc = locator(5, st, k, line)
        ca_cell, cn_cell, date_raw, type_cell = (r["cells"] + ["", "", "", ""])[:4]
        date, dnote = parse_month(date_raw)
        b.state(st, loc)
        label, tags, note = A5_ROWS[(st, k)]
        purchase = type_cell.lower().startswith("purchase")
        notes = [note, dnote]
        eid = f"fpri-a5-{st}-{k:02d}"
        name = f"{STATES[st][0]}-China transfer: {label} ({month_label(date)})"
        # Central Asian side: the recipient. "Unknown" -> the recipient body is unknown,
        # but the table's column says it is a body of the section's state: link the state,
        # with a note. China side "Unknown"/blank -> no relation (no guess).
        if ca_cell and ca_cell != "Unknown":
            rid = A5_SPECIAL.get((st, ca_cell)) or f"{st}-{A5_CA_GENERIC[ca_cell]}"
            b.actor(rid, loc)
            b.alias(rid, ca_cell)
            rnote = ""
        else:
            rid = st
            rnote = "recipient body not stated (cell: Unknown); state from the table's column"
            notes.append(f"{STATES[st][1]} recipient body not named")
        if cn_cell and cn_cell != "Unknown":
            did = A5_SPECIAL[("cn", cn_cell)]
            if did in A5_OFFICES:
                title = A5_OFFICES[did]
                b.office("cn", title, CN_OFFICES[title], loc)
            else:
                b.actor(did, loc)
            b.alias(did, cn_cell)
            dnote_rel = A5_DONOR_NOTES.get((st, k), "")
        else:
            # As for the recipient: the column says the party is Chinese; no body is guessed.
            did = b.state("cn", loc)
            who = "supplier" if purchase else "donor"
            dnote_rel = f"{who} body not stated (cell: {cn_cell or 'blank'}); state from the table's column"
            notes.append("Chinese side not named")
        b.event(eid, name, "transfer", loc, date=date, summary=label, note="; ".join(x for x in notes if x))
        b.rel(rid, "PARTICIPATED_IN", eid, loc, "recipient", rnote)
        b.rel(did, "PARTICIPATED_IN", eid, loc, "supplier" if purchase else "donor", dnote_rel)
        b.concerns(eid, tags, loc)

    # ---------------- appendix 6: in-China programmes
    for p in tables[6]:
        k = p["row"]
        loc = locator(6, "", k, p["line"])
        label, tags, visit_places = A6_ROWS[k]
        tid = b.actor(A6_TRAINERS[p["trainer"]], loc)
        b.alias(tid, p["trainer"])
        eid = f"fpri-a6-{k:02d}"
        b.event(
            eid,
            f"In-China training programme: {p['topic']}",
            "training",
            loc,
            summary=label,
            note="for Central Asian officials; trainee states and dates not given",
        )
        b.rel(tid, "PARTICIPATED_IN", eid, loc, "trainer")
        b.state("cn", loc)
        b.rel(eid, "HELD_IN", "cn", loc)
        for pid in visit_places:
            b.place(pid, loc)
            b.rel(eid, "HELD_IN", pid, loc, "field visits")
        b.concerns(eid, tags, loc)
        related, related_as = A6_RELATED[k]
        if related:
            b.actor(related, loc)
            b.rel(eid, "RELATED_TO", related, loc, related_as)
    return b


MPS_PROG = re.compile(r"^PRC (?:(?P<mps>MPS) )?(?:training program for|trained) (?P<what>.+)$")


def a4_spec(st: str, text: str) -> dict:
    """The reading of one appendix 4 row: explicit table first, then the patterns."""
    if text in A4_ROWS:
        spec = dict(A4_ROWS[text])
        spec.setdefault("held_in", [])

        def fill(x: str) -> str:
            # {state} and {border}: the row's section state and its border with China.
            if x == "{state}":
                return st
            if x == "{border}":
                return BORDER_PLACE[st]
            return x

        spec["roles"] = {role: [fill(a) for a in ids] for role, ids in spec["roles"].items()}
        spec["held_in"] = [fill(w) for w in spec["held_in"]]
        return spec
    adj = STATES[st][1]
    m = MPS_PROG.match(text)
    if not m:
        raise KeyError(f"unread appendix 4 row {text!r}")
    trainer = "cn-mps" if m.group("mps") else "cn"
    what = m.group("what")
    topics = ["law enforcement training"]
    if what == f"{adj} MIA":
        trainee, dept = f"{st}-mia", ""
    elif what.endswith(f" of {adj} MIA"):
        trainee, dept = f"{st}-mia", what[: -len(f" of {adj} MIA")]
    elif what in A4_TRAINEES:
        trainee, dept = A4_TRAINEES[what], ""
    else:
        raise KeyError(f"unread appendix 4 trainee {what!r}")
    topics += A4_DEPT_TOPICS.get(dept, [])
    who = {"cn-mps": "MPS", "cn": "Chinese"}[trainer]
    target = {f"{st}-mia": f"{adj} interior ministry"}.get(trainee, what)
    label = f"{who} course for {target}" + (f": {dept}" if dept else "")
    note = "" if trainer == "cn-mps" else "the Chinese trainer body is not named"
    return {
        "label": label,
        "roles": {"trainer": [trainer], "trainee": [trainee]},
        "held_in": [],
        "topics": topics,
        "note": note,
    }


# ======================================================================================
# Output and checks
# ======================================================================================
NODE_COLUMNS = {
    "actors": ["id", "name", "kind", "aliases", "note", "source", "locator"],
    "places": ["id", "name", "kind", "aliases", "note", "source", "locator"],
    "topics": ["id", "name", "aliases", "note", "source", "locator"],
    "events": [
        "id",
        "name",
        "kind",
        "date",
        "end_date",
        "size",
        "size_note",
        "summary",
        "aliases",
        "note",
        "source",
        "locator",
    ],
}
REL_COLUMNS = [
    "from", "type", "to", "role", "since", "until", "note", "inferred", "inference", "source", "locator"
]
SOURCE_COLUMNS = ["id", "title", "publisher", "date", "kind", "file"]


def node_rows(b: Builder, table: OrderedDict) -> list[dict]:
    """Node rows: the table rows citing the node, then the passages of NODE_NAMES that
    print its other names (kept as aliases)."""
    rows = []
    for nid, row in table.items():
        cites = [(SRC, loc) for loc in b.cites[nid]]
        names = {row["name"]}
        aliases = [a for a in b.aliases.get(nid, []) if a not in names]
        for doc, loc, printed in NODE_NAMES.get(nid, []):
            cites.append((doc, loc))
            aliases += [a for a in printed if a not in names and a not in aliases]
        rows.append(
            {
                **row,
                "aliases": ";".join(aliases),
                "source": ";".join(doc for doc, _ in cites),
                "locator": ";".join(loc for _, loc in cites),
            }
        )
    return rows


def check_both_states(b: Builder) -> None:
    """Every row of the bilateral tables (appendices 1, 3, 4, 5) counts for both its
    states, China and the section's state, through its participants as the state
    roll-up reads them (Builder.states_of)."""
    parts: dict[str, set[str]] = {}
    for r in b.rels:
        if r["type"] == "PARTICIPATED_IN" and not r["inferred"]:
            parts.setdefault(r["to"], set()).update(b.states_of(r["from"]))
    problems = []
    for e in b.events:
        m = re.fullmatch(r"fpri-a([1345])-([a-z]{2})-\d+", e["id"])
        if m and not {"cn", m.group(2)} <= parts.get(e["id"], set()):
            reached = sorted(parts.get(e["id"], set()))
            problems.append(f"{e['id']}: reaches {reached}, not cn and {m.group(2)}")
    if problems:
        raise SystemExit("rows that do not count for both states:\n" + "\n".join(problems))


def dedupe(rels: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in rels:
        key = (r["from"], r["type"], r["to"], r["role"], r["locator"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", extrasaction="raise")
        w.writeheader()
        for row in rows:
            w.writerow({c: row.get(c, "") for c in columns})


def self_check(files: dict[str, tuple[list[str], list[dict]]]) -> None:
    """A quick validator, used until graphtool's own one is available."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from graphtool.model import KINDS, REL_TYPES  # noqa: PLC0415

    label_of: dict[str, str] = dict(NARRATIVE_IDS)  # defined by the narrative files
    stems = {"actors": "Actor", "places": "Place", "topics": "Topic", "events": "Event"}
    problems = []
    for stem, label in stems.items():
        for row in files[stem][1]:
            if row["id"] in label_of:
                problems.append(f"duplicate id {row['id']}")
            label_of[row["id"]] = label
            if KINDS[label] is not None and row["kind"] not in KINDS[label]:
                problems.append(f"{row['id']}: bad kind {row['kind']}")
            if not row["source"] or len(row["source"].split(";")) != len(row["locator"].split(";")):
                problems.append(f"{row['id']}: citation lists")
            if row["name"].strip().lower() == "unknown":
                problems.append(f"{row['id']}: named Unknown")
            if not re.fullmatch(r"[a-z0-9][a-z0-9_.:\-]*", row["id"]):
                problems.append(f"{row['id']}: bad id")
    for r in files["relations"][1]:
        t = REL_TYPES.get(r["type"])
        if t is None:
            problems.append(f"bad type {r['type']}")
            continue
        for end, allowed in ((r["from"], t.start), (r["to"], t.end)):
            if end not in label_of:
                problems.append(f"missing end {end} in {r}")
            elif label_of[end] not in allowed:
                problems.append(f"{end} ({label_of[end]}) not allowed for {t.name}")
        if t.roles is not None and r["role"] and r["role"] not in t.roles:
            problems.append(f"bad role {r['role']} for {t.name}")
    if problems:
        raise SystemExit("self-check failed:\n" + "\n".join(problems[:50]))


def check_event_names(src: Path, b: Builder) -> None:
    """Each EVENT_NAMES and NODE_NAMES name must occur verbatim (but for line breaks) in
    the lines it cites (in the document's text file, beside SOURCE_TEXT), belong to an
    event, actor or place of the tables, and name no other node of these files."""
    files = {s["id"]: src.parent / s["file"] for s in SOURCES}
    events = {e["id"] for e in b.events}
    taken: dict[str, str] = {}
    for nid, row in [*b.actors.items(), *b.places.items(), *b.topics.items()]:
        for text in [row["name"], *b.aliases.get(nid, [])]:
            taken[text.casefold()] = nid
    for e in b.events:
        taken.setdefault(e["name"].casefold(), e["id"])
    problems = []
    nodes = set(b.actors) | set(b.places)
    named = [*EVENT_NAMES.items(), *NODE_NAMES.items()]
    for eid, passages in named:
        if eid not in events and eid not in nodes:
            problems.append(f"EVENT_NAMES/NODE_NAMES: no event, actor or place {eid}")
        for doc, loc, names in passages:
            if doc not in files or not files[doc].is_file():
                problems.append(f"{eid}: text of {doc} not found (expected {files.get(doc)})")
                continue
            m = re.fullmatch(r"lines? (\d+)(?:-(\d+))?", loc)
            if not m:
                problems.append(f"{eid}: bad locator {loc!r}")
                continue
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            lines = files[doc].read_text(encoding="utf-8").split("\n")[first - 1 : last]
            text = " ".join(" ".join(lines).split())  # a name may run across a line break
            for name in names:
                if name not in text:
                    problems.append(f"{eid}: {name!r} not in {doc} {loc}")
                if taken.setdefault(name.casefold(), eid) != eid:
                    problems.append(f"{eid}: {name!r} already names {taken[name.casefold()]}")
    if problems:
        raise SystemExit("EVENT_NAMES check failed:\n" + "\n".join(problems))


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    src = Path(argv[1])
    out = Path(argv[2]) if len(argv) > 2 else Path(__file__).resolve().parents[1] / "import"
    tables = parse_tables(src)
    b = build(tables)
    check_both_states(b)
    check_event_names(src, b)
    files = {
        "actors": (NODE_COLUMNS["actors"], node_rows(b, b.actors)),
        "places": (NODE_COLUMNS["places"], node_rows(b, b.places)),
        "topics": (NODE_COLUMNS["topics"], node_rows(b, b.topics)),
        "events": (NODE_COLUMNS["events"], b.events),
        "relations": (REL_COLUMNS, dedupe(b.rels)),
    }
    self_check(files)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "sources.csv", SOURCE_COLUMNS, SOURCES)
    write_csv(out / "actors.csv", *files["actors"])
    write_csv(out / "places.csv", *files["places"])
    write_csv(out / "topics.csv", *files["topics"])
    write_csv(out / "events-fpri-appendix.csv", *files["events"])
    write_csv(out / "relations-fpri-appendix.csv", *files["relations"])
    counts = Counter(e["id"].split("-")[1] for e in b.events)
    print(
        f"events {len(b.events)} {dict(sorted(counts.items()))}; actors {len(b.actors)}; "
        f"places {len(b.places)}; topics {len(b.topics)}; relations {len(files['relations'][1])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
