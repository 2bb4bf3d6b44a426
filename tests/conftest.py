"""Shared fixtures: one real local graph server per test session, an empty graph per test.

Set ``GRAPHTOOL_TEST_URI`` (with ``GRAPHTOOL_TEST_USER``/``GRAPHTOOL_TEST_PASSWORD``/
``GRAPHTOOL_TEST_DATABASE``) to run the integration tests against a Neo4j instead.
The tests never read the user's ``NEO4J_*`` variables or data folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from graphtool.store.db import GraphDB, Settings

DATA = Path(__file__).parent / "data"
#: Why the browser tests skip where no Chromium is installed.
NO_CHROMIUM = (
    "headless Chromium is not installed: install it ('apt-get install chromium' on Debian) "
    "or point GRAPHTOOL_CHROMIUM at a Chrome/Chromium binary to run the browser tests"
)
_ISOLATED_VARS = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "GRAPHTOOL_HOME",
                  "GRAPHTOOL_QUERIES")


@pytest.fixture(scope="session", autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the user's settings and data folder out of the tests."""
    saved = {k: os.environ.pop(k) for k in _ISOLATED_VARS if k in os.environ}
    os.environ["GRAPHTOOL_HOME"] = str(tmp_path_factory.mktemp("home-unused"))
    yield
    os.environ.pop("GRAPHTOOL_HOME", None)
    os.environ.update(saved)


@pytest.fixture(scope="session")
def server_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Connection settings of the test server: a local server started for this session
    (or the Neo4j named by GRAPHTOOL_TEST_URI)."""
    uri = os.environ.get("GRAPHTOOL_TEST_URI")
    if uri:
        yield Settings(
            uri,
            os.environ.get("GRAPHTOOL_TEST_USER", "neo4j"),
            os.environ.get("GRAPHTOOL_TEST_PASSWORD", ""),
            os.environ.get("GRAPHTOOL_TEST_DATABASE") or None,
        )
        return
    from graphtool.store.server import start_server, stop_server

    home = tmp_path_factory.mktemp("graph-server")
    info, _ = start_server(home)
    try:
        yield Settings(
            info.uri,
            info.writer.user,
            info.writer.password,
            info.database,
            read_user=info.reader.user,
            read_password=info.reader.password,
            local_home=info.home,
        )
    finally:
        stop_server(home)


@pytest.fixture(scope="session")
def _session_db(server_settings: Settings) -> Iterator[GraphDB]:
    db = GraphDB(server_settings)
    yield db
    db.close()


@pytest.fixture
def db(_session_db: GraphDB) -> GraphDB:
    """The test server's database, emptied before the test."""
    from graphtool.store.load import clear_graph

    clear_graph(_session_db)
    return _session_db


@pytest.fixture
def loaded_db(db: GraphDB) -> GraphDB:
    """The test database with the bundled dataset loaded."""
    from graphtool.paths import bundled_import_dir
    from graphtool.store.load import load_paths

    load_paths(db, [bundled_import_dir()])
    return db


@pytest.fixture(scope="module")
def bundled_db(_session_db: GraphDB) -> GraphDB:
    """The bundled dataset, loaded once per test module, for tests that only read.

    Do not use it in a module whose other tests empty the graph (``db``, ``loaded_db``).
    """
    from graphtool.paths import bundled_import_dir
    from graphtool.store.load import clear_graph, load_paths

    clear_graph(_session_db)
    load_paths(_session_db, [bundled_import_dir()])
    return _session_db


@pytest.fixture
def cli_env(server_settings: Settings) -> dict[str, str]:
    """Environment that points the CLI at the test server: the local server through
    GRAPHTOOL_HOME, as a user's CLI finds it (reading as its read-only account), or the
    Neo4j named by GRAPHTOOL_TEST_URI."""
    if server_settings.local_home is not None:
        return {"GRAPHTOOL_HOME": str(server_settings.local_home)}
    env = {
        "NEO4J_URI": server_settings.uri,
        "NEO4J_USERNAME": server_settings.user,
        "NEO4J_PASSWORD": server_settings.password,
    }
    if server_settings.database:
        env["NEO4J_DATABASE"] = server_settings.database
    return env


@pytest.fixture
def run_cli(cli_env: dict[str, str]) -> Callable[..., Result]:
    """Run ``graphtool ARGS...`` in-process against the test server."""
    from graphtool.cli import cli

    def run(*args: str, input: str | None = None, env: dict[str, Any] | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, list(args), input=input, env={**cli_env, **(env or {})},
                             catch_exceptions=False)

    return run


@pytest.fixture
def run_offline() -> Callable[..., Result]:
    """Run ``graphtool ARGS...`` in-process with no database settings."""
    from graphtool.cli import cli

    def run(*args: str, input: str | None = None, env: dict[str, Any] | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary the browser tests drive; they skip, saying why, without one."""
    from graphtool.visual.browser import find_chromium

    exe = find_chromium()
    if exe is None:
        pytest.skip(NO_CHROMIUM)
    return exe
