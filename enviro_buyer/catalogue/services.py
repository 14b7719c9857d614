"""Every change of catalogue state: reference data, categories and metrics, products.

Reference data (departments, categories with their key metrics, ecolabels) comes from
the JSON files in ``catalogue_data/`` and is upserted by slug, so loading it twice
changes nothing and editing a text there updates it on the next start. Products are
written in bulk by ``upsert_products`` (see ``catalogue.bulk``), keyed by their
certifications' listing ids.

Services change the session; the caller decides when to commit, except
``load_reference_data``, which is a complete step of its own and commits.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from marshmallow import Schema, ValidationError
from sqlalchemy import func, select

from enviro_buyer.catalogue.bulk import UpsertResult, insert_products, upsert_products
from enviro_buyer.catalogue.models import (
    Category,
    Department,
    Ecolabel,
    Metric,
    Product,
)
from enviro_buyer.catalogue.schemas import (
    CategorySchema,
    DepartmentSchema,
    EcolabelSchema,
)
from enviro_buyer.errors import ConfigError
from enviro_buyer.extensions import db
from enviro_buyer.paths import CATALOGUE_DATA_DIR

logger = logging.getLogger(__name__)

__all__ = [
    "OTHER_DEPARTMENT",
    "MetricSpec",
    "ReferenceCounts",
    "UpsertResult",
    "create_category",
    "ensure_metrics",
    "insert_products",
    "load_reference_data",
    "product_count",
    "today",
    "upsert_products",
]

# Department of the categories the importer meets for the first time.
OTHER_DEPARTMENT = "other"
# Its names, used only when departments.json lacks it.
_OTHER_NAMES = {"en": "Other", "fr": "Autres", "es": "Otros"}
LANGS = ("en", "fr", "es")


@dataclass
class ReferenceCounts:
    """How many reference rows the JSON files hold, and how many were new."""

    departments: int = 0
    categories: int = 0
    metrics: int = 0
    ecolabels: int = 0
    created: int = 0


@dataclass(frozen=True)
class MetricSpec:
    """A metric met in a certifier file: key, published header, name and unit.

    Metrics found by the importer have an English name only (the header); those
    recreated from a products folder may carry every language and a direction.
    """

    key: str
    source_name: str
    name: str
    unit: str
    name_fr: str = ""
    name_es: str = ""
    better: str | None = None
    is_key: bool = False


def today() -> dt.date:
    """Return the date that decides whether a certificate is valid (config TODAY)."""
    configured = current_app.config.get("TODAY") or ""
    if configured:
        return dt.date.fromisoformat(configured)
    return dt.date.today()


def product_count() -> int:
    """Return the number of products in the database."""
    return db.session.scalar(select(func.count(Product.id))) or 0


def _read_list(path: Path, schema: Schema) -> list[dict[str, Any]]:
    """Read a JSON list and validate each entry; raise ConfigError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path} is missing: the catalogue cannot be set up"
        ) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path} cannot be read: {exc}") from exc
    if not isinstance(data, list):
        raise ConfigError(f"{path} must hold a JSON list")
    try:
        return schema.load(data, many=True)
    except ValidationError as exc:
        raise ConfigError(f"{path} has errors: {exc.messages}") from exc


def _assign(row: Any, **values: Any) -> None:
    """Set the attributes whose value differs.

    Setting an attribute to its current value still marks the row dirty, and the
    search sync would then reindex every product of every category on each start.
    """
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _set_texts(row: Any, field: str, texts: Mapping[str, str]) -> None:
    """Copy a {en, fr, es} text into ``<field>_en`` … columns."""
    _assign(row, **{f"{field}_{lang}": texts.get(lang) or "" for lang in LANGS})


def _set_keywords(row: Category, keywords: Mapping[str, Iterable[str]]) -> None:
    """Copy a {en, fr, es} list of search words into ``keywords_<lang>`` columns."""
    _assign(
        row,
        **{f"keywords_{lang}": _distinct(keywords.get(lang) or ()) for lang in LANGS},
    )


