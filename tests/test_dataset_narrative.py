"""The narrative dataset (import/*-narrative.csv): facts from the running text of the five
source documents. Pure: reads the CSVs with the csv module (and the whole bundled folder
with graphtool.store.readers), no database, and does not read the source documents.

The expected answers are the ones the documents give; docs/dataset-narrative.md lists
them with their citations.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from graphtool.store.readers import read_paths

IMPORT = Path(__file__).resolve().parents[1] / "import"
STEMS = ("actors", "organisations", "events", "places", "topics", "relations")
MINE = [IMPORT / f"{s}-narrative.csv" for s in STEMS]

# Length in lines of each source's text file (docs/dataset-narrative.md), so that a
# locator can be checked without reading the documents.
DOC_LINES = {
    "irb-2015": 187,
    "sco-agenda-2011": 24,
    "fpri-2022": 1294,
    "eprs-2015": 241,
    "icg-2013": 1562,
}
LINES = re.compile(r"^lines? (\d+)(?:-(\d+))?$")
TABLE = re.compile(r"^appendix \d+, .+, row \d+( \(line \d+\))?$")
SIX = {"cn", "ru", "kz", "kg", "tj", "uz"}
Nodes = dict[str, dict[str, str]]
Rels = list[dict[str, str]]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def nodes() -> dict[str, dict[str, str]]:
    """Every node row of the bundled dataset (all files), by id."""
    out: dict[str, dict[str, str]] = {}
    for f in sorted(IMPORT.glob("*.csv")):
        stem = re.split(r"[-_.]", f.name, maxsplit=1)[0]
        if stem in STEMS[:-1]:
            for r in _read(f):
                out[r["id"]] = dict(r, _stem=stem)
    return out


@pytest.fixture(scope="module")
def rels() -> list[dict[str, str]]:
    """Every relation row of the bundled dataset (all files)."""
    return [r for f in sorted(IMPORT.glob("relations*.csv")) for r in _read(f)]


def _out(rels: list[dict[str, str]], start: str, type_: str, roles: set[str] | None = None) -> set[str]:
    return {
        r["to"]
        for r in rels
        if r["from"] == start and r["type"] == type_ and (roles is None or r["role"] in roles)
    }


def _in(rels: list[dict[str, str]], end: str, type_: str, roles: set[str] | None = None) -> set[str]:
    return {
        r["from"]
        for r in rels
        if r["to"] == end and r["type"] == type_ and (roles is None or r["role"] in roles)
    }


def resolve(nodes: dict[str, dict[str, str]], name: str) -> set[str]:
    """Ids of the nodes whose name or one of whose aliases is ``name`` (case-insensitive)."""
    key = name.casefold()
    return {
        nid
        for nid, r in nodes.items()
        if key == r["name"].casefold()
        or key in {a.strip().casefold() for a in r.get("aliases", "").split(";") if a.strip()}
    }


# ------------------------------------------------------------------------------ files


def test_whole_bundled_dataset_validates() -> None:
    ds = read_paths([IMPORT])
    mine = {str(p) for p in MINE}
    assert any(n.file in mine for n in ds.nodes)
    assert any(r.file in mine for r in ds.relations)


@pytest.mark.parametrize("path", MINE, ids=lambda p: p.name)
def test_every_row_is_cited_with_a_valid_locator(path: Path) -> None:
    rows = _read(path)
    assert rows, f"{path.name} is empty"
    for line, r in enumerate(rows, start=2):
        sources = [s.strip() for s in r["source"].split(";")]
        locators = [x.strip() for x in r["locator"].split(";")]
        assert sources and all(sources), f"{path.name} line {line}: no source"
        assert len(sources) == len(locators), f"{path.name} line {line}: source/locator lengths"
        for s, loc in zip(sources, locators):
            assert s in DOC_LINES, f"{path.name} line {line}: unknown document {s!r}"
            m = LINES.match(loc)
            if m is None:
                assert TABLE.match(loc), f"{path.name} line {line}: locator {loc!r}"
                continue
            a, b = int(m.group(1)), int(m.group(2) or m.group(1))
            assert 1 <= a <= b <= DOC_LINES[s], f"{path.name} line {line}: {loc!r} outside {s}"


def test_no_node_is_called_unknown(nodes: dict[str, dict[str, str]]) -> None:
    for path in MINE[:-1]:
        for r in _read(path):
            assert r["name"].strip().casefold() != "unknown", r["id"]
            assert "unknown" not in r["id"], r["id"]


def test_my_ids_do_not_shadow_other_files(nodes: dict[str, dict[str, str]]) -> None:
    seen: dict[str, str] = {}
    for f in sorted(IMPORT.glob("*.csv")):
        if f.name.startswith(("relations", "sources")):
            continue
        for r in _read(f):
            assert r["id"] not in seen, f"{r['id']} in {f.name} and {seen.get(r['id'])}"
            seen[r["id"]] = f.name


# ------------------------------------------------------------------------------ aliases


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Shanghai Cooperation Organization", "sco"),
        ("Shanghai Cooperation Organisation", "sco"),
        ("SCO", "sco"),
        ("Regional Anti-Terrorist Structure", "rats"),
        ("Regional Anti-Terrorism Structure", "rats"),
        ("Shanghai Five Forum", "shanghai-five"),
        ("'Shanghai Five' mechanism", "shanghai-five"),
        ("Eastern Turkistan Islamic Movement", "etim"),
        ("East Turkestan Islamic Movement", "etim"),
        ("ETIM", "etim"),
        ("East Turkistan Movement", "east-turkestan-movement"),
        ("Collective Security Treaty Organisation", "csto"),
        ("EEU", "eaeu"),
        ("Peaceful Mission-2014", "fpri-a2-08"),  # irb-2015's spelling of the appendix 2 event
        ("Rahmon", "tj-emomali-rakhmon"),
        ("C+C5", "c-c5"),
    ],
)
def test_alias_resolution(nodes: dict[str, dict[str, str]], name: str, expected: str | None) -> None:
    found = resolve(nodes, name)
    assert found == ({expected} if expected else set())


# ------------------------------------------------------------------------------ analyst questions


def test_sco_founding_year_place_and_founders(
    nodes: dict[str, dict[str, str]], rels: list[dict[str, str]]
) -> None:
    assert nodes["sco"]["founded"] == "2001-06-15"
    founders = {
        r["from"]
        for r in rels
        if r["to"] == "sco" and r["type"] == "MEMBER_OF" and r["role"] == "founding member"
    }
    assert founders == SIX
    assert {r["since"] for r in rels if r["to"] == "sco" and r["role"] == "founding member"} == {"2001"}
    founding = _in(rels, "sco", "RELATED_TO", {"founding of"})
    assert founding == {"founding-2001-06-15-sco"}
    assert _out(rels, "founding-2001-06-15-sco", "HELD_IN") == {"place-shanghai"}
    # the predecessor and its five founders
    assert _out(rels, "sco", "SUCCESSOR_OF") == {"shanghai-five"}
    assert _in(rels, "shanghai-five", "MEMBER_OF", {"founding member"}) == SIX - {"uz"}


def test_sco_members_observers_and_partners(rels: list[dict[str, str]]) -> None:
    members = _in(rels, "sco", "MEMBER_OF", {"member", "founding member"})
    assert members == SIX | {"in", "pk"}  # India and Pakistan joined later (fpri-2022)
    assert _in(rels, "sco", "MEMBER_OF", {"observer"}) == {"af", "in", "ir", "mn", "pk"}
    assert _in(rels, "sco", "MEMBER_OF", {"dialogue partner"}) == {"by", "lk"}
    assert _in(rels, "sco", "MEMBER_OF", {"guest"}) == {"af", "cis", "asean"}
    af = [r for r in rels if r["from"] == "af" and r["to"] == "sco" and r["role"] == "observer"]
    assert [r["since"] for r in af] == ["2012-06"]


def test_where_rats_sits(nodes: dict[str, dict[str, str]], rels: list[dict[str, str]]) -> None:
    assert _out(rels, "rats", "PART_OF") == {"sco"}
    assert _out(rels, "rats", "LOCATED_IN") == {"place-tashkent", "uz"}
    assert _out(rels, "place-tashkent", "LOCATED_IN") == {"uz"}
    # the founding year is disputed: both dates are kept, each with its citation
    years = {
        nodes[e]["date"][:4]: nodes[e]["source"] for e in _in(rels, "rats", "RELATED_TO", {"founding of"})
    }
    assert years == {"2004": "irb-2015;eprs-2015;fpri-2022", "2002": "icg-2013"}


def test_organisations_kyrgyzstan_belongs_to(
    nodes: dict[str, dict[str, str]], rels: list[dict[str, str]]
) -> None:
    orgs = {
        o
        for o in _out(rels, "kg", "MEMBER_OF", {"member", "founding member"})
        if nodes[o]["_stem"] == "organisations"
    }
    assert orgs == {
        "sco",
        "shanghai-five",
        "csto",
        "eurasec",
        "osce",
        "cica",
        "nato-pfp",
        "c-c5",
        "lianyungang-forum",
        "cn-kg-cross-departmental-mechanism",
    }
    assert _out(rels, "kg", "MEMBER_OF", {"applicant"}) == {"customs-union"}
    # EPRS table 2 leaves Kyrgyzstan's EEU cell blank: no membership is invented
    assert "eaeu" not in _out(rels, "kg", "MEMBER_OF")


def test_groups_targeted(rels: list[dict[str, str]]) -> None:
    # through the exercises the SCO and its RATS organised
    sco_events = _out(rels, "sco", "PARTICIPATED_IN") | _out(rels, "rats", "PARTICIPATED_IN")
    targeted = {r["to"] for r in rels if r["type"] == "TARGETS" and r["from"] in sco_events}
    assert targeted == {"east-turkestan-movement"}
    # designated terrorist by Kyrgyzstan's Supreme Court in 2003 (fpri-2022)
    designated = [r for r in rels if r["from"] == "kg-supreme-court" and r["type"] == "TARGETS"]
    assert {r["to"] for r in designated} == {"etim", "tip", "etlo"}
    assert {r["since"] for r in designated} == {"2003"}
    assert "east-turkestan-movement" in _out(rels, "cn", "TARGETS", {"opposes"})


def test_summits_host_cities(nodes: dict[str, dict[str, str]], rels: list[dict[str, str]]) -> None:
    summits = {nid for nid, r in nodes.items() if r["_stem"] == "events" and r["kind"] == "summit"}
    where = {s: _out(rels, s, "HELD_IN") for s in summits}
    by_year = {nodes[s]["date"][:4]: w for s, w in where.items() if w}
    assert by_year["2011"] == {"place-astana"}
    assert by_year["2012"] == {"place-beijing"}
    assert by_year["2013"] == {"place-bishkek"}
    assert by_year["2015"] == {"place-ufa"}
    assert by_year["2018"] == {"place-qingdao"}
    assert _in(rels, "summit-2015-07-ufa", "PARTICIPATED_IN", {"host"}) == {"ru"}


def test_peace_mission_2014_uses_the_table_event(rels: list[dict[str, str]]) -> None:
    """The named exercise is appendix 2, row 8; the narrative adds its participants."""
    mine = _read(IMPORT / "relations-narrative.csv")
    participants = {r["from"] for r in mine if r["to"] == "fpri-a2-08" and r["type"] == "PARTICIPATED_IN"}
    assert {"cn", "kg", "sco"} <= participants
    # Pakistan and India at Chebarkul 2018 and Xiamen 2017, blank in the table
    for event in ("fpri-a2-02", "fpri-a2-03"):
        assert {"pk", "in"} <= {r["from"] for r in mine if r["to"] == event}
    events = _read(IMPORT / "events-narrative.csv")
    assert not [e for e in events if "peace mission" in e["name"].casefold()]
