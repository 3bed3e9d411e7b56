"""``python -m flows`` runs the zhibiao command line."""

from flows.cli import app

app()
