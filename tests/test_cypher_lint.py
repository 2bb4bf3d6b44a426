"""Every statement graphtool sends, and all Cypher shown in the docs, passes Neo4j 5's
own Cypher front end (`@neo4j-cypher/language-support`, pinned in tests/cypher_lint/).

graphtool cannot run a Neo4j here; the suite runs the statements on the local server,
which accepts some Cypher that Neo4j 5 refuses (and the other way round). This test
parses and analyses each statement as Neo4j 5 does (``CYPHER 5``), without a server:

- **what is linted**: every ``.cypher`` file under :func:`graphtool.paths.cypher_dir`
  (which holds the named queries too), each template filled with every label, or every
  relationship type with each start and end label, that :mod:`graphtool.model`
  allows; the ```` ```cypher ```` blocks of README.md and docs/*.md; and the Cypher in
  every ``graphtool query "..."`` (and ``echo "..." | graphtool query``) example in
  those files and in the commands' ``--help``. graphtool's Python holds no Cypher of
  its own (the loader, projections and schema commands read the same files), which
  :func:`test_graphtool_python_holds_no_cypher_of_its_own` checks.
- **the schema** the statements are checked against: the model's labels and
  relationship types, each type's allowed (start, end) labels as the graph schema, the
  property keys the readers produce from the bundled dataset (what ``graphtool load``
  stores), each statement's declared parameters (``@param``; ``-p`` for doc examples),
  and Neo4j 5's built-in functions and procedures (no APOC, no GDS).
- **what fails**: every diagnostic, errors and warnings alike, unless :data:`ALLOWED`
  lists it with the reason. Errors are statements Neo4j 5 refuses: syntax errors,
  undefined variables, removed Neo4j 4 syntax (``{param}``, ``exists(n.prop)``,
  ``CREATE INDEX ON``), unknown functions or procedures (APOC, or something only the
  local server has), undeclared parameters. Warnings fail too: a deprecation is a
  statement that stops working in a later Neo4j; an unknown label, relationship type
  or property key, or a pattern the model's schema does not allow (``(:Event)-
  [:MEMBER_OF]->()``), is a statement that silently returns nothing; an unbounded
  ``shortestPath`` is a search that may never end. :data:`ALLOWED` lists one case, a
  false positive of the linter, with its reason.

The linter runs once, in one ``node`` process, for every statement; Neo4j's semantic
analysis costs about 50 ms of CPU a statement, so lint.mjs shares the ~200 statements
among worker threads, one per core (10-15 s of CPU in all).
It needs Node and npm; the test skips only when either is missing, and installs the
pinned package itself (``npm ci`` in tests/cypher_lint/) when it is not installed.
:func:`test_the_linter_catches_planted_errors` proves it would catch each kind of
mistake above.
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import pytest

from graphtool.errors import ParameterError, QueryFileInvalid
from graphtool.explore import looks_like_name, split_param
from graphtool.model import META_LABELS, NODE_LABELS, REL_TYPES
from graphtool.paths import bundled_import_dir, cypher_dir
from graphtool.store.queries import Query, fill, get_query, named_queries, parse_query

ROOT = Path(__file__).resolve().parent.parent
LINT_DIR = Path(__file__).resolve().parent / "cypher_lint"
PACKAGE = "@neo4j-cypher/language-support"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

#: Diagnostics that may stay, as (statement name pattern, message pattern, why).
ALLOWED: list[tuple[str, str, str]] = [
    (r"load/((create|update)_(relations|relations_from_end|citations)|relation_props(_from_end)?)\[.*\]",
     r"^(start|end|source|key|props) is not present",
     "row is a map of the batch parameter ($rows), not a node: the linter cannot type an UNWIND of a "
     "parameter, so it takes the map's keys for property keys"),
]

#: A value of each declared parameter type (the linter checks a parameter is given,
#: not its value).
_SAMPLE = {"string": "x", "int": 1, "float": 0.5, "bool": True, "list": [], "map": {},
           "date": "2019-01-01", "any": None}
_PLACEHOLDER = re.compile(r"__([A-Z]+)__")
NL = "\n"
_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Statement:
    """One statement to lint: where it comes from, its text, its parameters."""

    name: str
    text: str
    parameters: dict[str, Any] = field(default_factory=dict)


# -- what graphtool sends --------------------------------------------------------------
def _fillings(q: Query) -> Iterator[tuple[str, str]]:
    """The query's text with its placeholders filled every way the model allows, and
    its integer bounds (``__max_hops__``) at the ends of their range and the default."""
    wanted = set(_PLACEHOLDER.findall(q.text))
    if not wanted:
        filled = [("", q)]
    elif wanted == {"LABEL"}:
        # graphtool's own records (META_LABELS) only get the uniqueness constraint.
        labels = (*NODE_LABELS, *META_LABELS) if q.name == "schema/unique_id" else NODE_LABELS
        filled = [(f"[{label}]", fill(q, LABEL=label)) for label in labels]
    elif wanted == {"TYPE"}:
        filled = [(f"[{rtype}]", fill(q, TYPE=rtype)) for rtype in REL_TYPES]
    elif wanted == {"START", "TYPE", "END"}:
        filled = [(f"[{start}-{rt.name}->{end}]", fill(q, START=start, TYPE=rt.name, END=end))
                  for rt in REL_TYPES.values() for start, end in itertools.product(rt.start, rt.end)]
    else:
        raise AssertionError(f"{q.name}: placeholders {sorted(wanted)} are new; teach _fillings them")
    ranged = [p for p in q.params if p.range is not None and f"__{p.name}__" in q.text]
    for suffix, fq in filled:
        if not ranged:
            yield suffix, fq.text
            continue
        for p in ranged:
            assert p.range is not None
            for value in sorted({p.range[0], p.range[1], p.default if p.default is not None else p.range[0]}):
                params = {**{x.name: x.default for x in q.params}, p.name: value}
                yield f"{suffix}[{p.name}={value}]", fq.render(params)


def graphtool_statements() -> list[Statement]:
    """Every .cypher file graphtool ships, templates filled for the whole model."""
    names = sorted(p.relative_to(cypher_dir()).with_suffix("").as_posix()
                   for p in cypher_dir().rglob("*.cypher"))
    out = []
    for name in names:
        q = get_query(name)
        params = {p.name: p.default if p.default is not None else _SAMPLE[p.type] for p in q.params}
        for suffix, text in _fillings(q):
            out.append(Statement(name + suffix, text, params))
    return out


# -- what the docs show ------------------------------------------------------------------
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
_SPAN = re.compile(r"`([^`\n]*(?:\n[^`\n]*)?)`")
#: Options of 'graphtool query' that take a value (the rest are flags).
_VALUED = {"-p", "--param", "-f", "--file", "--params", "--limit", "--queries-dir", "--format"}


def _ad_hoc(tokens: list[str]) -> tuple[str, dict[str, Any]] | None:
    """The Cypher and -p parameters of 'graphtool query' tokens, or None for a named query."""
    statement: str | None = None
    params: dict[str, Any] = {}
    it = iter(tokens)
    for tok in it:
        if tok in ("-p", "--param"):
            try:
                name, _, raw = split_param(next(it, ""))
            except ParameterError:  # a placeholder such as '-p ...'
                continue
            params[name] = raw
        elif tok in _VALUED:
            next(it, None)
        elif tok.startswith("-"):
            continue
        elif statement is None:
            statement = tok
    if statement is None or looks_like_name(statement) or statement.strip(". ") == "":
        return None  # a named query, or an elision ('graphtool query ... | head -1')
    return statement, params


def _query_examples(line: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The Cypher (and -p parameters) of a command line that runs ``graphtool query``:
    ``[$ ]graphtool query "CYPHER" ...`` or ``echo "CYPHER" | graphtool query ...``."""
    # In a shell's double quotes \\$ is a $ (the --help examples escape $name so).
    line = line.strip().removeprefix("$ ").replace("\\$", "$")
    if not (line.startswith("graphtool query ") or (line.startswith("echo ") and "graphtool query" in line)):
        return
    try:
        tokens = shlex.split(line)
    except ValueError as exc:
        raise AssertionError(f"cannot read the example {line!r}: {exc}") from None
    if tokens[0] == "echo":
        if tokens[2:5] == ["|", "graphtool", "query"]:
            found = _ad_hoc(["-"] + tokens[5:])
            yield tokens[1], found[1] if found else {}
        return
    found = _ad_hoc(tokens[2:])
    if found:
        yield found


