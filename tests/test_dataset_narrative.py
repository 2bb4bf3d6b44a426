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
STEMS = ("actors", "organisations", "events", "places", "topics", "claims", "relations")
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
TABLE = re.compile(r"^appendix \d+, (.+, )?row \d+( \(line \d+\))?$")
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
    # the 2011 Kashgar exercise: the East Turkestan Movement in its scenario (fpri-2022),
    # "focused on the Uyghurs" (irb-2015)
    assert targeted == {"east-turkestan-movement", "uyghurs"}
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


# ------------------------------------------------------------------------------ second pass (issue 13)

ALIASES = [
    # every spelling the documents print finds its one node
    ("Ili", "place-ili-valley"),
    ("Ili River valley", "place-ili-valley"),
    ("Badakhshan", "place-badakhshan"),
    ("Gorno-Badakhshan", "place-badakhshan"),
    ("GBAO", "place-badakhshan"),
    ("Kulob", "place-kulob"),
    ("Kulyob", "place-kulob"),
    ("China-Central Asia Gas Pipeline", "project-china-central-asia-gas-pipeline"),
    ("Turkmenistan-China gas pipeline", "project-china-central-asia-gas-pipeline"),
    ("External Security Commissioner of the Foreign Ministry", "cn-office-external-security-commissioner"),
    ("Special Representative of External Security Issues of the Ministry of Foreign Affairs",
     "cn-office-external-security-commissioner"),
    ("Foreign Security Affairs Commissioner of the Ministry of Foreign Affairs",
     "cn-office-external-security-commissioner"),
    ("East Turkestan Movement", "east-turkestan-movement"),
    ("RATS", "rats"),
    ("Afghanistan", "af"),
    ("Peaceful Mission-2014", "fpri-a2-08"),
    ("Central Military Council", "cn-cmc"),
    ("People's Republic of China", "cn"),
    ("Chinese army", "cn-pla"),
    ("GKNB", "kg-gknb"),
    ("SCNS", "tj-scns"),
    ("Uyghurs", "uyghurs"),
    ("Uighurs", "uyghurs"),
    ("Silk Road Economic Belt", "project-2013-silk-road-economic-belt"),
    ("Belt and Road Initiative", "project-2013-belt-and-road-initiative"),
    ("Dilbirim Samasakova", "person-bilirim-samsakova"),
]


@pytest.mark.parametrize(("name", "expected"), ALIASES)
def test_printed_spellings_find_their_one_node(nodes: Nodes, name: str, expected: str) -> None:
    assert resolve(nodes, name) == {expected}


def test_merged_duplicates_are_gone(nodes: Nodes, rels: Rels) -> None:
    gone = {"place-ili", "place-gorno-badakhshan", "project-turkmenistan-china-gas-pipeline",
            "cn-office-mfa-special-rep-external-security", "topic-east-turkestan-movement", "topic-rats",
            "topic-afghanistan"}
    assert not gone & set(nodes)
    assert not gone & {r[k] for r in rels for k in ("from", "to")}
    # the belt and the BRI are linked as the documents relate them: both Chinese, both
    # 2013; that the belt is part of the BRI is marked as inferred
    belt = "project-2013-silk-road-economic-belt"
    (link,) = [r for r in rels if r["from"] == belt and r["type"] == "PART_OF"]
    assert (link["to"], link["inferred"]) == ("project-2013-belt-and-road-initiative", "true")
    assert link["inference"]


def test_names_are_the_documents_own(nodes: Nodes) -> None:
    """No name the documents do not print (checked against the texts in
    test_dataset_sources.py); the first pass's expansion of GKNB and SCNS is gone."""
    assert not [n for n, r in nodes.items() if "State Committee for National Security" in r["name"]]
    assert nodes["kg-gknb"]["name"] == "GKNB (Kyrgyzstan)"
    assert nodes["tj-scns"]["name"] == "SCNS (Tajikistan)"


