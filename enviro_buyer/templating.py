"""Template helpers (placeholder)."""

from flask import Flask


def init_templating(app: Flask) -> None:
    """Register template helpers."""