def _distinct(words: Iterable[str]) -> list[str]:
    """Return ``words`` stripped, without blanks or repeats, in their order."""
    found: dict[str, None] = {}
    for word in words:
        text = " ".join(word.split())
        if text:
            found.setdefault(text, None)
    return list(found)


def _unique_slugs(entries: list[dict[str, Any]], path: Path) -> None:
    """Refuse a file that names one slug twice."""
    seen: set[str] = set()
    for entry in entries:
        if entry["slug"] in seen:
            raise ConfigError(f"{path}: slug {entry['slug']} appears twice")
        seen.add(entry["slug"])


def load_reference_data(path: Path | str = CATALOGUE_DATA_DIR) -> ReferenceCounts:
    """Upsert departments, categories, key metrics and ecolabels from ``path``."""
    folder = Path(path)
    departments = _read_list(folder / "departments.json", DepartmentSchema())
    categories = _read_list(folder / "categories.json", CategorySchema())
    ecolabels = _read_list(folder / "ecolabels.json", EcolabelSchema())
    for entries, name in (
        (departments, "departments.json"),
        (categories, "categories.json"),
        (ecolabels, "ecolabels.json"),
    ):
        _unique_slugs(entries, folder / name)

    counts = ReferenceCounts()
    try:
        known = _load_departments(departments, counts)
        _load_categories(categories, known, folder, counts)
        _load_ecolabels(ecolabels, counts)
    except ConfigError:
        db.session.rollback()
        raise
    db.session.commit()
    logger.info(
        "Reference data: %s departments, %s categories, %s key metrics, %s ecolabels "
        "(%s new rows)",
        counts.departments,
        counts.categories,
        counts.metrics,
        counts.ecolabels,
        counts.created,
    )
    return counts


def _load_departments(
    entries: list[dict[str, Any]], counts: ReferenceCounts
) -> dict[str, Department]:
    """Upsert departments by slug; return them all by slug."""
    known = {d.slug: d for d in db.session.scalars(select(Department))}
    for position, entry in enumerate(entries):
        row = known.get(entry["slug"])
        if row is None:
            row = known[entry["slug"]] = Department(slug=entry["slug"])
            db.session.add(row)
            counts.created += 1
        _set_texts(row, "name", entry["name"])
        _assign(row, position=position)
        counts.departments += 1
    return known


def _load_categories(
    entries: list[dict[str, Any]],
    departments: dict[str, Department],
    folder: Path,
    counts: ReferenceCounts,
) -> None:
    """Upsert categories and their key metrics; other metrics stay as imported."""
    stems: dict[str, str] = {}
    known = {c.slug: c for c in db.session.scalars(select(Category))}
    for position, entry in enumerate(entries):
        department = departments.get(entry["department"])
        if department is None:
            raise ConfigError(
                f"{folder / 'categories.json'}: category {entry['slug']} names an "
                f"unknown department {entry['department']}"
            )
        for stem in entry["source_names"]:
            if stems.setdefault(stem, entry["slug"]) != entry["slug"]:
                raise ConfigError(
                    f"{folder / 'categories.json'}: source name {stem} is listed by "
                    f"both {stems[stem]} and {entry['slug']}"
                )

        row = known.get(entry["slug"])
        if row is None:
            row = Category(slug=entry["slug"])
            db.session.add(row)
            counts.created += 1
        if row.department is not department:
            row.department = department
        _set_texts(row, "name", entry["name"])
        _set_texts(row, "description", entry["description"])
        _set_keywords(row, entry["keywords"])
        _assign(
            row,
            source_names=list(entry["source_names"]),
            efficiency_metric=entry["efficiency_metric"],
            position=position,
        )
        counts.categories += 1
        counts.created += _load_key_metrics(row, entry["metrics"])
        counts.metrics += len(entry["metrics"])


