"""Commands that analyse the network: centrality, communities, path, neighbours, trend.

Each reads one projection (:func:`graphtool.projection.fetch_graph`, or for measures
:func:`graphtool.projection.fetch_network`), calls :mod:`graphtool.analysis` and prints
rows. networkx is imported inside the commands so ``graphtool --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..model import KINDS
from .base import State, echo_rows, output_options, pass_state, stderr_is_tty

if TYPE_CHECKING:
    import networkx as nx

    from ..analysis.network import Network

F = TypeVar("F", bound=Callable[..., Any])

#: Names of graphtool.analysis.centrality.MEASURES (kept here so --help does not import networkx;
#: a test checks they agree).
MEASURE_NAMES = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "kcore")
#: graphtool.analysis.communities.COMMUNITY_METHODS, likewise.
COMMUNITY_METHODS = ("louvain", "leiden", "label-propagation")
#: graphtool.projection.PROJECTIONS and LEVELS (and analysis.engines.ENGINES), likewise.
PROJECTIONS = ("actors", "actor-event", "membership", "raw")
LEVELS = ("actor", "state")
ENGINES = ("auto", "networkx", "igraph")
#: graphtool.analysis.centrality's sampled measures and sampling policy (for --help), likewise.
SAMPLED_MEASURES = ("betweenness", "closeness")
EXACT_MAX = 10_000
DEFAULT_SAMPLE = 1000


def filter_options(f: F) -> F:
    """``--kind``, ``--event-kind``, ``--country``, ``--from``, ``--to``, ``--level``,
    ``--include-inferred``, ``--dataset``."""
    options = [
        click.option(
            "--dataset",
            "datasets",
            multiple=True,
            metavar="NAME",
            help="Keep what this dataset states ('graphtool datasets' lists them). Repeatable.",
        ),
        click.option(
            "--include-inferred",
            is_flag=True,
            help="Keep participations and memberships marked inferred (deduced, not stated "
            "by the cited passage); left out by default.",
        ),
        click.option(
            "--level",
            type=click.Choice(LEVELS),
            default="actor",
            show_default=True,
            help="'state' rolls agencies, offices and office-holders up to their state, "
            "companies to the state they are based in.",
        ),
        click.option("--to", "end", type=int, metavar="YEAR", help="Last year of events kept (inclusive)."),
        click.option(
            "--from",
            "start",
            type=int,
            metavar="YEAR",
            help="First year of events kept (inclusive). Undated events drop out "
            "when --from or --to is given.",
        ),
        click.option(
            "--country",
            "countries",
            multiple=True,
            metavar="STATE",
            help="Keep events a state's actors took part in or held there (id, name or alias). Repeatable.",
        ),
        click.option(
            "--event-kind",
            "event_kinds",
            multiple=True,
            type=click.Choice(KINDS["Event"] or ()),
            help="Keep events of this kind. Repeatable.",
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice(KINDS["Actor"] or ()),
            help="Keep actors of this kind. Repeatable.",
        ),
    ]
    for option in options:
        f = option(f)
    return f


def engine_options(f: F) -> F:
    """``--unweighted``, ``--engine``, ``--sample``, ``--seed``."""
    options = [
        click.option(
            "--seed",
            type=int,
            default=0,
            show_default=True,
            help="Seed for sampling and community detection.",
        ),
        click.option(
            "--sample",
            type=click.IntRange(min=0),
            metavar="K",
            help=f"Estimate {' and '.join(SAMPLED_MEASURES)} from K sampled sources (0: exact). "
            f"Default: exact up to {EXACT_MAX:,} nodes, "
            f"else {DEFAULT_SAMPLE:,} sources.",
        ),
        click.option(
            "--engine",
            type=click.Choice(ENGINES),
            default="auto",
            show_default=True,
            help="networkx, igraph, or auto: igraph on large graphs.",
        ),
        click.option("--unweighted", is_flag=True, help="Ignore weights (shared events and tie weights)."),
    ]
    for option in options:
        f = option(f)
    return f


_TOP = click.option("--top", type=click.IntRange(min=0), metavar="N", help="Show the first N rows only.")


def _fetch(state: State, projection: str = "actors", events: bool = True, **filters: Any) -> nx.Graph:
    from ..projection import fetch_graph

    _reading(state, projection)
    G = fetch_graph(state.db(), projection, events=events, **filters)
    _describe(state, projection, G)
    return G


def _fetch_network(state: State, projection: str = "actors", **filters: Any) -> Network:
    from ..projection import fetch_network

    _reading(state, projection)
    net = fetch_network(state.db(), projection, **filters)
    _describe(state, projection, net)
    return net


def _reading(state: State, projection: str) -> None:
    """Say that the projection is being read, when someone is watching stderr."""
    if stderr_is_tty():
        state.note(f"reading the {projection} network ...")


def _describe(state: State, projection: str, G: nx.Graph | Network) -> None:
    state.note(f"{projection} network: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} links.")


def _sample(state: State, measures: Sequence[str], n: int, sample: int | None, seed: int) -> int | None:
    """The number of sources for the sampled measures, saying so when it estimates."""
    from ..analysis.centrality import sampling

    k, text = sampling(measures, n, sample, seed)
    if text:
        state.note(f"{text} (--sample 0 for exact).")
    return k


def _weights_note(
    state: State, measures: Sequence[str], unweighted: bool, projection: str = "actors"
) -> None:
    from ..analysis.centrality import MEASURES
    from ..analysis.twomode import TWO_MODE_MEASURES

    if projection == "actor-event":
        normalised = [m for m in measures if m in TWO_MODE_MEASURES]
        if normalised:
            state.note(
                f"two-mode: {', '.join(normalised)} counted in links and normalised per mode by the "
                "other mode's size (Borgatti & Everett 1997)."
            )
        measures = [m for m in measures if m not in TWO_MODE_MEASURES]
    if unweighted:
        return
    reads = {MEASURES[m].weights for m in measures}
    if "distance" in reads:
        what = {
            "actors": "shared events plus tie weights",
            "raw": "a tie's weight, 1 for other relationships, added up between two nodes",
            "actor-event": "the participations it stands for",
        }.get(projection, "1 per link")
        state.note(f"weights: lengths are 1/weight ({what}), so stronger links are closer.")


@click.command()
@click.option(
    "-m",
    "--measure",
    "measures",
    multiple=True,
    type=click.Choice(MEASURE_NAMES),
    help="Measure to rank by (default degree). Repeat for more columns; rows are ranked by the first.",
)
@_TOP
@click.option(
    "--network",
    "projection",
    type=click.Choice(PROJECTIONS),
    default="actors",
    show_default=True,
    help="Which projection to measure.",
)
@engine_options
@filter_options
@output_options
@pass_state
def centrality(
    state: State,
    measures: tuple[str, ...],
    top: int | None,
    projection: str,
    unweighted: bool,
    engine: str,
    sample: int | None,
    seed: int,
    fmt: str,
    **filters: Any,
) -> None:
    """Rank actors by a centrality measure of the actor network.

    Actors are linked when they took part in the same event or the data states a
    direct tie (TIED_TO) between them; a link's weight is the number of events they
    shared plus the weights of their ties. degree counts links, strength adds their
    weights; betweenness (brokers) and closeness read weights as lengths 1/weight;
    eigenvector and PageRank follow links in proportion to weight; kcore is the
    k-core number. Equal scores are ranked by id.

    On --network actor-event each mode is ranked on its own (the 'mode' column says
    actor or event; --top N keeps N of each), with degree, closeness and betweenness
    normalised by the size of the other mode (Borgatti & Everett 1997); --kind lists
    only actors of those kinds. --network raw reads every relationship as an
    undirected link.

    \b
    Example:
      graphtool centrality --measure betweenness --top 10
      graphtool centrality -m pagerank -m degree --level state --from 2010 --to 2015 --csv
      graphtool centrality --network actor-event -m degree -m betweenness --top 5
    """
    from ..analysis import twomode
    from ..analysis.centrality import centralities, ranking_table
    from ..analysis.engines import AUTO_EDGES, choose_engine

    measures = tuple(dict.fromkeys(measures or ("degree",)))
    G = _fetch_network(state, projection, **filters)
    _weights_note(state, measures, unweighted, projection)
    n_sample = _sample(state, measures, G.number_of_nodes(), sample, seed)
    used = choose_engine(G, engine)

    def progress(measure: str) -> None:
        if G.number_of_edges() >= AUTO_EDGES:  # say what takes time on large networks
            state.note(f"computing {measure} with {used} ...")

    options: dict[str, Any] = {"weighted": not unweighted, "engine": engine, "sample": n_sample, "seed": seed}
    if projection == "actor-event":
        scores = twomode.centralities(G, measures, progress=progress, **options)
        rows = twomode.ranking_table(G, scores, top, kinds=filters["kinds"])
        echo_rows(rows, ["mode", "rank", "id", "name", "kind", *measures], fmt)
        return
    scores = centralities(G, measures, progress=progress, **options)
    echo_rows(ranking_table(G, scores, top), ["rank", "id", "name", "kind", *measures], fmt)


@click.command()
@click.option(
    "--method",
    type=click.Choice(COMMUNITY_METHODS),
    default="louvain",
    show_default=True,
    help="louvain (networkx or igraph), leiden (igraph) or label-propagation.",
)
@click.option(
    "--resolution",
    type=float,
    default=1.0,
    show_default=True,
    help="Above 1: more, smaller communities; below 1: fewer, larger.",
)
@click.option("--by-node", is_flag=True, help="One row per actor instead of one per community.")
@_TOP
@engine_options
@filter_options
@output_options
@pass_state
def communities(
    state: State,
    method: str,
    resolution: float,
    by_node: bool,
    top: int | None,
    unweighted: bool,
    engine: str,
    sample: int | None,
    seed: int,
    fmt: str,
    **filters: Any,
) -> None:
    """Find groups of actors that work together more than with others.

    Prints one row per community (largest first) with its members and its share of
    the modularity; the total modularity goes to stderr. --top N keeps the N largest.
    Results are the same for the same seed.

    \b
    Example:
      graphtool communities --level state
      graphtool communities --method leiden --by-node --json
    """
    from ..analysis.communities import communities as detect
    from ..analysis.communities import modularity_shares

    G = _fetch(state, "actors", events=False, **filters)
    weight = None if unweighted else "weight"
    part = detect(G, method, weight=weight, resolution=resolution, seed=seed, engine=engine)
    q = "undefined (no links)" if part.modularity is None else f"{part.modularity:.4f}"
    state.note(f"{method} ({part.engine}): {len(part.communities)} communities, modularity {q}.")
    kept = part.communities if top is None else part.communities[:top]
    if by_node:
        rows = [r for r in part.rows(G) if r["community"] <= len(kept)]
        echo_rows(rows, ["community", "id", "name", "kind", "size"], fmt)
        return
    shares = modularity_shares(G, part, weight=weight, resolution=resolution)
    rows = [
        {
            "community": i,
            "size": len(c),
            "modularity": shares[i - 1],
            "members": list(c)
            if fmt in ("json", "jsonl")
            else "; ".join(str(G.nodes[n].get("name") or n) for n in c),
        }
        for i, c in enumerate(kept, start=1)
    ]
    echo_rows(rows, ["community", "size", "modularity", "members"], fmt)


@click.command()
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@click.option(
    "--weighted",
    is_flag=True,
    help="Shortest by lengths 1/weight (prefer strong links: many shared events, heavy ties) instead "
    "of fewest links.",
)
@filter_options
@output_options
@pass_state
def path(state: State, source: str, target: str, weighted: bool, fmt: str, **filters: Any) -> None:
    """Show how two actors are connected: each hop and the events that link it.

    A and B are ids, names or aliases (any case). Prints one row per hop and event,
    with the event's date and citation (document: locator). Among equally short
    paths, the one through the smallest ids.

    \b
    Example:
      graphtool path kg-mia "Ministry of Public Security"
      graphtool path China Tajikistan --level state --from 2010 --json
    """
    from ..analysis.network import find_node
    from ..analysis.paths import path_hops, path_rows, shortest_path

    G = _fetch(state, "actors", **filters)
    a = find_node(G, source, labels=["Actor"])
    b = find_node(G, target, labels=["Actor"])
    hops = path_hops(G, shortest_path(G, a, b, weight="weight" if weighted else None))
    state.note(f"{len(hops)} hop(s) from {G.nodes[a].get('name')} to {G.nodes[b].get('name')}.")
    rows = path_rows(hops)
    columns = ["hop", "from", "to", "weight", "event", "date", "event_name", "citation"]
    if fmt in ("json", "jsonl"):
        columns = [*columns[:-1], "roles", "sources", "locators"]
    echo_rows(rows, columns, fmt)


@click.command()
@click.argument("actor", metavar="A")
@click.option(
    "--depth", type=click.IntRange(min=1), default=1, show_default=True, help="How many links away to go."
)
@_TOP
@filter_options
@output_options
@pass_state
def neighbours(state: State, actor: str, depth: int, top: int | None, fmt: str, **filters: Any) -> None:
    """List the actors within --depth links of actor A (its ego network).

    Nearest first, then by the number of events shared with the centre (or with the
    actor they are reached through, shown in 'via'), then id.

    \b
    Example:
      graphtool neighbours kg-mia --depth 2
      graphtool neighbours China --level state --csv
    """
    from ..analysis.network import find_node
    from ..analysis.paths import neighbours as around

    G = _fetch(state, "actors", events=False, **filters)
    centre = find_node(G, actor, labels=["Actor"])
    rows = around(G, centre, depth)
    state.note(f"{len(rows)} actor(s) within {depth} link(s) of {G.nodes[centre].get('name')}.")
    echo_rows(rows if top is None else rows[:top], ["depth", "id", "name", "kind", "weight", "via"], fmt)


@click.command()
@click.option(
    "-m",
    "--measure",
    type=click.Choice(MEASURE_NAMES),
    default="degree",
    show_default=True,
    help="The measure followed over time.",
)
@click.option(
    "--by",
    type=click.Choice(["year", "period"]),
    default="year",
    show_default=True,
    help="One column per year, or per window of --every years.",
)
@click.option(
    "--every",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    metavar="YEARS",
    help="Length of a period with --by period.",
)
@click.option(
    "--compare",
    nargs=2,
    metavar="WINDOW WINDOW",
    help="Compare two windows (2005-2009 2010-2014): who rose and who fell.",
)
@_TOP
@engine_options
@filter_options
@output_options
@pass_state
def trend(
    state: State,
    measure: str,
    by: str,
    every: int,
    compare: tuple[str, str] | None,
    top: int | None,
    unweighted: bool,
    engine: str,
    sample: int | None,
    seed: int,
    fmt: str,
    **filters: Any,
) -> None:
    """Follow each actor's measure over time, or compare two windows.

    Each period's actor network holds only that period's events (by event date).
    Rows are ranked by the measure summed over the periods. With --compare, rows show
    the measure in each window and the change, biggest rise first; --top N keeps the
    N biggest rises and the N biggest falls.

    \b
    Example:
      graphtool trend --measure degree --by year --from 2010 --to 2015
      graphtool trend -m betweenness --level state --compare 2005-2009 2010-2014
    """
    from ..analysis import trends
    from ..projection import Filters, fetch_participation, for_period

    _reading(state, "actors")
    data = fetch_participation(state.db(), Filters(**filters), details=False)
    windows: list[trends.Period]
    if compare:
        windows = [trends.Period.parse(w) for w in compare]
    else:
        years = [e.year for e in data.events if e.year is not None]
        first = filters.get("start") or (min(years) if years else None)
        last = filters.get("end") or (max(years) if years else None)
        if first is None or last is None:
            state.note("no dated events match these filters.")
            echo_rows([], ["id", "name", "kind"], fmt)
            return
        windows = trends.periods(first, last, 1 if by == "year" else every)
    graphs = {w.label: for_period(data, w.start, w.end) for w in windows}
    options = {"weighted": not unweighted, "engine": engine, "seed": seed}
    biggest = max((g.number_of_nodes() for g in graphs.values()), default=0)
    options["sample"] = _sample(state, [measure], biggest, sample, seed)
    _weights_note(state, [measure], unweighted)
    by_period = trends.trend(graphs, measure, **options)
    # Names and kinds of every actor that can appear in a period.
    names = for_period(data, data.filters.start, data.filters.end)
    if compare:
        a, b = (w.label for w in windows)
        state.note(f"before: {a}; after: {b}.")
        rows = trends.compare(names, by_period[a], by_period[b], top)
        echo_rows(rows, ["id", "name", "kind", "before", "after", "change"], fmt)
        return
    rows = trends.trend_rows(names, by_period, top)
    echo_rows(rows, ["id", "name", "kind", *by_period], fmt)


#: The commands graphtool.cli adds to the main group.
commands = [centrality, communities, path, neighbours, trend]