def _members(rels: Rels, org: str) -> list[tuple[str, str, str, str]]:
    return sorted((r["from"], r["role"], r["since"], r["until"])
                  for r in rels if r["type"] == "MEMBER_OF" and r["to"] == org)


def test_each_status_is_one_period_with_its_dates(rels: Rels) -> None:
    sco = _members(rels, "sco")
    # one relationship per status; the six founders have no second, undated 'member' edge
    assert len(sco) == len(set((m, role) for m, role, _, _ in sco))
    assert {(m, s) for m, role, s, _ in sco if role == "founding member"} == {(x, "2001") for x in SIX}
    assert {role for m, role, _, _ in sco if m == "in"} == {"observer", "applicant", "member"}
    # the Shanghai Five was in place 1996-2001 (eprs-2015 line 41)
    five = sorted(SIX - {"uz"})
    assert _members(rels, "shanghai-five") == [(x, "founding member", "1996", "2001") for x in five]
    # EurAsEC replaced by the EEU as of 1 January 2015 (eprs-2015 line 152)
    assert {u for _, _, _, u in _members(rels, "eurasec")} == {"2015-01-01"}
    assert {s for _, _, s, _ in _members(rels, "eaeu")} == {"2015-01-01"}
    # a date the documents do not give is not made up: India's accession is undated
    (india,) = [r for r in rels if r["from"] == "in" and r["to"] == "sco" and r["role"] == "member"]
    assert india["since"] == "" and "no document dates the accession" in india["note"]


def test_turkmenistan_is_stated_not_to_be_a_member(rels: Rels) -> None:
    assert "sco" not in _out(rels, "tm", "MEMBER_OF")
    assert {"sco", "lianyungang-forum"} <= _out(rels, "tm", "RELATED_TO", {"not a member"})
    assert _out(rels, "cn", "RELATED_TO", {"not a member"}) == {"csto", "eurasec", "eaeu", "osce", "nato-pfp"}


def test_the_inverted_citation_is_gone(rels: Rels) -> None:
    """icg-2013 line 1400 says Uzbekistan has *not* taken part since 2007: it supports no
    participation, only the claim that disagrees with the FPRI table."""
    cited = [r for r in rels if "icg-2013" in r["source"] and "line 1400" in r["locator"].split(";")]
    assert {(r["from"], r["type"]) for r in cited} == {
        ("claim-uz-no-exercises-since-2007", "ABOUT"), ("claim-uz-no-exercises-since-2007", "CONTRADICTS")}
    mine = _read(IMPORT / "relations-narrative.csv")
    (debut,) = [r for r in mine if (r["from"], r["type"], r["to"]) == ("uz", "PARTICIPATED_IN", "fpri-a2-14")]
    assert (debut["source"], debut["locator"]) == ("fpri-2022", "line 333")


_CLAIM = re.compile(r"`(claim-[a-z0-9-]+)`")


def _doc_disagreements() -> list[list[str]]:
    """The claim ids of each numbered item of the disagreement list in dataset-narrative.md."""
    text = (IMPORT.parent / "docs" / "dataset-narrative.md").read_text(encoding="utf-8")
    section = text.split("## Where the documents disagree", 1)[1].split("\n## ", 1)[0]
    items = re.split(r"\n(?=\d+\. \*\*)", section)[1:]
    return [_CLAIM.findall(item) for item in items]


def test_every_disagreement_in_the_docs_is_a_pair_of_cited_claims(nodes: Nodes, rels: Rels) -> None:
    items = _doc_disagreements()
    assert len(items) == 30
    contradicts = {frozenset((r["from"], r["to"])) for r in rels if r["type"] == "CONTRADICTS"}
    for ids in items:
        assert len(ids) >= 2, ids
        # each item names at least one pair, and every claim it names is in a pair
        assert any(frozenset((a, b)) in contradicts for a in ids for b in ids), ids
        assert set(ids) <= {c for pair in contradicts for c in pair}, ids
    named = {c for ids in items for c in ids}
    assert named == {c for pair in contradicts for c in pair}  # no pair the docs leave out
    for cid in named:
        claim = nodes[cid]
        assert claim["_stem"] == "claims" and claim["source"] and claim["locator"]
        assert _out(rels, cid, "ABOUT"), cid


