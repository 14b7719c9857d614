"""Loading the shipped products, and the first start (``enviro-buyer init``).

``load_products`` reads ``catalogue_data/products`` back into the database: into an
empty database it inserts in bulk without looking anything up; otherwise it upserts by
listing id like an import. Either way it is one transaction: a bad line anywhere
leaves the database as it was.

``initialise`` is every step a fresh clone needs before serving, each announced and
each skipped quickly when already done, so ``enviro-buyer serve`` can run it on every
start.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import format_decimal
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from tqdm import tqdm

from enviro_buyer.catalogue import services
from enviro_buyer.catalogue.datafiles import (
    CatalogueDataError,
    iter_records,
    read_manifest,
)
from enviro_buyer.catalogue.models import Category
from enviro_buyer.catalogue.refresh import refresh_search, search_index_state
from enviro_buyer.extensions import db
from enviro_buyer.i18n import _

logger = logging.getLogger(__name__)

# Records written per executemany round.
BATCH = 2000


@dataclass
class LoadSummary:
    """What a load did."""

    products: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bulk: bool = False
    # False when the search index could not follow the load.
    indexed: bool = True


def _ensure_categories(manifest: dict[str, Any]) -> None:
    """Create the categories and metrics of the manifest that the database lacks."""
    known = {c.slug: c for c in db.session.scalars(select(Category))}
    for entry in manifest["categories"]:
        category = known.get(entry["slug"])
        if category is None:
            category = services.create_category(
                entry["slug"],
                entry["name"],
                department=entry["department"],
                source_names=entry["source_names"],
                efficiency_metric=entry["efficiency_metric"],
                keywords=entry["keywords"],
            )
        specs = [
            services.MetricSpec(
                key=m["key"],
                source_name=m["source_name"],
                name=m["name"]["en"],
                unit=m["unit"],
                name_fr=m["name"].get("fr", ""),
                name_es=m["name"].get("es", ""),
                better=m["better"],
                is_key=m["is_key"],
            )
            for m in entry["metrics"]
        ]
        services.ensure_metrics(category, specs)
    db.session.flush()


def _write(
    batch: list[dict[str, Any]], summary: LoadSummary, changed: list[int]
) -> None:
    """Write one batch of records, in bulk or as an upsert."""
    if not batch:
        return
    if summary.bulk:
        ids = services.insert_products(batch)
        summary.created += len(ids)
        changed.extend(ids)
        return
    result = services.upsert_products(batch)
    summary.created += len(result.created)
    summary.updated += len(result.updated)
    summary.unchanged += result.unchanged
    changed.extend(result.changed_ids)


def load_products(
    folder: Path | str | None = None,
    *,
    progress: bool = False,
    refresh: bool = True,
) -> LoadSummary:
    """Load a products folder (default: config PRODUCTS_DATA_DIR) in one transaction.

    With ``refresh`` off the search index is left to the caller (``initialise``
    rebuilds it as a step of its own).
    """
    from enviro_buyer.search.sync import paused

    path = Path(folder or current_app.config["PRODUCTS_DATA_DIR"])
    manifest = read_manifest(path)
    total = sum(entry["count"] for entry in manifest["categories"])
    summary = LoadSummary(bulk=services.product_count() == 0)
    changed: list[int] = []

    with paused():
        bar = tqdm(
            total=total,
            desc=_("Loading products"),
            unit=_("product"),
            disable=not progress,
        )
        try:
            _ensure_categories(manifest)
            for entry in manifest["categories"]:
                batch: list[dict[str, Any]] = []
                for record in iter_records(path, entry):
                    batch.append(record)
                    if len(batch) >= BATCH:
                        _write(batch, summary, changed)
                        bar.update(len(batch))
                        batch = []
                _write(batch, summary, changed)
                bar.update(len(batch))
            db.session.commit()
        except IntegrityError as exc:
            db.session.rollback()
            raise CatalogueDataError(
                f"{path}: a listing id appears more than once ({exc.orig})"
            ) from exc
        except BaseException:
            db.session.rollback()
            raise
        finally:
            bar.close()
    summary.products = total
    logger.info(
        "Loaded %s products from %s (%s created, %s updated, %s unchanged)",
        total,
        path,
        summary.created,
        summary.updated,
        summary.unchanged,
    )

    if refresh:
        summary.indexed = refresh_search(changed, progress=progress)
    return summary


def initialise(echo: Callable[[str], None], *, progress: bool = True) -> None:
    """Set up the instance for serving; every step is skipped when already done."""
    from flask_migrate import upgrade

    from enviro_buyer.config import ensure_secret_key_file
    from enviro_buyer.search.services import rebuild_index

    config = current_app.config
    number = format_decimal

    def detail(text: str) -> None:
        echo(f"      {text}")

    instance = Path(config["INSTANCE_DIR"])
    echo(_("[1/5] Instance folder: %(path)s", path=instance))
    instance.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("ENVIROBUYER_SECRET_KEY"):
        ensure_secret_key_file(instance)

    echo(_("[2/5] Database schema"))
    upgrade()

    echo(_("[3/5] Departments, categories and ecolabels"))
    services.load_reference_data()

    echo(_("[4/5] Products"))
    count = services.product_count()
    loaded = False
    if not config["LOAD_CATALOGUE_ON_START"]:
        detail(_("skipped: LOAD_CATALOGUE_ON_START is off"))
    elif count:
        detail(_("%(count)s products already loaded", count=number(count)))
    else:
        summary = load_products(progress=progress, refresh=False)
        detail(_("%(count)s products loaded", count=number(summary.created)))
        count = services.product_count()
        loaded = True

    echo(_("[5/5] Search index"))
    ok, documents = search_index_state()
    if loaded or not ok or (documents == 0 and count > 0):
        indexed = rebuild_index(progress=progress)
        detail(_("built with %(count)s products", count=number(indexed)))
    else:
        detail(_("%(count)s products indexed", count=number(documents)))
