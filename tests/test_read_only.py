"""Read-only is enforced by the server: every way in that a shared file or a second user
could try, each leaving the graph, its schema and its users as they were.

graphtool reads as the local server's read-only account; a lexical pre-check refuses
plain writes, schema and admin statements before anything is sent. Both lines are tested
on their own: through the CLI (the pre-check answers first) and straight through
``GraphDB.run_read_only`` (only the server stands in the way).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from graphtool.errors import AuthenticationFailed, ReadOnlyUnavailable, WriteRefused
from graphtool.store.db import GraphDB, Settings

pytestmark = pytest.mark.server

DATA = Path(__file__).parent / "data"

#: Statements that must not run without --write, and what the pre-check says they do.
BYPASSES = [
    ("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS",
     "runs transactions of its own (CALL { ... } IN TRANSACTIONS)"),
    ("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 1 ROW",
     "runs transactions of its own (CALL { ... } IN TRANSACTIONS)"),
    ("DROP CONSTRAINT constraint_Actor_id_unique", "changes the schema (DROP CONSTRAINT)"),
    ("CREATE INDEX probe_name IF NOT EXISTS FOR (n:Actor) ON (n.name)", "changes the schema (CREATE INDEX)"),
    ("DROP INDEX probe_index", "changes the schema (DROP INDEX)"),
    ("CREATE CONSTRAINT probe_unique IF NOT EXISTS FOR (n:Topic) REQUIRE n.name IS UNIQUE",
     "changes the schema (CREATE CONSTRAINT)"),
    ("CREATE USER intruder SET PASSWORD 'intruder-pass'",
     "administers users, roles or databases (CREATE USER)"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "reads files or URLs on the server (LOAD CSV)"),
    ("MATCH (n) DETACH DELETE n", "writes to the database (DETACH)"),
    ("MATCH (a:Actor {id: 'a'}) SET a.name = 'Changed'", "writes to the database (SET)"),
    ("MERGE (x:Actor {id: 'planted'}) RETURN x.id", "writes to the database (MERGE)"),
]
IDS = [text.split(" ")[0] + "-" + str(i) for i, (text, _) in enumerate(BYPASSES)]


def _message(reason: str) -> str:
    return (f"Error: this statement {reason}; 'graphtool query' is read-only unless you pass "
            "--write. Nothing was sent to the database.\n")


def snapshot(db: GraphDB, settings: Settings) -> dict[str, Any]:
    """Everything a bypass could change: counts, schema, the server's users."""
    assert settings.local_home is not None
    users = settings.local_home / "server" / "config" / "server-users.jsonl"
    return {
        "nodes": db.read("MATCH (n) RETURN count(n) AS n")[0]["n"],
        "relationships": db.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"],
        "actor a": db.read("MATCH (a:Actor {id: 'a'}) RETURN a.name AS name"),
        "constraints": sorted(r["name"] for r in db.read("SHOW CONSTRAINTS")),
        "indexes": sorted(r["name"] for r in db.read("SHOW INDEXES")),
        "users": users.read_bytes(),
    }


@pytest.fixture
def graph(db: GraphDB, run_cli: Any, server_settings: Settings) -> dict[str, Any]:
    """The mini dataset with an extra index to drop; its snapshot."""
    assert run_cli("load", str(DATA / "mini")).exit_code == 0
    db.write("CREATE INDEX probe_index IF NOT EXISTS FOR (n:Place) ON (n.name)")
    before = snapshot(db, server_settings)
    assert before["nodes"] > 0 and "probe_index" in before["indexes"]
    return before


@pytest.mark.parametrize(("text", "reason"), BYPASSES, ids=IDS)
def test_cli_refuses_before_sending(graph, run_cli, db, server_settings, text, reason) -> None:
    result = run_cli("query", text)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", _message(reason))
    assert snapshot(db, server_settings) == graph


@pytest.mark.parametrize(("text", "reason"), BYPASSES, ids=IDS)
def test_the_server_refuses_without_the_pre_check(graph, db, server_settings, text, reason) -> None:
    """Straight to the read-only account: the server itself says no."""
    reader = server_settings.read_user
    with pytest.raises(WriteRefused) as caught:
        db.run_read_only(text)
    exc = caught.value
    refused = (r"The server refused it \(User '" + re.escape(str(reader)) + r"' is not allowed to "
               r"(delete records on type '\w+'|create records on type '\w+'"
               r"|update schema|update security)\); nothing was changed\.")
    if exc.reason == "wrote to the database":
        # An update inside the open transaction, which the server would refuse at commit
        # (test_the_reader_account_cannot_commit_an_update); graphtool rolls it back first.
        assert (text, exc.outcome) == (BYPASSES[9][0], WriteRefused.ROLLED_BACK)
    else:
        assert exc.reason == "tried to write to the database"
        assert re.fullmatch(refused, exc.outcome), exc.outcome
    assert snapshot(db, server_settings) == graph