def test_three_evils_terms_enter_the_talks(nodes: Nodes, rels: Rels) -> None:
    """fpri-2022 line 160: anti-terrorism terms first at head-of-state meetings with
    Kyrgyzstan and Kazakhstan in 1998, anti-extremism in 2000."""
    terror = nodes["statement-1998-anti-terrorism-terms"]
    assert terror["date"] == "1998" and _in(rels, terror["id"], "PARTICIPATED_IN") == {"cn"}
    # the meetings: the tables' two 1998 presidents' meetings (a match, marked inferred)
    assert _out(rels, terror["id"], "RELATED_TO") == {"fpri-a1-kg-72", "fpri-a1-kz-46"}
    assert "topic-terrorism" in _out(rels, terror["id"], "CONCERNS")
    assert nodes["statement-2000-anti-extremism-term"]["date"] == "2000"
    assert "topic-extremism" in _out(rels, "statement-2000-anti-extremism-term", "CONCERNS")


def _visited(rels: Rels, tour: str) -> set[str]:
    """The states a tour's visits took the leader to (the hosts of its parts; a visit the
    tables hold is that row, whose Central Asian side is the state's president)."""
    visits = _in(rels, tour, "PART_OF")
    hosts = {h for v in visits for h in _in(rels, v, "PARTICIPATED_IN", {"host"})}
    return hosts | {v.split("-")[2] for v in visits if v.startswith("fpri-a1-")}


def test_leaders_visits(nodes: Nodes, rels: Rels) -> None:
    """icg-2013 footnote 12: Li Peng visited every Central Asian state but Tajikistan, in
    civil war, in 1994; Jiang Zemin Uzbekistan, Kyrgyzstan and Kazakhstan in July 1996."""
    assert _visited(rels, "other-1994-li-peng-tour") == {"kz", "kg", "uz", "tm"}
    assert _out(rels, "other-1994-li-peng-tour", "RELATED_TO") == {"other-1992-tajikistan-civil-war"}
    assert _visited(rels, "other-1996-07-jiang-zemin-tour") == {"uz", "kg", "kz"}
    assert _out(rels, "cn-li-peng", "HOLDS") == {"cn-office-premier"}
    # a visit the tables already hold is not a second meeting: Li Peng joins that row
    assert "fpri-a1-kz-50" in _out(rels, "cn-li-peng", "PARTICIPATED_IN")
    assert not [e for e in _out(rels, "cn-li-peng", "PARTICIPATED_IN") if e.endswith("kazakhstan")]


def test_crises_the_documents_tie_to_security_cooperation(nodes: Nodes, rels: Rels) -> None:
    where = {
        "other-2005-05-andijan": ("2005-05", "place-andijan"),
        "other-2008-russia-georgia-war": ("2008", "ge"),
        "other-2009-xinjiang-riots": ("2009", "place-xinjiang"),
        "other-2014-isaf-withdrawal-afghanistan": ("2014", "af"),
        "other-2014-russia-annexation-crimea": ("2014", "place-crimea"),
        "other-2020-10-bishkek-state-of-emergency": ("2020-10", "place-bishkek"),
        "other-2022-kazakhstan-unrest": ("2022", "kz"),
    }
    for eid, (date, place) in where.items():
        assert (nodes[eid]["date"], _out(rels, eid, "HELD_IN")) == (date, {place}), eid
    revolutions = _in(rels, "topic-colour-revolutions", "CONCERNS")
    assert {"other-2003-georgia-colour-revolution", "other-2004-ukraine-colour-revolution",
            "other-2005-kyrgyzstan-tulip-revolution", "meeting-2020-c5-foreign-ministers"} == revolutions
    # the SCO declaration of 2005 came in their wake (eprs-2015 footnote 7)
    assert len(_out(rels, "statement-2005-sco-summit-declaration", "RELATED_TO", {"in the wake of"})) == 3


