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
    q = get_query("load/merge_nodes")
    assert "MERGE (n:Actor {id: row.id})" in fill(q, LABEL="Actor").text
    with pytest.raises(ValueError):
        fill(q, LABEL="Actor) DETACH DELETE (n")


def test_unknown_query_suggests_close_names() -> None:
    with pytest.raises(QueryNotFound) as info:
        get_query("load/merge_node")
    assert "load/merge_nodes" in str(info.value)


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