def test_the_reader_account_cannot_commit_an_update(graph, db, server_settings) -> None:
    """The server, not graphtool, stops an update: committed as the reader, it is refused."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import ClientError

    s = server_settings
    with GraphDatabase.driver(s.uri, auth=(s.read_user, s.read_password)) as driver, \
            driver.session(database=s.database) as session:
        tx = session.begin_transaction()
        tx.run("MATCH (a:Actor {id: 'a'}) SET a.name = 'Changed'").consume()
        with pytest.raises(ClientError) as caught:
            tx.commit()
    assert caught.value.code == "Neo.ClientError.Security.Forbidden"
    assert snapshot(db, server_settings) == graph


def test_named_query_from_a_shared_folder_is_refused(graph, run_cli, db, server_settings, tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "tidy.cypher").write_text(
        "// Looks harmless: 'tidies' the graph.\n"
        "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 1 ROW\n", encoding="utf-8")
    result = run_cli("query", "tidy", env={"GRAPHTOOL_QUERIES": str(shared)})
    assert (result.exit_code, result.stderr) == (
        1, _message("runs transactions of its own (CALL { ... } IN TRANSACTIONS)"))
    assert snapshot(db, server_settings) == graph


def test_shell_script_is_refused(graph, run_cli, db, server_settings) -> None:
    script = ("DROP CONSTRAINT constraint_Actor_id_unique;\n"
              "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS;\n")
    result = run_cli("shell", input=script)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    hint = "the shell is read-only until you type ':write on' (or start it with --write)."
    assert errors == [
        f"Error: this statement changes the schema (DROP CONSTRAINT); {hint} "
        "Nothing was sent to the database.",
        "Error: this statement runs transactions of its own (CALL { ... } IN TRANSACTIONS); "
        f"{hint} Nothing was sent to the database.",
    ]
    assert snapshot(db, server_settings) == graph


def test_write_runs_in_transactions_in_autocommit(graph, run_cli, db) -> None:
    """With --write, CALL { } IN TRANSACTIONS runs (auto-commit, as Neo4j needs it)."""
    result = run_cli("query", "--write", "MATCH (p:Place) CALL { WITH p DETACH DELETE p } IN TRANSACTIONS")
    assert result.exit_code == 0, result.stderr
    assert db.read("MATCH (p:Place) RETURN count(p) AS n") == [{"n": 0}]
    assert db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == graph["nodes"] - 1  # one place


def test_even_write_cannot_plant_a_user(graph, run_cli, db, server_settings) -> None:
    """The writer account may change the graph and its schema, never the server's users."""
    result = run_cli("query", "--write", "CREATE USER intruder SET PASSWORD 'intruder-pass'")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the database rejected the statement: User '{server_settings.user}' is not "
        "allowed to update security\n")
    assert snapshot(db, server_settings) == graph
    intruder = GraphDB(Settings(server_settings.uri, "intruder", "intruder-pass", server_settings.database))
    with pytest.raises(AuthenticationFailed):
        intruder.read("RETURN 1 AS x")
    intruder.close()


def test_a_server_that_does_not_enforce_read_only_runs_nothing(server_settings) -> None:
    """The local server as a plain Bolt server (one account, no read-only user): read
    transactions are not enforced there, so graphtool refuses rather than hope."""
    s = server_settings
    plain = GraphDB(Settings(s.uri, s.user, s.password, s.database))
    try:
        agent = plain.agent
        assert "ArcadeDB" in agent
        with pytest.raises(ReadOnlyUnavailable) as caught:
            plain.run_read_only("RETURN 1 AS x")
        assert str(caught.value) == (
            f"the graph server at {s.uri} ({agent}) does not enforce read-only transactions, so "
            "graphtool cannot run this statement read-only. Set GRAPHTOOL_READ_USERNAME and "
            "GRAPHTOOL_READ_PASSWORD to a user the server only lets read, use graphtool's "
            "local server (unset NEO4J_URI), or pass --write to run it with full rights.")
    finally:
        plain.close()


def test_a_read_only_user_named_in_the_environment_is_used(graph, run_cli, server_settings) -> None:
    """GRAPHTOOL_READ_USERNAME/PASSWORD name the account for reads on any server."""
    s = server_settings
    env = {"NEO4J_URI": s.uri, "NEO4J_USERNAME": s.user, "NEO4J_PASSWORD": s.password,
           "GRAPHTOOL_READ_USERNAME": str(s.read_user), "GRAPHTOOL_READ_PASSWORD": str(s.read_password)}
    ok = run_cli("query", "MATCH (a:Actor) RETURN count(a) AS n", "--csv", env=env)
    assert (ok.exit_code, ok.stdout) == (0, "n\n4\n")
    env_plain = {k: v for k, v in env.items() if not k.startswith("GRAPHTOOL_READ")}
    refused = run_cli("query", "RETURN 1 AS x", env={**env_plain, "GRAPHTOOL_HOME": "/nonexistent"})
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"Error: the graph server at {s.uri} (Neo4j/")
    assert "does not enforce read-only transactions" in refused.stderr


def test_driver_warnings_are_quiet_unless_tracing(run_cli) -> None:
    """The driver logs retries ('Transaction failed and will be retried') and server
    notices as warnings; graphtool reports what matters itself, and shows them with --trace."""
    import logging

    logger = logging.getLogger("neo4j")
    saved = logger.level
    try:
        assert run_cli("query", "RETURN 1 AS x").exit_code == 0
        assert logger.level > logging.CRITICAL
        logger.setLevel(logging.NOTSET)
        assert run_cli("--trace", "query", "RETURN 1 AS x").exit_code == 0
        assert logger.level == logging.NOTSET
    finally:
        logger.setLevel(saved)
