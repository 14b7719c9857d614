"""The ``enviro-buyer`` command line.

It is Flask's command line for this app (so ``enviro-buyer db upgrade`` and
``enviro-buyer routes`` work) plus the project's own groups, each defined in its
domain's ``cli.py``: ``import`` (importers), ``index`` (search), ``catalogue``
(first-start loading and export), and ``serve`` (set up, then run gunicorn).
"""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup


def register_commands(app: Flask) -> None:
    """Attach every command group of the project to ``app.cli``."""
    from enviro_buyer.catalogue.cli import catalogue_group, init_command, serve_command
    from enviro_buyer.importers.cli import import_group
    from enviro_buyer.search.cli import index_group

    app.cli.add_command(import_group)
    app.cli.add_command(index_group)
    app.cli.add_command(catalogue_group)
    app.cli.add_command(init_command)
    app.cli.add_command(serve_command)


def _create_app():
    """Build the app for the command line."""
    import os

    from enviro_buyer import create_app
    from enviro_buyer.config import DEFAULTS, ensure_secret_key_file

    if not os.environ.get("ENVIROBUYER_SECRET_KEY"):
        instance = os.environ.get("ENVIROBUYER_INSTANCE_DIR", DEFAULTS["INSTANCE_DIR"])
        ensure_secret_key_file(instance)
    return create_app()


main = FlaskGroup(
    name="enviro-buyer",
    create_app=_create_app,
    add_default_commands=True,
    load_dotenv=False,
    help="EnviroBuyer: import certifier data, manage the search index, serve the app.",
)
