"""graphtool: network analysis of actors, organisations and events.

Load cited facts from CSV into a Bolt graph database (Neo4j, or a local server
graphtool runs itself), query them, analyse them with networkx and render them as
offline HTML networks.
"""

__version__ = "0.1.0"
