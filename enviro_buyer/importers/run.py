"""Importing ENERGY STAR exports into the catalogue, one transaction per file.

Each file is read and checked completely before anything is written: its category is
found (by name, by header, or created in department "other" for an export of a
category never seen), its rows are turned into records or rejections, and only then
are the category, its new metrics and the products written and committed together. A
file that fails at any point is rolled back and reported; the other files go on.

Indexing is paused during the import and the search index is brought up to date once
at the end, for the changed products only (or rebuilt when it was empty).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload
from tqdm import tqdm

from enviro_buyer.catalogue import services
from enviro_buyer.catalogue.models import Category, Ecolabel
from enviro_buyer.catalogue.refresh import refresh_search
from enviro_buyer.errors import ImportFileError
from enviro_buyer.extensions import db
from enviro_buyer.i18n import _
from enviro_buyer.importers import energystar, rows
from enviro_buyer.importers.mapping import (
    CategoryInfo,
    file_stem,
    match_by_header,
    match_by_name,
)
from enviro_buyer.importers.report import FileFailure, FileOutcome, ImportReport

logger = logging.getLogger(__name__)


class CatalogueNotReadyError(Exception):
    """The database has no ENERGY STAR label: the catalogue was never set up."""


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[FileFailure]]:
    """Turn files and folders into the list of files to import, in name order."""
    files: list[Path] = []
    failures: list[FileFailure] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv"
            )
            if not found:
                failures.append(
                    FileFailure(str(path), _("the folder holds no .csv file"))
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            failures.append(FileFailure(str(path), _("no such file or folder")))
    return files, failures


def _category_infos() -> list[CategoryInfo]:
    """Read what the mapping needs about every category."""
    categories = db.session.scalars(
        select(Category)
        .options(selectinload(Category.metrics))
        .order_by(Category.position)
    )
    return [
        CategoryInfo(
            id=c.id,
            slug=c.slug,
            source_names=set(c.source_names or []),
            metric_units={m.key: m.unit for m in c.metrics},
            efficiency_metric=c.efficiency_metric,
        )
        for c in categories
    ]


def _new_category_slug(stem: str, infos: Sequence[CategoryInfo]) -> str:
    """A free slug for a category named after ``stem``."""
    base = stem[:80].strip("-") or "energy-star-products"
    taken = {info.slug for info in infos}
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base[:76]}-{suffix}"
        suffix += 1
    return slug


def import_file(
    path: Path,
    infos: list[CategoryInfo],
    label: str,
    earlier: dict[str, tuple[str, int]] | None = None,
) -> FileOutcome:
    """Import one export in one transaction; raise ImportFileError if it fails whole.

    ``earlier`` holds the listing ids imported from previous files of the run; this
    file's are added to it once it is committed.
    """
    raw = energystar.read_export(path, label)
    roles = energystar.find_roles(raw, label)
    stem = file_stem(path)
    info = match_by_name(stem, infos)
    if info is None:
        info = match_by_header(energystar.header_keys(raw, roles), infos)
        if info is not None:
            logger.info("%s matched category %s by its columns", label, info.slug)
    new_category = info is None
    if info is None:
        if not stem:
            raise ImportFileError(label, _("its name gives no category name"))
        info = CategoryInfo(
            id=None, slug=_new_category_slug(stem, infos), source_names={stem}
        )

    columns = energystar.spec_columns(raw, roles, info.metric_units)
    earlier = {} if earlier is None else earlier
    parsed = rows.parse_export(raw, roles, columns, info.slug, label, earlier)

    if new_category:
        name = stem.replace("-", " ").capitalize()
        category = services.create_category(
            info.slug, {"en": name}, source_names=[stem]
        )
    else:
        category = db.session.get(Category, info.id)
    metrics = [services.MetricSpec(c.key, c.header, c.name, c.unit) for c in columns]
    services.ensure_metrics(category, metrics)
    db.session.flush()
    result = services.upsert_products(parsed.records)
    db.session.commit()
    earlier.update((listing, (label, line)) for listing, line in parsed.lines.items())
    info.metric_units.update(
        {c.key: c.unit for c in columns if c.key not in info.metric_units}
    )

    return FileOutcome(
        file=label,
        category=info.slug,
        rows_read=parsed.rows_read,
        created=len(result.created),
        updated=len(result.updated),
        unchanged=result.unchanged,
        new_category=new_category,
        rejections=parsed.rejections,
        changed_ids=set(result.changed_ids),
    )


def import_energystar(paths: Sequence[Path], *, progress: bool = True) -> ImportReport:
    """Import ENERGY STAR exports (files or folders) and report what happened."""
    from enviro_buyer.search.sync import paused

    if (
        db.session.scalar(select(Ecolabel.id).filter_by(slug=energystar.ENERGY_STAR))
        is None
    ):
        raise CatalogueNotReadyError()

    files, failures = expand_paths(paths)
    report = ImportReport(failures=list(failures))
    infos = _category_infos()
    earlier: dict[str, tuple[str, int]] = {}
    with paused():
        bar = tqdm(files, desc=_("Importing"), unit=_("file"), disable=not progress)
        for path in bar:
            label = str(path)
            bar.set_postfix_str(path.name, refresh=False)
            try:
                outcome = import_file(path, infos, label, earlier)
            except ImportFileError as exc:
                db.session.rollback()
                report.failures.append(FileFailure(label, exc.reason))
                logger.warning("Import of %s failed: %s", label, exc.reason)
                infos = _category_infos()
                continue
            except (SQLAlchemyError, LookupError) as exc:
                # A batch job may go on after a database error: this file is rolled
                # back and reported, the others still count.
                db.session.rollback()
                # The driver's message, without the SQL statement around it.
                error = getattr(exc, "orig", None) or exc
                # A locked or full database is the operator's to fix, not a bug:
                # the reason is shown, the traceback only at DEBUG.
                logger.warning("Import of %s failed in the database: %s", label, error)
                logger.debug("Database error on %s", label, exc_info=True)
                report.failures.append(
                    FileFailure(
                        label, _("the database refused it: %(error)s", error=error)
                    )
                )
                infos = _category_infos()
                continue
            report.outcomes.append(outcome)
            if outcome.new_category:
                infos = _category_infos()
            logger.info(
                "Imported %s into %s: %s rows, %s created, %s updated, %s unchanged, "
                "%s rejected",
                label,
                outcome.category,
                outcome.rows_read,
                outcome.created,
                outcome.updated,
                outcome.unchanged,
                outcome.rejected,
            )
        bar.close()
    report.indexed = refresh_search(report.changed_ids, progress=progress)
    return report
