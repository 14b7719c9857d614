"""Catalogue commands: ``catalogue export``, ``catalogue load``, ``init`` and ``serve``.

``init`` prepares a fresh instance (schema, reference data, shipped products, search
index) and is cheap to repeat; ``serve`` runs it and then replaces itself with gunicorn
from the same virtualenv. Messages are translated into the language of ``--lang``, or
of the LANG environment variable when it is English, French or Spanish.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_babel import format_decimal

from enviro_buyer.config import LANGUAGES
from enviro_buyer.i18n import BABEL_LOCALES, _, force_locale
from enviro_buyer.paths import ROOT_DIR

catalogue_group = AppGroup("catalogue", help="Load and export the shipped catalogue.")


def cli_language(requested: str | None) -> str:
    """The language of CLI messages: --lang, else LANG's language if we speak it."""
    if requested in LANGUAGES:
        return requested
    env = os.environ.get("LANG", "")
    code = env.split(".")[0].split("_")[0].lower()
    return code if code in LANGUAGES else "en"


def in_language(requested: str | None) -> AbstractContextManager[Any]:
    """Context in which ``_()`` and number formats follow the CLI's language."""
    lang = cli_language(requested)
    return force_locale(BABEL_LOCALES.get(lang, lang))


def lang_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the --lang option to a command."""
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=None,
        help="Language of the messages (default: from LANG, else English).",
    )(command)


def _fail(message: str) -> None:
    """Print ``message`` to stderr and stop with status 1."""
    click.echo(message, err=True)
    raise SystemExit(1)


@catalogue_group.command("export")
@click.option(
    "--to",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write (default: config PRODUCTS_DATA_DIR).",
)
@lang_option
def export_command(folder: Path | None, lang: str | None) -> None:
    """Write every certifier product to the products folder."""
    from enviro_buyer.catalogue.datafiles import CatalogueDataError, export_products

    with in_language(lang):
        target = folder or Path(current_app.config["PRODUCTS_DATA_DIR"])
        try:
            summary = export_products(target)
        except (CatalogueDataError, OSError) as exc:
            _fail(_("Export failed: %(error)s", error=exc))
        click.echo(
            _(
                "Exported %(products)s products in %(categories)s categories "
                "to %(folder)s",
                products=format_decimal(summary.products),
                categories=format_decimal(summary.categories),
                folder=summary.folder,
            )
        )


@catalogue_group.command("load")
@click.option(
    "--from",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to read (default: config PRODUCTS_DATA_DIR).",
)
@lang_option
def load_command(folder: Path | None, lang: str | None) -> None:
    """Load a products folder into the database (insert or update by listing id)."""
    from enviro_buyer.catalogue.datafiles import CatalogueDataError
    from enviro_buyer.catalogue.loader import load_products

    with in_language(lang):
        try:
            summary = load_products(folder, progress=True)
        except CatalogueDataError as exc:
            _fail(_("Nothing was loaded: %(error)s", error=exc))
        if not summary.indexed:
            click.echo(
                _(
                    "The products were saved but the search index could not be "
                    "updated: run `enviro-buyer index rebuild`."
                ),
                err=True,
            )
        click.echo(
            _(
                "Products: %(count)s (created %(created)s, updated %(updated)s, "
                "unchanged %(unchanged)s)",
                count=format_decimal(summary.products),
                created=format_decimal(summary.created),
                updated=format_decimal(summary.updated),
                unchanged=format_decimal(summary.unchanged),
            )
        )


def _run_init() -> None:
    """Run every first-start step, printing each; stop with a message on failure."""
    from enviro_buyer.catalogue.datafiles import CatalogueDataError
    from enviro_buyer.catalogue.loader import initialise
    from enviro_buyer.errors import ConfigError, SearchUnavailableError

    try:
        initialise(click.echo, progress=True)
    except (CatalogueDataError, ConfigError, SearchUnavailableError) as exc:
        _fail(_("Set-up stopped: %(error)s", error=exc))


@click.command("init")
@lang_option
@with_appcontext
def init_command(lang: str | None) -> None:
    """Prepare the instance: schema, reference data, shipped products, search index."""
    with in_language(lang):
        _run_init()
        click.echo(_("Ready."))


@click.command("serve")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=lambda: os.environ.get("PORT", "5000"),
    show_default="PORT or 5000",
    help="Port to listen on.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Gunicorn worker processes.",
)
@lang_option
@with_appcontext
def serve_command(port: int, host: str, workers: int, lang: str | None) -> None:
    """Set up the instance if needed, then serve the app with gunicorn."""
    from enviro_buyer.extensions import db

    gunicorn = Path(sys.executable).parent / "gunicorn"
    with in_language(lang):
        _run_init()
        if not gunicorn.is_file():
            _fail(
                _("gunicorn is not installed next to %(python)s", python=sys.executable)
            )
        click.echo(_("Serving on http://%(host)s:%(port)s", host=host, port=port))

    db.engine.dispose()
    arguments = [
        str(gunicorn),
        "--workers",
        str(workers),
        "--bind",
        f"{host}:{port}",
        "--chdir",
        str(ROOT_DIR),
        # gunicorn 27 otherwise shares one control socket in ~/.gunicorn between every
        # server on the machine, so a second server (tests, benchmarks) collides.
        "--no-control-socket",
        "wsgi:app",
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(arguments[0], arguments)