def doc_statements() -> list[Statement]:
    """The Cypher in README.md and docs/*.md, and in the commands' --help examples."""
    out: list[Statement] = []
    for path in DOCS:
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        for m in _FENCE.finditer(text):
            lang, body = m.group(1), m.group(2)
            where = f"{rel}:{text.count(NL, 0, m.start()) + 1}"
            if lang == "cypher":
                try:
                    q = parse_query(where, body, rel)
                    params = {p.name: _SAMPLE[p.type] for p in q.params}
                    out.append(Statement(where, q.text, params))
                except QueryFileInvalid:  # a fragment without a header: any $name is a parameter
                    out.append(Statement(where, body, {n: None for n in _DOLLAR.findall(body)}))
            else:
                for line in body.splitlines():
                    for cypher, params in _query_examples(line):
                        out.append(Statement(f"{where} (graphtool query)", cypher, params))
        prose = _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        for m in _SPAN.finditer(prose):
            for cypher, params in _query_examples(m.group(1).replace("\n", " ")):
                out.append(Statement(f"{rel}:{text.count(NL, 0, m.start()) + 1} (graphtool query)",
                                     cypher, params))
    from graphtool.cli import cli

    def commands(group: click.Group, prefix: str) -> Iterator[tuple[str, click.Command]]:
        for name, cmd in sorted(group.commands.items()):
            yield prefix + name, cmd
            if isinstance(cmd, click.Group):
                yield from commands(cmd, prefix + name + " ")

    for name, cmd in commands(cli, "graphtool "):
        for line in (cmd.help or "").splitlines():
            for cypher, params in _query_examples(line.strip()):
                out.append(Statement(f"{name} --help", cypher, params))
    seen: dict[str, int] = {}
    for i, st in enumerate(out):  # several examples on one line or in one --help: number them
        seen[st.name] = seen.get(st.name, 0) + 1
        if seen[st.name] > 1:
            out[i] = Statement(f"{st.name} #{seen[st.name]}", st.text, st.parameters)
    return out


