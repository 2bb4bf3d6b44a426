"""``python -m graphtool`` runs the command line."""

from .cli import main

main()
