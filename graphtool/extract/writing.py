"""Candidates to files: the import format, the tables with their mapping stubs, the
review page's data; and a gazetteer file to :class:`~graphtool.extract.records.Name`
records.

What ``graphtool extract REPORT... -o DIR`` writes (:func:`candidate_files`)::

    DIR/candidates/   every candidate in the import format (sources.csv, actors.csv,
                      organisations.csv, events.csv, relations.csv), each row cited to its
                      report and lines, with confidence and cue
    DIR/accepted/     instead of candidates/, with --accept-all: the same rows, all accepted
    DIR/tables/       <report>-table-N.tsv and its mapping stub <report>-table-N.toml
    DIR/review.html   the review page (written by graphtool.visual.review)

Tables are written tab-separated (``.tsv``, which the table loader's mapping format
takes) so that ``graphtool load DIR`` reads only the import files.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ReportUnreadable
from ..model import KINDS
from ..output import csv_text
from .gazetteer import Gazetteer
from .records import HIGH, Candidates, Membership, Name, Row
from .tables import table_files

#: Columns of each file extract writes, in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("id", "title", "file", "size", "sha256"),
    "actors": ("id", "name", "kind", "aliases", "note", "source", "locator", "confidence", "cue"),
    "organisations": ("id", "name", "kind", "aliases", "note", "source", "locator", "confidence", "cue"),
    "places": ("id", "name", "kind", "aliases", "note", "source", "locator", "confidence", "cue"),
    "topics": ("id", "name", "aliases", "note", "source", "locator", "confidence", "cue"),
    "events": ("id", "name", "kind", "date", "end_date", "note", "source", "locator", "confidence", "cue"),
    "relations": ("from", "type", "to", "role", "since", "note", "source", "locator", "confidence", "cue"),
}
#: The columns of a gazetteer file (``member_of`` is optional too).
GAZETTEER_COLUMNS = ("id", "label", "kind", "name", "aliases")
#: One item of a gazetteer file's ``member_of``: an id, then "since <date>", "until <date>".
_MEMBER_OF = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.:\-]*)(?:\s+since\s+(\S+))?(?:\s+until\s+(\S+))?$")
LABELS = ("Actor", "Organisation", "Event", "Place", "Topic")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")


def merged_rows(results: Sequence[Candidates]) -> dict[str, list[dict[str, str]]]:
    """Every import row of the reports by file; a new entity found in several reports is
    one row citing each."""
    out: dict[str, list[dict[str, str]]] = {f: [] for f in COLUMNS}
    nodes: dict[str, dict[str, str]] = {}
    for c in results:
        for row in c.rows():
            cells = dict(row.cells)
            if row.file in ("relations", "sources", "events"):
                out[row.file].append(cells)
                continue
            prior = nodes.get(cells["id"])
            if prior is None:
                nodes[cells["id"]] = cells
                out[row.file].append(cells)
            else:
                prior["source"] += ";" + cells["source"]
                prior["locator"] += ";" + cells["locator"]
                prior["confidence"] = max(prior["confidence"], cells["confidence"])
    return out


def csv_files(rows: dict[str, list[dict[str, str]]], folder: str) -> dict[str, str]:
    """The import files for ``rows`` (files without rows are left out)."""
    return {
        f"{folder}/{name}.csv": csv_text(
            COLUMNS[name], ([r.get(c, "") for c in COLUMNS[name]] for r in items), raw=True
        )
        for name, items in rows.items()
        if items
    }


def candidate_files(
    results: Sequence[Candidates], gazetteer: Gazetteer, *, accept_all: bool = False, dataset: str = ""
) -> dict[str, str]:
    """Every file ``graphtool extract`` writes into DIR but the review page, by path
    relative to DIR."""
    files = csv_files(merged_rows(results), "accepted" if accept_all else "candidates")

    def is_actor(text: str) -> tuple[str, str] | None:
        from .gazetteer import tokenize

        toks = tokenize(text)
        for m in gazetteer.find(toks):
            if m.start == 0 and m.end == len(toks):
                labels = {(e.name.label, e.name.kind or "") for e in m.entries}
                if len(labels) == 1:
                    label, kind = next(iter(labels))
                    if label in ("Actor", "Organisation"):
                        return label, kind
        return None

    for c in results:
        for t in c.tables:
            stem = f"{c.source.id}-table-{t.index}"
            for name, text in table_files(t, c.source.id, dataset or c.source.id, is_actor, stem).items():
                files[f"tables/{name}"] = text
    return files


def review_data(results: Sequence[Candidates], *, accepted: bool = False) -> dict[str, Any]:
    """What the review page shows, as plain JSON-able values."""
    facts: list[dict[str, Any]] = []
    entities: dict[str, dict[str, Any]] = {}
    sources: list[dict[str, str]] = []
    new_rows: dict[str, dict[str, Any]] = {}
    for c in results:
        sources.append(c.source.row().cells)
        for e in c.entities:
            prior = entities.get(e.id)
            if prior is None:
                entities[e.id] = {
                    "id": e.id,
                    "label": e.label,
                    "kind": e.kind,
                    "name": e.name,
                    "new": e.new,
                    "mentions": e.mentions,
                    "first": f"{c.source.id}: {e.first_locator}",
                    "confidence": e.confidence,
                    "cue": e.cue,
                    "aliases": list(e.new_aliases),
                }
            else:
                prior["mentions"] += e.mentions
                prior["aliases"] = list(dict.fromkeys(prior["aliases"] + list(e.new_aliases)))
            if e.row is not None:
                if e.id in new_rows:
                    new_rows[e.id]["cells"]["source"] += ";" + e.row.cells["source"]
                    new_rows[e.id]["cells"]["locator"] += ";" + e.row.cells["locator"]
                else:
                    new_rows[e.id] = {"file": e.row.file, "cells": dict(e.row.cells)}
        for f in c.facts:
            facts.append(
                {
                    "id": f"{c.source.id}:{f.id}",
                    "type": f.type,
                    "cue": f.cue,
                    "confidence": f.confidence,
                    "sentence": f.sentence,
                    "source": c.source.id,
                    "locator": f.locator,
                    "entities": list(f.entities),
                    "date": f.date,
                    "rows": [{"file": r.file, "cells": dict(r.cells)} for r in f.rows],
                    "needs": [e for e in f.entities if e in new_rows],
                }
            )
    return {
        "accepted": accepted,
        "high": HIGH,
        "columns": {k: list(v) for k, v in COLUMNS.items()},
        "sources": sources,
        "entities": sorted(entities.values(), key=lambda e: (-e["mentions"], e["id"])),
        "newRows": new_rows,
        "facts": facts,
    }


def entity_rows(results: Sequence[Candidates]) -> list[dict[str, Any]]:
    """One row per entity found per report, for the command's output."""
    return [
        {
            "source": c.source.id,
            "id": e.id,
            "label": e.label,
            "kind": e.kind,
            "name": e.name,
            "new": "new" if e.new else "",
            "mentions": e.mentions,
            "first": e.first_locator,
            "new_aliases": ";".join(e.new_aliases),
        }
        for c in results
        for e in c.entities
    ]