# -- the schema and the linter ---------------------------------------------------------
def model_schema() -> dict[str, Any]:
    """Labels, types, the (start, type, end) graph schema from the model, and the
    property keys the readers produce for the bundled dataset."""
    from graphtool.store.readers import read_paths

    data = read_paths([bundled_import_dir()])
    keys = {k for n in data.nodes for k in n.props} | {k for r in data.relations for k in r.props}
    keys |= {"key", "locators"}  # the loader's MERGE key, and the CITES relationships' locators
    # Which datasets state a fact (graphtool.store.claims), and the write lock's holder.
    keys |= {"datasets", "datasetClaims", "owner"}
    return {
        "labels": [*NODE_LABELS, *META_LABELS],
        "relationshipTypes": list(REL_TYPES),
        "propertyKeys": sorted(keys),
        "graphSchema": [{"from": s, "relType": t.name, "to": e}
                        for t in REL_TYPES.values() for s in t.start for e in t.end],
    }


def _installed_version() -> str | None:
    manifest = LINT_DIR / "node_modules" / PACKAGE / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def _ensure_linter() -> None:
    """Skip without node or npm; install the pinned package when it is missing or stale."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed: the Cypher lint needs Node.js and npm")
    pinned = json.loads((LINT_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"][PACKAGE]
    if _installed_version() != pinned:
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LINT_DIR,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"npm ci in {LINT_DIR} failed:\n{done.stdout}{done.stderr}"
        assert _installed_version() == pinned


def lint(statements: list[Statement], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Diagnostics for ``statements``, from one run of tests/cypher_lint/lint.mjs."""
    payload = {"schema": schema,
               "statements": [{"name": s.name, "text": s.text, "parameters": s.parameters}
                              for s in statements]}
    done = subprocess.run(["node", "lint.mjs"], cwd=LINT_DIR, input=json.dumps(payload),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def failures(diagnostics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The diagnostics that fail the test: all but those :data:`ALLOWED` lists."""
    return [d for d in diagnostics
            if not any(re.fullmatch(n, d["name"]) and re.search(m, d["message"]) for n, m, _ in ALLOWED)]


#: Deliberate mistakes, each with what the linter must say about it.
PLANTED: list[tuple[Statement, str, str]] = [
    (Statement("planted/syntax", "MATCH (n:Actor RETURN n"), "error", r"Invalid input"),
    (Statement("planted/undefined-variable", "MATCH (n:Actor) RETURN m.id"), "error",
     r"Variable `m` not defined"),
    (Statement("planted/neo4j4-parameter", "MATCH (n:Actor {id: {id}}) RETURN n", {"id": "kg"}),
     "error", r"Invalid input"),
    (Statement("planted/neo4j4-exists", "MATCH (n:Actor) WHERE exists(n.name) RETURN n.id"), "error",
     r"exists\(variable\.property\).* no longer supported"),
    (Statement("planted/neo4j4-index", "CREATE INDEX ON :Actor(id)"), "error",
     r"Invalid create index syntax"),
    (Statement("planted/deprecated-id", "MATCH (n:Actor) RETURN id(n)"), "warning", r"deprecated"),
    (Statement("planted/deprecated-colon", "MATCH (a:Actor)-[:PART_OF|:HOLDS]->(b) RETURN b.id"),
     "warning", r"colon in the separation of alternative relationship types"),
    (Statement("planted/deprecated-call-scope",
               "MATCH (n:Actor) CALL { WITH n RETURN n.id AS i } RETURN i"), "warning",
     r"CALL subquery without a variable scope clause is deprecated"),
    (Statement("planted/undeclared-parameter", "MATCH (n:Actor {id: $who}) RETURN n.id"), "error",
     r"Parameter \$who is not defined"),
    (Statement("planted/apoc", "RETURN apoc.coll.sum([1, 2]) AS s"), "error",
     r"Function apoc\.coll\.sum is not present"),
    (Statement("planted/unknown-label", "MATCH (n:Actr) RETURN n.id"), "warning",
     r"Label Actr is not present"),
    (Statement("planted/unknown-property", "MATCH (n:Actor) RETURN n.nmae"), "warning",
     r"nmae is not present"),
    (Statement("planted/off-schema", "MATCH (e:Event)-[:MEMBER_OF]->(o:Organisation) RETURN e.id"),
     "warning", r"MEMBER_OF"),
    (Statement("planted/unbounded-shortest-path",
               "MATCH p = shortestPath((a:Actor {id: 'kg'})-[*]-(b:Actor {id: 'cn'})) RETURN length(p)"),
     "warning", r"unbounded pattern"),
]


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """Everything linted in one node run: graphtool's statements, the docs', the planted."""
    _ensure_linter()
    ours, docs = graphtool_statements(), doc_statements()
    planted = [s for s, _, _ in PLANTED]
    everything = ours + docs + planted
    names = [s.name for s in everything]
    assert len(names) == len(set(names)), "statement names must be unique"
    by_name: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    for d in lint(everything, model_schema()):
        by_name[d["name"]].append(d)
    return {"ours": ours, "docs": docs, "by_name": by_name}


def _report(statements: list[Statement], by_name: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [f"{d['name']} line {d['line']}:{d['column']}: {d['severity']}: {d['message']}"
            for s in statements for d in failures(by_name[s.name])]


def test_every_statement_graphtool_sends_passes_neo4j_5s_linter(results) -> None:
    ours: list[Statement] = results["ours"]
    # Non-vacuous: the named queries, the loader's templates for the whole model, the schema files.
    names = {s.name for s in ours}
    assert {f"queries/{n}" for n in named_queries()} <= {n.split("[")[0] for n in names}
    assert {f"load/create_relations[{s}-{t.name}->{e}]"
            for t in REL_TYPES.values() for s in t.start for e in t.end} <= names
    assert {f"schema/unique_id[{label}]" for label in NODE_LABELS} <= names
    problems = _report(ours, results["by_name"])
    assert not problems, "Neo4j 5's Cypher front end flags:\n" + "\n".join(problems)


def test_the_cypher_in_the_docs_passes_neo4j_5s_linter(results) -> None:
    docs: list[Statement] = results["docs"]
    names = [s.name for s in docs]
    # Non-vacuous: the README's named-query example, an inline doc example, a --help example.
    assert any(n.startswith("README.md:") and "graphtool query" not in n for n in names), names
    assert any(n.startswith("docs/") and n.endswith("(graphtool query)") for n in names), names
    assert any(n.startswith("graphtool query --help") for n in names), names
    problems = _report(docs, results["by_name"])
    assert not problems, "Neo4j 5's Cypher front end flags:\n" + "\n".join(problems)


@pytest.mark.parametrize(("statement", "severity", "message"), PLANTED, ids=[s.name for s, _, _ in PLANTED])
def test_the_linter_catches_planted_errors(results, statement: Statement, severity: str,
                                           message: str) -> None:
    found = failures(results["by_name"][statement.name])
    assert any(d["severity"] == severity and re.search(message, d["message"]) for d in found), found


def test_the_pin_is_exact_and_locked() -> None:
    """The linter is one exact version, locked with its dependencies (npm ci installs that)."""
    pinned = json.loads((LINT_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"][PACKAGE]
    assert re.fullmatch(r"\d+\.\d+\.\d+(-[\w.]+)?", pinned), pinned
    lock = json.loads((LINT_DIR / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][f"node_modules/{PACKAGE}"]["version"] == pinned
    assert "node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()



_CYPHER_START = re.compile(
    r"^\s*(OPTIONAL MATCH|MATCH|RETURN|UNWIND|MERGE|CREATE|CALL|SHOW|WITH|EXPLAIN|PROFILE)\b")


def inline_cypher(folder: Path) -> list[str]:
    """Strings in the Python files under ``folder`` (docstrings aside) that are Cypher
    statements, as ``file:line: text``."""
    import ast

    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and _CYPHER_START.match(node.value)
                    and any(c in node.value for c in ("(", "$", " RETURN ", " AS "))):
                found.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_graphtool_python_holds_no_cypher_of_its_own(tmp_path: Path) -> None:
    """Every statement comes from a .cypher file, so the lint above sees them all."""
    import graphtool

    found = inline_cypher(Path(graphtool.__file__).parent)
    assert not found, "Cypher written in Python; move it to a .cypher file:\n" + "\n".join(found)
    (tmp_path / "planted.py").write_text(
        '"""Doc: MATCH (n) RETURN n."""\nKEYWORDS = ["MATCH", "SHOW CONSTRAINTS"]\n'
        'Q = "MATCH (n:Actor {id: $id}) RETURN n"\n', encoding="utf-8")
    assert inline_cypher(tmp_path) == ["planted.py:3: 'MATCH (n:Actor {id: $id}) RETURN n'"]
