"""Direct ties (``TIED_TO``): the ``weight`` and ``directed`` columns of graphtool's CSV
format, their exact error messages, one fact per undirected tie, and ties in the actor
network under every filter (pure, no database)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graphtool.errors import InvalidImportFile
from graphtool.model import parse_weight, rel_key, tie_ends, weight_problem
from graphtool.projection import EventRow, Filters, Participation, TieRow, actor_edges, actor_network
from graphtool.store.readers.csvfiles import read_paths

SOURCES = "id,title\ndoc,A document\n"
ACTORS = (
    "id,name,kind,source,locator\n"
    "a,Alpha,person,doc,row 1\nb,Beta,person,doc,row 2\nc,Gamma,group,doc,row 3\n"
)
NOT_A_NUMBER = "'weight' is not a number: '{}' (write it in the digits 0-9, e.g. 2 or 0.5)"


def write(folder: Path, relations: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.csv").write_text(SOURCES, encoding="utf-8")
    (folder / "actors.csv").write_text(ACTORS, encoding="utf-8")
    (folder / "relations.csv").write_text(relations, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(InvalidImportFile) as info:
        read_paths([folder])
    return [str(p) for p in info.value.problems]


def ties(folder: Path) -> dict[str, dict]:
    return {r.key: {"start": r.start, "end": r.end, **r.props} for r in read_paths([folder]).relations}


def test_an_undirected_tie_from_either_end_is_one_fact_with_both_citations(tmp_path: Path) -> None:
    folder = write(
        tmp_path,
        "from,type,to,weight,source,locator\n"
        "b,TIED_TO,a,2.5,doc,row 7\n"
        "a,TIED_TO,b,2.5,doc,row 9\n"
        "a,TIED_TO,c,,doc,row 8\n",
    )
    found = ties(folder)
    assert found == {
        "a|TIED_TO|b||": {
            "start": "a", "end": "b", "key": "a|TIED_TO|b||", "weight": 2.5, "directed": False,
            "sources": ["doc", "doc"], "locators": ["row 7", "row 9"],
        },
        "a|TIED_TO|c||": {
            "start": "a", "end": "c", "key": "a|TIED_TO|c||", "weight": 1, "directed": False,
            "sources": ["doc"], "locators": ["row 8"],
        },
    }


def test_directed_ties_keep_their_direction_and_are_facts_of_their_own(tmp_path: Path) -> None:
    folder = write(
        tmp_path,
        "from,type,to,weight,directed,source,locator\n"
        "b,TIED_TO,a,3,true,doc,row 1\n"
        "a,TIED_TO,b,1,TRUE,doc,row 2\n"
        "b,TIED_TO,a,4,false,doc,row 3\n",
    )
    found = ties(folder)
    assert sorted(found) == ["a|TIED_TO|b||", "a|TIED_TO|b|||directed", "b|TIED_TO|a|||directed"]
    assert found["b|TIED_TO|a|||directed"]["weight"] == 3 and found["b|TIED_TO|a|||directed"]["directed"]
    assert (found["a|TIED_TO|b||"]["start"], found["a|TIED_TO|b||"]["weight"]) == ("a", 4)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("a,TIED_TO,b,abc,,doc,r", NOT_A_NUMBER.format("abc")),
        ("a,TIED_TO,b,\u0662,,doc,r", NOT_A_NUMBER.format("\u0662")),
        ("a,TIED_TO,b,\uff11,,doc,r", NOT_A_NUMBER.format("\uff11")),
        ("a,TIED_TO,b,1_000,,doc,r", NOT_A_NUMBER.format("1_000")),
        ("a,TIED_TO,b,nan,,doc,r", NOT_A_NUMBER.format("nan")),
        ("a,TIED_TO,b,inf,,doc,r", NOT_A_NUMBER.format("inf")),
        ("a,TIED_TO,b,1e999,,doc,r", "'weight' is not finite: '1e999'"),
        ("a,TIED_TO,b,0,,doc,r", "'weight' must be positive: '0'"),
        ("a,TIED_TO,b,-2,,doc,r", "'weight' must be positive: '-2'"),
        ("a,TIED_TO,b,1e-999,,doc,r", "'weight' must be positive: '1e-999'"),
        ("a,TIED_TO,b,1,yes,doc,r", "'directed' is not true or false: 'yes'"),
        ("a,RELATED_TO,b,2,,doc,r", "'weight' applies only to TIED_TO relationships, not RELATED_TO"),
        ("a,RELATED_TO,b,,true,doc,r", "'directed' applies only to TIED_TO relationships, not RELATED_TO"),
    ],
)
def test_each_bad_weight_or_direction_names_file_line_and_reason(
    tmp_path: Path, row: str, reason: str
) -> None:
    folder = write(tmp_path, f"from,type,to,weight,directed,source,locator\n{row}\n")
    assert problems(folder) == [f"{folder / 'relations.csv'} line 2: {reason}"]


def test_both_bad_columns_of_one_row_are_reported(tmp_path: Path) -> None:
    folder = write(tmp_path, "from,type,to,weight,directed,source,locator\na,TIED_TO,b,0,maybe,doc,r\n")
    where = f"{folder / 'relations.csv'} line 2"
    assert problems(folder) == [
        f"{where}: 'weight' must be positive: '0'",
        f"{where}: 'directed' is not true or false: 'maybe'",
    ]


def test_one_tie_stated_with_two_weights_is_a_contradiction(tmp_path: Path) -> None:
    folder = write(
        tmp_path, "from,type,to,weight,source,locator\na,TIED_TO,b,2,doc,row 1\nb,TIED_TO,a,3,doc,row 2\n"
    )
    path = folder / "relations.csv"
    assert problems(folder) == [
        f"{path} line 3: weight 3 contradicts weight 2 of the same tie in {path} line 2"
    ]


def test_ties_join_only_actors_and_organisations(tmp_path: Path) -> None:
    folder = write(tmp_path, "from,type,to,source,locator\na,TIED_TO,doc,doc,r\n")
    why = "TIED_TO cannot end at Source 'doc' (allowed: Actor, Organisation)"
    assert problems(folder) == [f"{folder / 'relations.csv'} line 2: {why}"]


def test_weight_parsing_and_keys() -> None:
    assert parse_weight("7") == 7 and isinstance(parse_weight("7"), int)
    assert parse_weight("0.1") == 0.1 and parse_weight("1e3") == 1000.0
    assert parse_weight("99999999999999999999") == 1e20  # past a 64-bit integer: a float
    assert weight_problem(".5") is None and weight_problem("5.") is None
    with pytest.raises(ValueError, match="must be positive"):
        parse_weight("-0")
    assert tie_ends("z", "a") == ("a", "z") and tie_ends("z", "a", True) == ("z", "a")
    assert rel_key("a", "TIED_TO", "b", "kin", "1430") == "a|TIED_TO|b|kin|1430"


# -- ties in the actor network (pure: built from rows) ------------------------------------
def _participation(**filters: object) -> Participation:
    """cn, kg and tj are states; kg-mia is PART_OF kg, kg-gkns PART_OF kg too.

    ev1 (2012): cn, kg-mia.   Ties: cn - kg-mia weight 2.5 (since 2015),
    kg-mia -> tj directed weight 2 and tj -> kg-mia directed weight 1 (undated),
    kg-mia - kg-gkns weight 4 (within kg), imu (a group) - tj weight 1."""
    actors = {
        a: {"id": a, "name": a.upper(), "kind": kind}
        for a, kind in [("cn", "state"), ("kg", "state"), ("tj", "state"), ("kg-mia", "agency"),
                        ("kg-gkns", "agency"), ("imu", "group")]
    }
    events = [EventRow("ev1", "meeting", 2012, {"id": "ev1", "name": "Meeting", "year": 2012},
                       (("cn", "host", ["doc"], ["p. 1"]), ("kg-mia", "guest", ["doc"], ["p. 1"])))]
    links = [("kg-mia", "PART_OF", "kg"), ("kg-gkns", "PART_OF", "kg")]
    ties = [
        TieRow("cn", "kg-mia", 2.5, False, {"since": "2015", "sources": ["doc"], "locators": ["p. 2"]}),
        TieRow("kg-mia", "tj", 2, True, {"role": "trains", "sources": ["doc"], "locators": ["p. 3"]}),
        TieRow("tj", "kg-mia", 1, True, {"sources": ["doc2"], "locators": ["p. 9"]}),
        TieRow("kg-gkns", "kg-mia", 4, False, {"sources": ["doc"], "locators": ["p. 4"]}),
        TieRow("imu", "tj", 1, False, {"sources": ["doc"], "locators": ["p. 5"]}),
    ]
    return Participation(actors, events, links, True, Filters(**filters), ties)  # type: ignore[arg-type]


def _weights(G: nx.Graph) -> dict[tuple[str, str], float]:
    return {tuple(sorted((u, v))): w for u, v, w in G.edges(data="weight")}


def test_ties_add_their_weights_to_the_shared_events() -> None:
    G = actor_network(_participation())
    assert _weights(G) == {
        ("cn", "kg-mia"): 1 + 2.5,  # one shared event and a tie of weight 2.5
        ("kg-mia", "tj"): 2 + 1,  # a directed tie each way: both add up
        ("kg-gkns", "kg-mia"): 4,
        ("imu", "tj"): 1,
    }
    d = G.edges["cn", "kg-mia"]
    assert [e["id"] for e in d["events"]] == ["ev1"]
    assert d["ties"] == [{"from": "cn", "to": "kg-mia", "weight": 2.5, "directed": False, "since": "2015",
                          "sources": ["doc"], "locators": ["p. 2"]}]
    both = G.edges["kg-mia", "tj"]
    assert [(t["from"], t["to"], t["directed"]) for t in both["ties"]] == [
        ("kg-mia", "tj", True), ("tj", "kg-mia", True)
    ]
    # The ties' citations are the edge's own, for pages and exports.
    assert (both["sources"], both["locators"]) == (["doc", "doc2"], ["p. 3", "p. 9"])
    assert _weights(actor_edges(_participation()).to_networkx()) == _weights(G)


#: The ties' weights, unfiltered (the shared event ev1 adds 1 to cn - kg-mia).
TIES = {("cn", "kg-mia"): 2.5, ("kg-mia", "tj"): 3, ("kg-gkns", "kg-mia"): 4, ("imu", "tj"): 1}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # Rolled up: kg-mia's ties are kg's; kg-mia - kg-gkns falls inside kg.
        ({"level": "state"}, {("cn", "kg"): 3.5, ("kg", "tj"): 3, ("imu", "tj"): 1}),
        # The window keeps ties begun by its end (and undated ones); events by date.
        ({"end": 2014}, {**TIES, ("cn", "kg-mia"): 1}),
        ({"start": 2013}, TIES),
        # Both ends must be kept actors.
        ({"kinds": ("state", "agency")}, {**TIES, ("cn", "kg-mia"): 3.5, ("imu", "tj"): None}),
        # Event kinds filter events, not ties.
        ({"event_kinds": ("exercise",)}, TIES),
        # A country keeps the ties with an end in it.
        ({"countries": ("tj",)}, {("kg-mia", "tj"): 3, ("imu", "tj"): 1}),
    ],
)
def test_filters_on_ties(filters: dict, expected: dict) -> None:
    expected = {k: w for k, w in expected.items() if w is not None}
    data = _participation(**filters)
    assert _weights(actor_network(data)) == expected
    assert _weights(actor_edges(data).to_networkx()) == expected


def test_a_path_through_a_tie_lists_the_tie_with_its_citation() -> None:
    from graphtool.analysis.paths import path_hops, path_rows, shortest_path

    G = actor_network(_participation())
    hops = path_hops(G, shortest_path(G, "cn", "tj"))
    rows = path_rows(hops)
    assert [(r["hop"], r["event"], r["event_name"], r["citation"]) for r in rows] == [
        (1, "ev1", "Meeting", ""),  # the event itself cites nothing here
        (1, None, "tie (weight 2.5)", "doc: p. 2"),
        (2, None, "tie (kg-mia -> tj, trains, weight 2)", "doc: p. 3"),
        (2, None, "tie (tj -> kg-mia, weight 1)", "doc2: p. 9"),
    ]
    assert rows[1]["date"] == "2015" and rows[0]["weight"] == 3.5


def test_validate_reports_a_bad_weight_and_exits_1(run_offline: Any, tmp_path: Path) -> None:
    rows = "from,type,to,weight,source,locator\na,TIED_TO,b,0.5,doc,r\nb,TIED_TO,c,-1,doc,r\n"
    folder = write(tmp_path, rows)
    result = run_offline("validate", str(folder))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"Error: {folder / 'relations.csv'} line 3: 'weight' must be positive: '-1'",
        "Nothing was written.",
    ]


def test_every_row_with_ends_its_type_does_not_allow_is_reported() -> None:
    """The first pass checks each (type, end labels) once it has passed; rows that fail
    are each reported, before and after a good row of the same type."""
    from dataclasses import dataclass, field

    from graphtool.errors import InvalidImportFile
    from graphtool.model import NodeRecord, RelRecord
    from graphtool.store.check import check
    from graphtool.store.readers import Problems

    @dataclass
    class Rows:
        rows: list[NodeRecord | RelRecord]
        problems: Problems = field(default_factory=Problems)
        files: list[Path] = field(default_factory=list)
        sum_weights: bool = True

        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter(self.rows)

    cite = {"sources": ["doc"], "locators": ["r"]}
    nodes = [
        NodeRecord("Source", "doc", {"id": "doc"}, "n.csv", 1),
        NodeRecord("Actor", "a", {"id": "a", **cite}, "n.csv", 2),
        NodeRecord("Actor", "b", {"id": "b", **cite}, "n.csv", 3),
    ]
    tie = [RelRecord("TIED_TO", "a", end, f"a|TIED_TO|{end}|{n}", dict(cite), "e.csv", n) for n, end in
           ((1, "doc"), (2, "b"), (3, "doc"))]
    with pytest.raises(InvalidImportFile) as info:
        check(Rows([*nodes, *tie]), "t", None)
    why = "TIED_TO cannot end at Source 'doc' (allowed: Actor, Organisation)"
    assert [str(p) for p in info.value.problems] == [f"e.csv line 1: {why}", f"e.csv line 3: {why}"]