def read_gazetteer(path: Path | str) -> list[Name]:
    """A gazetteer file's names (see :func:`gazetteer_file`)."""
    return gazetteer_file(path)[0]


def gazetteer_file(path: Path | str) -> tuple[list[Name], list[Membership]]:
    """A gazetteer file: CSV with ``id``, ``label``, ``name`` and optional ``kind``,
    ``aliases`` (separated by ``;``) and ``member_of``: the ids of the nodes it is a full
    member of, separated by ``;``, each optionally with ``since <date>`` and ``until
    <date>`` ("sco since 2001;eurasec until 2015-01-01"), which let extraction read "SCO
    member states" as the SCO's members.

    Raises:
        ReportUnreadable: ``<file> line N: <reason>`` for the first problem.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ReportUnreadable(str(path), f"cannot read the gazetteer: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ReportUnreadable(str(path), "the gazetteer is not UTF-8 text; save it as UTF-8") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in ("id", "label", "name") if c not in header]
    if missing:
        raise ReportUnreadable(
            f"{path} line 1",
            f"missing column '{missing[0]}' (a gazetteer has the columns {','.join(GAZETTEER_COLUMNS)})",
        )
    names, members = [], []
    for n, raw in enumerate(reader, 2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        label, kind = row.get("label", ""), row.get("kind", "")
        if not row.get("id") or not _ID.match(row["id"]):
            raise ReportUnreadable(f"{path} line {n}", f"'id' is not an id: '{row.get('id', '')}'")
        if label not in LABELS:
            raise ReportUnreadable(
                f"{path} line {n}", f"unknown label '{label}' (one of: {', '.join(LABELS)})"
            )
        allowed = KINDS[label]
        if kind and allowed is not None and kind not in allowed:
            raise ReportUnreadable(
                f"{path} line {n}", f"unknown {label} kind '{kind}' (one of: {', '.join(allowed)})"
            )
        if not row.get("name"):
            raise ReportUnreadable(f"{path} line {n}", "empty 'name'")
        aliases = tuple(a.strip() for a in row.get("aliases", "").split(";") if a.strip())
        names.append(Name(row["id"], label, row["name"], kind or None, aliases))
        for item in (x.strip() for x in row.get("member_of", "").split(";")):
            m = _MEMBER_OF.match(item)
            if item and m is None:
                raise ReportUnreadable(
                    f"{path} line {n}",
                    f"'member_of' item '{item}' is not an id (with 'since <date>', 'until <date>' if known)",
                )
            if m is not None:
                members.append(
                    Membership(row["id"], m.group(1), "member", m.group(2) or "", m.group(3) or "")
                )
    return names, members


def memberships_from_rows(rows: Sequence[dict[str, Any]]) -> list[Membership]:
    """Membership records from the rows of the ``extract/memberships`` statement."""
    return [
        Membership(
            str(r["member"]),
            str(r["group"]),
            str(r.get("role") or ""),
            str(r.get("since") or ""),
            str(r.get("until") or ""),
        )
        for r in rows
        if r.get("member") and r.get("group")
    ]


def names_from_rows(rows: Sequence[dict[str, Any]]) -> list[Name]:
    """Name records from the rows of the ``extract/names`` statement."""
    return [
        Name(
            str(r["id"]),
            str(r["label"]),
            str(r["name"] or r["id"]),
            r.get("kind") or None,
            tuple(str(a) for a in (r.get("aliases") or ())),
        )
        for r in rows
        if r.get("id")
    ]


__all__ = [
    "COLUMNS",
    "Row",
    "candidate_files",
    "csv_files",
    "entity_rows",
    "gazetteer_file",
    "memberships_from_rows",
    "merged_rows",
    "names_from_rows",
    "read_gazetteer",
    "review_data",
]
