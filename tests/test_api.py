"""The public Python API and the import paths of graphtool 0.1.

``from graphtool import connect, fetch_graph, ...`` gives the library's functions
without loading the driver or networkx before they are used; the old module paths
(``graphtool.db``, ``graphtool.analyze``, ...) still import for one release, as
deprecated aliases holding every public name they had, as the very same objects.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import graphtool
from graphtool._aliases import MOVED

#: The public names each 0.1 module defined (read from its source at 0.1.0), but
#: ``server.USER``: graphtool no longer logs in as one user ("root") on its local server
#: but as a read-only and a writer account (``ServerInfo.reader``/``.writer``); and
#: ``load.plan_writes``: the loader no longer plans MERGEs up front (it checks, then
#: creates what is new and merges the rest, ``graphtool.store.write``).
OLD_NAMES = {
    "db": "CONNECT_TIMEOUT Tracer Progress Settings Result to_plain GraphDB connect",
    "server": (
        "DATABASE DEFAULT_HEAP HEAP_ENV ServerInfo resolve_home START_TIMEOUT "
        "STOP_TIMEOUT server_status start_server stop_server ensure_server"
    ),
    "queries": (
        "PARAM_TYPES Param Query parse_query get_query user_query_dirs named_query_names "
        "named_queries get_named_query fill"
    ),
    "load": (
        "DEFAULT_BATCH_SIZE Progress LoadSummary apply_schema load_dataset "
        "load_paths node_counts relationship_counts kind_counts clear_graph"
    ),
    "readers": "MAX_PROBLEMS COLUMNS Lookup Dataset stem_of collect_files parse_date read_paths",
    "engines": (
        "available IGraph from_edges to_igraph without_loops unweighted degree strength "
        "betweenness closeness pagerank core_number eigenvector sampled_closeness "
        "communities"
    ),
    "analyze": (
        "Node Scores WEIGHT ENGINES AUTO_EDGES DISTANCE_QUANTUM PAGERANK_ALPHA "
        "PAGERANK_TOL EIGENVECTOR_TOL MAX_ITER EXACT_MAX DEFAULT_SAMPLE distance node_key "
        "rank simple_graph Network Graph as_network choose_engine default_sample sampling "
        "degree strength betweenness closeness eigenvector pagerank core_number Measure "
        "MEASURES SAMPLED_MEASURES centrality centralities node_row ranking_rows "
        "ranking_table COMMUNITY_METHODS Partition communities modularity_shares "
        "find_node shortest_path path_hops path_rows ego_network neighbours Period "
        "periods trend trend_rows compare engines"
    ),
    "graph": (
        "PROJECTIONS LEVELS ROLLUP_TYPES LOCATION_TYPES DETAIL_CHUNK NODE_ATTRS Filters "
        "EventRow Participation fetch_participation states_of resolve_countries "
        "actor_network actor_edges actor_event_network membership_network raw_graph "
        "fetch_graph fetch_network for_period EntityNotFound"
    ),
    "render": (
        "NODE_SHAPES NODE_COLOURS EDGE_STYLES scope_graph describe_graph compute_layout "
        "render_html write_html VIS_VERSION"
    ),
    "views": "network_view",
    "export": (
        "FORMATS sorted_edges flatten_graph to_graphml to_gexf to_json to_csv csv_paths "
        "export_graph"
    ),
    "browser": "BrowserNotFound find_chromium PageReport load_page",
}

API = {
    "connect": "graphtool.store.db",
    "load_paths": "graphtool.store.load",
    "fetch_graph": "graphtool.projection",
    "fetch_network": "graphtool.projection",
    "centrality": "graphtool.analysis.centrality",
    "centralities": "graphtool.analysis.centrality",
    "rank": "graphtool.analysis.network",
    "communities": "graphtool.analysis.communities",
    "render_html": "graphtool.visual.page",
    "show": "graphtool.visual.notebook",
    "extract": "graphtool.extract",
}


@pytest.mark.parametrize("name", sorted(API))
def test_the_api_is_importable_from_graphtool(name: str) -> None:
    module = importlib.import_module(API[name])
    if name == "extract":
        # The package graphtool.extract shadows the function on graphtool once it is
        # imported (the import system sets the attribute); calling it calls the function.
        assert getattr(graphtool, name) in (module, module.extract) and callable(module)
        assert "calls :func:`extract`" in (type(module).__doc__ or "")
    else:
        assert getattr(graphtool, name) is getattr(module, name)
    assert name in graphtool.__all__ and name in dir(graphtool)
    assert f"``{name}(" in (graphtool.__doc__ or "")  # documented in one place


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="module 'graphtool' has no attribute 'fetch_grpah'"):
        graphtool.fetch_grpah  # noqa: B018


def test_importing_graphtool_loads_neither_the_driver_nor_networkx() -> None:
    code = (
        "import sys, graphtool\n"
        "from graphtool import __version__\n"
        "print(sorted(m for m in ('neo4j', 'networkx', 'igraph', 'pyvis') if m in sys.modules))\n"
        "graphtool.rank\n"
        "print('networkx' in sys.modules, 'neo4j' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "True False"]


@pytest.mark.parametrize("old", sorted(OLD_NAMES))
def test_old_import_paths_are_deprecated_aliases(old: str, monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"graphtool.{old}"
    monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.warns(DeprecationWarning, match=f"{name} is deprecated and will be removed in graphtool 0.3"):
        alias = importlib.import_module(name)
    assert "Deprecated alias" in (alias.__doc__ or "") and "removed in 0.3" in (alias.__doc__ or "")
    homes = [importlib.import_module(target) for target, _ in MOVED[name]]
    missing = [n for n in OLD_NAMES[old].split() if not hasattr(alias, n)]
    assert not missing, f"{name} lost {missing}"
    for n in OLD_NAMES[old].split():
        assert any(getattr(home, n, None) is getattr(alias, n) for home in homes), f"{name}.{n}"


def test_old_names_in_from_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    for old in ("graphtool.analyze", "graphtool.graph", "graphtool.render"):
        monkeypatch.delitem(sys.modules, old, raising=False)
    with pytest.warns(DeprecationWarning):
        from graphtool.graph import fetch_graph
        from graphtool.render import scope_graph

        from graphtool import analyze
    from graphtool.analysis.centrality import centralities
    from graphtool.visual.view import scope_graph as new_scope_graph

    assert analyze.centralities is centralities and analyze.engines.available() in (True, False)
    assert fetch_graph is graphtool.fetch_graph and scope_graph is new_scope_graph