def _load_key_metrics(category: Category, entries: list[dict[str, Any]]) -> int:
    """Make ``entries`` the category's key metrics, first in order; return new rows."""
    by_key = {m.key: m for m in category.metrics}
    listed = {entry["key"] for entry in entries}
    created = 0
    for position, entry in enumerate(entries):
        metric = by_key.get(entry["key"])
        if metric is None:
            metric = Metric(key=entry["key"], source_name="")
            category.metrics.append(metric)
            created += 1
        _set_texts(metric, "name", entry["name"])
        _assign(
            metric,
            unit=entry["unit"],
            better=entry["better"],
            is_key=True,
            position=position,
        )
    offset = len(entries)
    others = sorted((m for m in category.metrics if m.key not in listed), key=_position)
    for position, metric in enumerate(others, start=offset):
        # A metric dropped from the key list is still a column of the category's files.
        _assign(metric, is_key=False, position=position)
    return created


def _position(metric: Metric) -> int:
    """Sort key of a metric (new ones have no position yet)."""
    return metric.position if metric.position is not None else 1_000_000


def _load_ecolabels(entries: list[dict[str, Any]], counts: ReferenceCounts) -> None:
    """Upsert ecolabels by slug."""
    known = {e.slug: e for e in db.session.scalars(select(Ecolabel))}
    for entry in entries:
        row = known.get(entry["slug"])
        if row is None:
            row = Ecolabel(slug=entry["slug"])
            db.session.add(row)
            counts.created += 1
        for field in ("name", "issuer", "certifies", "description", "verification"):
            _set_texts(row, field, entry[field])
        _assign(
            row,
            countries=list(entry["countries"]),
            tiers=list(entry["tiers"]),
            kind=entry["kind"],
            website=entry["website"],
        )
        counts.ecolabels += 1


def other_department() -> Department:
    """Return the department "other", creating it if the reference data lacks it."""
    department = db.session.scalar(select(Department).filter_by(slug=OTHER_DEPARTMENT))
    if department is None:
        logger.warning(
            "Department %s is missing from departments.json", OTHER_DEPARTMENT
        )
        department = Department(slug=OTHER_DEPARTMENT, position=10_000)
        _set_texts(department, "name", _OTHER_NAMES)
        db.session.add(department)
    return department


def create_category(
    slug: str,
    names: Mapping[str, str],
    *,
    department: str = OTHER_DEPARTMENT,
    source_names: Iterable[str] = (),
    efficiency_metric: str | None = None,
    keywords: Mapping[str, Iterable[str]] | None = None,
) -> Category:
    """Create a category; a language without a name gets the English one (warned)."""
    parent = None
    if department != OTHER_DEPARTMENT:
        parent = db.session.scalar(select(Department).filter_by(slug=department))
    if parent is None:
        parent = other_department()
    missing = [lang for lang in LANGS if not names.get(lang)]
    if missing:
        logger.warning(
            "New category %s has no name in %s; the English name %r is shown instead",
            slug,
            ", ".join(missing),
            names["en"],
        )
    position = db.session.scalar(select(func.max(Category.position))) or 0
    category = Category(
        slug=slug,
        department=parent,
        source_names=list(source_names),
        efficiency_metric=efficiency_metric,
        position=position + 1,
    )
    _set_texts(
        category, "name", {lang: names.get(lang) or names["en"] for lang in LANGS}
    )
    _set_texts(category, "description", {})
    _set_keywords(category, keywords or {})
    db.session.add(category)
    db.session.flush()
    logger.info("Created category %s in department %s", slug, parent.slug)
    return category


def ensure_metrics(category: Category, specs: Iterable[MetricSpec]) -> list[Metric]:
    """Add the metrics ``category`` lacks; existing ones are kept as they are."""
    by_key = {m.key: m for m in category.metrics}
    position = max((m.position for m in category.metrics), default=-1) + 1
    created: list[Metric] = []
    for spec in specs:
        existing = by_key.get(spec.key)
        if existing is not None:
            if not existing.source_name:
                existing.source_name = spec.source_name[:300]
            continue
        metric = Metric(
            key=spec.key,
            source_name=spec.source_name[:300],
            name_en=spec.name[:300],
            name_fr=spec.name_fr[:300],
            name_es=spec.name_es[:300],
            unit=spec.unit[:60],
            better=spec.better,
            is_key=spec.is_key,
            position=position,
        )
        position += 1
        category.metrics.append(metric)
        by_key[spec.key] = metric
        created.append(metric)
    if created:
        logger.debug("Category %s: %s new metrics", category.slug, len(created))
    return created
