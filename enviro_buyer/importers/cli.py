"""``enviro-buyer import energystar PATH...``: import certifier exports.

Prints a progress bar on stderr, then the summary (files, rows read, created, updated,
unchanged, rejected) and every rejected row as ``file:line: reason``. Exits with status
1 when any file failed as a whole, with the reason for each, and never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from enviro_buyer.catalogue.cli import in_language, lang_option
from enviro_buyer.i18n import _

import_group = AppGroup("import", help="Import certifier data.")


@import_group.command("energystar")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", is_flag=True, help="No progress bar.")
@lang_option
def energystar_command(paths: tuple[Path, ...], quiet: bool, lang: str | None) -> None:
    """Import ENERGY STAR certified-product exports (CSV files or folders of them)."""
    from enviro_buyer.importers.report import summary_lines
    from enviro_buyer.importers.run import CatalogueNotReadyError, import_energystar

    with in_language(lang):
        try:
            report = import_energystar(list(paths), progress=not quiet)
        except (CatalogueNotReadyError, OperationalError):
            click.echo(
                _("The catalogue is not set up yet: run `enviro-buyer init` first."),
                err=True,
            )
            raise SystemExit(1) from None

        for line in summary_lines(report):
            click.echo(line)
        if report.rejections:
            click.echo(_("Rejected rows:"))
            for rejection in report.rejections:
                click.echo(f"  {rejection}")
        if not report.indexed:
            click.echo(
                _(
                    "The products were saved but the search index could not be "
                    "updated: run `enviro-buyer index rebuild`."
                ),
                err=True,
            )
        if report.failures:
            click.echo(_("Files not imported (nothing of them was written):"), err=True)
            for failure in report.failures:
                click.echo(f"  {failure}", err=True)
            raise SystemExit(1)
