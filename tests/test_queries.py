"""Cypher files: every statement parses, declares its parameters, fills templates safely."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphtool.errors import ParameterError, QueryFileInvalid, QueryNotFound
from graphtool.paths import cypher_dir
from graphtool.store.queries import (
    fill,
    get_named_query,
    get_query,
    named_queries,
    named_query_names,
    parse_query,
)

ALL = sorted(p.relative_to(cypher_dir()).with_suffix("").as_posix() for p in cypher_dir().rglob("*.cypher"))


@pytest.mark.parametrize("name", ALL)
def test_every_cypher_file_parses_with_a_description(name: str) -> None:
    q = get_query(name)
    assert q.description
    assert q.text.strip()


def test_undeclared_parameter_reports_file_and_line() -> None:
    with pytest.raises(QueryFileInvalid) as info:
        parse_query(
            "x", "// Demo.\n// @param a int\nMATCH (n)\nWHERE n.a = $a AND n.b = $b\nRETURN n", "x.cypher"
        )
    assert str(info.value) == "x.cypher line 4: parameter $b is used but not declared with @param"


def test_dollar_inside_strings_and_comments_is_not_a_parameter() -> None:
    q = parse_query("x", "// Demo.\nRETURN '$notaparam' AS a // $nor\n")
    assert q.params == ()


def test_bind_fills_defaults_and_rejects_unknown_and_missing() -> None:
    q = parse_query("x", "// Demo.\n// @param a int\n// @param b list = []  things\nRETURN $a, $b")
    assert q.bind({"a": 1}) == {"a": 1, "b": []}
    with pytest.raises(ParameterError, match="needs parameter 'a'"):
        q.bind({})
    with pytest.raises(ParameterError, match="has no parameter 'c'"):
        q.bind({"a": 1, "c": 2})


def test_fill_accepts_only_model_names() -> None:
    q = get_query("load/create_nodes")
    assert "CREATE (n:Actor)" in fill(q, LABEL="Actor").text
    with pytest.raises(ValueError):
        fill(q, LABEL="Actor) DETACH DELETE (n")


def test_unknown_query_suggests_close_names() -> None:
    with pytest.raises(QueryNotFound) as info:
        get_query("load/create_node")
    assert "load/create_nodes" in str(info.value)


def test_user_query_folder_adds_named_queries(tmp_path: Path) -> None:
    (tmp_path / "mine.cypher").write_text("// My query.\nRETURN 1 AS one\n")
    assert "mine" in named_queries([tmp_path])


def test_one_bad_user_query_file_does_not_break_the_others(tmp_path: Path) -> None:
    (tmp_path / "bad.cypher").write_text("RETURN 1 AS one\n")
    (tmp_path / "good.cypher").write_text("// A good query.\nRETURN 2 AS two\n")
    good = get_named_query("good", [tmp_path])
    assert good.text == "RETURN 2 AS two"
    with pytest.raises(QueryFileInvalid) as info:
        get_named_query("bad", [tmp_path])
    assert str(info.value) == f"{tmp_path / 'bad.cypher'} line 1: missing description comment at the top"
    with pytest.raises(QueryFileInvalid, match="bad.cypher line 1"):
        named_queries([tmp_path])
    assert {"bad", "good"} <= set(named_query_names([tmp_path]))


def test_int_range_is_enforced_and_only_ranged_ints_are_written_into_the_text() -> None:
    q = parse_query("hops", "// Demo.\n// @param n int[1..8] = 6  bound\n"
                            "MATCH p = (a)-[:PART_OF*..__n__]->(b) RETURN p", "hops.cypher")
    assert q.param("n") is not None and q.param("n").range == (1, 8)
    assert q.render(q.bind({})) == "MATCH p = (a)-[:PART_OF*..6]->(b) RETURN p"
    assert q.render(q.bind({"n": 8})) == "MATCH p = (a)-[:PART_OF*..8]->(b) RETURN p"
    for bad in (0, 9, True, "3", "3]->() DETACH DELETE b //"):
        with pytest.raises(ParameterError) as info:
            q.bind({"n": bad})
        assert str(info.value) == f"parameter 'n' of query 'hops' must be an integer from 1 to 8, got {bad!r}"
        with pytest.raises(ParameterError):  # render checks again, whatever it is given
            q.render({"n": bad})
    with pytest.raises(ParameterError, match="needs parameter 'n'"):
        q.render({})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("// D.\n// @param n int = 2\nMATCH (a)-[*..__n__]->(b) RETURN b",
         "x.cypher line 3: __n__ must name an int parameter declared with a range (@param n int[LOW..HIGH])"),
        ("// D.\nMATCH (a)-[*..__n__]->(b) RETURN b",
         "x.cypher line 2: __n__ must name an int parameter declared with a range (@param n int[LOW..HIGH])"),
        ("// D.\n// @param s string[1..2]\nRETURN $s",
         "x.cypher line 2: a range is for int parameters only, low to high (int[1..8])"),
        ("// D.\n// @param n int[5..1]\nRETURN $n",
         "x.cypher line 2: a range is for int parameters only, low to high (int[1..8])"),
        ("// D.\n// @param n int[1..8] = 9\nRETURN $n", "x.cypher line 2: default 9 is outside the range"),
    ],
)
def test_bad_ranges_and_literal_placeholders_report_file_and_line(text: str, message: str) -> None:
    with pytest.raises(QueryFileInvalid) as info:
        parse_query("x", text, "x.cypher")
    assert str(info.value) == message
