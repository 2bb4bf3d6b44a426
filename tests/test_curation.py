"""The curation tables of the FPRI extractor (tools/curation/) are well-formed data.

Pure: reads the data files and loads them the way tools/extract_fpri_tables.py does;
it does not read the source documents (the byte-for-byte rerun is done by hand, see
docs/dataset-tables.md).
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"
CURATION = TOOLS / "curation"
CSV_FILES = sorted(CURATION.glob("*.csv"))


def extractor():
    spec = importlib.util.spec_from_file_location("extract_fpri_tables", TOOLS / "extract_fpri_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", CSV_FILES, ids=[p.name for p in CSV_FILES])
def test_every_line_has_the_header_s_columns(path: Path) -> None:
    lines = [
        (n, line)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    rows = list(csv.reader([line for _, line in lines]))
    header = rows[0]
    assert len(set(header)) == len(header)
    bad = [f"{path.name} line {n}" for (n, _), row in zip(lines[1:], rows[1:]) if len(row) != len(header)]
    assert not bad, f"wrong number of fields (expected {len(header)}): {bad}"
    assert len(rows) > 1, f"{path.name} has no rows"


def test_the_tables_load_and_refer_to_what_they_define() -> None:
    x = extractor()
    assert sum(x.EXPECTED_ROWS.values()) == 440
    ids = [s["id"] for s in x.SOURCES]
    assert ids == ["irb-2015", "sco-agenda-2011", "fpri-2022", "eprs-2015", "icg-2013"]
    actors = set(x.ACTORS) | set(x.STATES) | {f"{s}-{suffix}" for s in x.STATES for suffix in x.CA_GENERIC}
    places = set(x.PLACES) | set(x.STATES)
    for aid, (_name, _kind, parent, _note) in x.ACTORS.items():
        assert parent is None or parent in actors, aid
    assert set(x.ACTOR_LOCATED_IN.values()) <= places | actors
    assert set(x.EXTRA_ALIASES) <= actors
    for _name, _kind, located, _aliases in x.PLACES.values():
        assert set(located) <= places
    assert set(x.CA_NON_OFFICE.values()) | set(x.CN_NON_OFFICE.values()) <= actors
    assert {o for offices in x.CN_RAW.values() for o in offices} <= set(x.CN_OFFICES)
    assert {c for c, _ in x.CA_RAW.values()} <= set(x.CA_OFFICES) | set(x.CA_NON_OFFICE)
    located = {*x.A2_LOCATIONS.values(), *x.A3_LOCATIONS.values(), *x.BORDER_PLACE.values()}
    assert located <= places
    assert set(x.A2_ROWS) == set(range(1, 17)) and set(x.A6_ROWS) == {1, 2, 3}
    for spec in x.A4_ROWS.values():
        assert {"label", "roles", "topics"} <= set(spec), spec


def test_links_names_and_inferences_refer_to_what_exists() -> None:
    """Agenda links end at the listed narrative nodes; other printed names belong to an
    actor or place of the tables; inferred PART_OF reasons belong to links that exist."""
    x = extractor()
    assert {node for _type, node, _role in x.AGENDA_LINKS.values()} <= set(x.NARRATIVE_IDS)
    assert set(x.AGENDA_LINKS) <= {t for tags in x.AGENDA_TOPICS.values() for t in tags}
    actors = set(x.ACTORS) | set(x.STATES) | {f"{s}-{suffix}" for s in x.STATES for suffix in x.CA_GENERIC}
    offices = {"cn-office-external-security-commissioner"}
    assert set(x.NODE_NAMES) <= actors | set(x.PLACES) | offices
    sources = {s["id"] for s in x.SOURCES}
    assert all(doc in sources for passages in x.NODE_NAMES.values() for doc, _loc, _names in passages)
    for aid in x.ACTOR_PART_OF_INFERENCE:
        assert x.ACTORS[aid][2] is not None, aid
    for side, title in x.OFFICE_INFERENCE:
        assert title in (x.CN_OFFICES if side == "cn" else x.CA_OFFICES), title
