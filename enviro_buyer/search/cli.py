"""``enviro-buyer index rebuild`` and ``enviro-buyer index health``.

``rebuild`` reads every product from the database, writes a fresh index beside the
live one with a progress bar on stderr, swaps it in and prints a summary. ``health``
says whether the index opens and whether it holds as many products as the database;
both exit with status 1 when something is wrong, with a message and no traceback.
"""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from enviro_buyer.catalogue.cli import in_language, lang_option
from enviro_buyer.catalogue.models import Product
from enviro_buyer.errors import SearchUnavailableError
from enviro_buyer.extensions import db
from enviro_buyer.i18n import _

index_group = AppGroup("index", help="Manage the search index.")


def _fail(message: str) -> None:
    """Print ``message`` on stderr and exit with status 1."""
    click.echo(message, err=True)
    raise SystemExit(1)


def _product_count() -> int:
    """Return the number of products in the database."""
    return db.session.scalar(select(func.count(Product.id))) or 0


@index_group.command("rebuild")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@lang_option
def rebuild_command(quiet: bool, lang: str | None) -> None:
    """Index every product into a fresh index and swap it in."""
    from enviro_buyer.search.services import rebuild_index

    with in_language(lang):
        started = time.perf_counter()
        try:
            total = _product_count()
            count = rebuild_index(progress=not quiet)
        except OperationalError:
            _fail(_("The database is not set up yet: run `enviro-buyer init` first."))
        except SearchUnavailableError as exc:
            _fail(_("The search index could not be rebuilt: %(error)s", error=exc))
        seconds = time.perf_counter() - started
        click.echo(
            _(
                "Search index rebuilt in %(seconds)s s: %(count)s of %(total)s "
                "products indexed.",
                seconds=f"{seconds:.1f}",
                count=count,
                total=total,
            )
        )
        click.echo(
            _("Index folder: %(path)s", path=current_app.config["SEARCH_INDEX_DIR"])
        )
        if count < total:
            click.echo(
                _(
                    "%(missing)s products could not be indexed; the log names them.",
                    missing=total - count,
                ),
                err=True,
            )


@index_group.command("health")
@lang_option
def health_command(lang: str | None) -> None:
    """Tell whether the index can be searched and matches the database."""
    from enviro_buyer.search.services import index_health

    with in_language(lang):
        health = index_health()
        try:
            total = _product_count()
        except OperationalError:
            _fail(_("The database is not set up yet: run `enviro-buyer init` first."))
        click.echo(
            _(
                "Index: %(documents)s products; database: %(total)s products.",
                documents=health.documents,
                total=total,
            )
        )
        if not health.ok:
            _fail(_("The search index is not usable: %(detail)s", detail=health.detail))
        if health.documents != total:
            _fail(
                _(
                    "The index and the database disagree: run `enviro-buyer index "
                    "rebuild`."
                )
            )
        click.echo(_("The search index is healthy (%(detail)s).", detail=health.detail))
