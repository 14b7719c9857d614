"""Search index sync (placeholder)."""

from flask import Flask


def init_search(app: Flask) -> None:
    """Open the search backend."""