def test_the_uyghurs_are_an_actor_and_their_returns_are_recorded(nodes: Nodes, rels: Rels) -> None:
    assert (nodes["uyghurs"]["_stem"], nodes["uyghurs"]["kind"]) == ("actors", "group")
    targeted = _out(rels, "uyghurs", "PARTICIPATED_IN", {"target"})
    returned = {e for e in targeted if "cn" in _in(rels, e, "PARTICIPATED_IN", {"recipient"})}
    assert returned == {"other-kg-returns-uyghur-refugees", "other-uyghur-forced-returns"}
    assert "kg" in _in(rels, "other-kg-returns-uyghur-refugees", "PARTICIPATED_IN")
    # Kazakhstan: Ershidin Israil, an ethnic Uighur, returned to China (sco-agenda-2011)
    assert _out(rels, "person-ershidin-israil", "PART_OF") == {"uyghurs"}
    assert _in(rels, "other-2011-05-30-kz-return-ershidin-israil", "PARTICIPATED_IN") == {
        "kz", "cn", "person-ershidin-israil"}
    murders = _in(rels, "attack-uyghur-leaders-murders", "PART_OF")
    murdered = {p for m in murders for p in _in(rels, m, "PARTICIPATED_IN", {"target"})}
    assert len(murders) == len(murdered) == 4
    assert all("uyghurs" in _out(rels, p, "PART_OF") for p in murdered)


def test_sino_russian_partnership_and_rivalry(rels: Rels) -> None:
    links = {(r["role"], r["since"]) for r in rels if r["from"] == "cn" and r["to"] == "ru"}
    assert links == {("strategic partnership", "1996"), ("rivalry", "")}


def test_trade_figures_with_their_years(nodes: Nodes, rels: Rels) -> None:
    trade = {nid: r for nid, r in nodes.items() if r.get("kind") == "trade"}
    assert len(trade) == 13
    fpri = [trade[f"trade-{y}-cn-central-asia"]["summary"] for y in (1991, 2002, 2013)]
    assert fpri == ["$463 million", "$2.3 billion", "$50.2 billion"]
    # 2012: China's largest trade with Kazakhstan (eprs-2015 table 1)
    by_state = {nid[-2:]: float(re.search(r"[\d.]+", r["summary"]).group()) for nid, r in trade.items()
                if nid.startswith("trade-2012-")}
    assert max(by_state, key=by_state.__getitem__) == "kz" and by_state["kz"] == 25.6
    assert _in(rels, "trade-2012-cn-tm", "PARTICIPATED_IN", {"party"}) == {"cn", "tm"}


def test_the_pipeline_is_one_node_completed_in_2009(nodes: Nodes, rels: Rels) -> None:
    pipeline = nodes["project-china-central-asia-gas-pipeline"]
    assert pipeline["end_date"] == "2009" and set(pipeline["source"].split(";")) == {"fpri-2022", "icg-2013"}
    assert _in(rels, pipeline["id"], "PARTICIPATED_IN") == {"cn", "tm"}


def test_the_text_against_tables_rows_name_their_claim_pairs(rels: Rels) -> None:
    """Each row of dataset-tables.md's text-against-tables table either says consistent
    or names a CONTRADICTS pair; each claim it names is in the graph's pairs."""
    text = (IMPORT.parent / "docs" / "dataset-tables.md").read_text(encoding="utf-8")
    section = text.split("## The report's text against its tables", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    contradicts = {frozenset((r["from"], r["to"])) for r in rels if r["type"] == "CONTRADICTS"}
    assert len(rows) == 14
    for row in rows:
        ids = _CLAIM.findall(row)
        if "consistent" in row:
            assert not ids, row
        else:
            assert len(ids) == 2 and frozenset(ids) in contradicts, row
