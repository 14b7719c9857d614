"""The shipped products folder (``catalogue_data/products``): format, export, reading.

The folder holds what the project's importer made of the certifiers' files, small
enough to commit and quick to load on a first start:

- ``manifest.json``: the format version and, per category, its file, its number of
  products and its definition (department, names, everyday search words, source
  names, efficiency metric and every metric with its unit), so a category the
  importer created is recreated wherever the reference data lacks it;
- ``<category>.jsonl.gz``: one product per line, a ``ProductRecordSchema`` record,
  sorted by listing id. Files are gzip-compressed with a zero timestamp, so exporting
  the same catalogue twice gives byte-identical files and clean diffs.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from enviro_buyer.catalogue.models import (
    PROVENANCE_CERTIFIER,
    Category,
    Certification,
    Ecolabel,
    Product,
)
from enviro_buyer.catalogue.schemas import ManifestSchema, ProductRecordSchema
from enviro_buyer.errors import EnviroBuyerError
from enviro_buyer.extensions import db

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = 1
LANGS = ("en", "fr", "es")

_record_schema = ProductRecordSchema()


class CatalogueDataError(EnviroBuyerError):
    """A products folder that cannot be loaded; the message names file and line."""


@dataclass
class ExportSummary:
    """What an export wrote."""

    products: int
    categories: int
    folder: Path


def _texts(row: Any, field: str) -> dict[str, str]:
    """The {en, fr, es} value of a translated column group."""
    return {lang: getattr(row, f"{field}_{lang}") or "" for lang in LANGS}


def _category_entry(category: Category, count: int) -> dict[str, Any]:
    """The manifest entry describing ``category``."""
    return {
        "slug": category.slug,
        "department": category.department.slug,
        "name": _texts(category, "name"),
        "keywords": {lang: category.keywords(lang) for lang in LANGS},
        "source_names": list(category.source_names or []),
        "efficiency_metric": category.efficiency_metric,
        "metrics": [
            {
                "key": m.key,
                "source_name": m.source_name,
                "name": _texts(m, "name"),
                "unit": m.unit,
                "better": m.better,
                "is_key": m.is_key,
            }
            for m in category.metrics
        ],
        "file": f"{category.slug}.jsonl.gz",
        "count": count,
    }


def _records_of(category: Category, labels: dict[int, str]) -> list[dict[str, Any]]:
    """Every certifier product of ``category`` as a dumped, validated record."""
    query = (
        select(Product)
        .where(Product.category_id == category.id)
        .where(Product.provenance == PROVENANCE_CERTIFIER)
        .options(selectinload(Product.certifications))
    )
    records = []
    for product in db.session.scalars(query):
        certifications = sorted(
            product.certifications, key=lambda c: (labels[c.ecolabel_id], c.listing_id)
        )
        record = {
            "category": category.slug,
            "brand": product.brand,
            "model_number": product.model_number,
            "model_name": product.model_name,
            "additional_info": product.additional_info,
            "markets": product.markets,
            "date_available": product.date_available,
            "specs": product.specs,
            "certifications": [_certification(c, labels) for c in certifications],
        }
        dumped = _record_schema.dump(record)
        errors = _record_schema.validate(dumped)
        if errors:
            raise CatalogueDataError(
                f"product {product.id} cannot be exported: {errors}"
            )
        records.append(dumped)
    records.sort(
        key=lambda r: [(c["ecolabel"], c["listing_id"]) for c in r["certifications"]]
    )
    return records


def _certification(cert: Certification, labels: dict[int, str]) -> dict[str, Any]:
    """One certification as part of a record."""
    return {
        "ecolabel": labels[cert.ecolabel_id],
        "listing_id": cert.listing_id,
        "tier": cert.tier,
        "certified_on": cert.certified_on,
        "expires_on": cert.expires_on,
        "withdrawn_on": cert.withdrawn_on,
        "source": cert.source,
    }


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so no half file remains."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def export_products(folder: Path) -> ExportSummary:
    """Write every certifier product to ``folder``: a manifest, a file per category."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = db.session.execute(select(Ecolabel.id, Ecolabel.slug))
    labels = {label_id: slug for label_id, slug in rows}
    used = select(Product.category_id).where(Product.provenance == PROVENANCE_CERTIFIER)
    categories = db.session.scalars(
        select(Category)
        .where(Category.id.in_(used.distinct()))
        .order_by(Category.slug)
        .options(selectinload(Category.metrics), selectinload(Category.department))
    ).all()

    entries = []
    total = 0
    for category in categories:
        records = _records_of(category, labels)
        lines = "".join(
            json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
            for r in records
        )
        data = gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0)
        entry = _category_entry(category, len(records))
        _write_atomically(folder / entry["file"], data)
        entries.append(entry)
        total += len(records)

    manifest = ManifestSchema().dump({"format": FORMAT, "categories": entries})
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    _write_atomically(folder / MANIFEST, text.encode("utf-8"))
    keep = {entry["file"] for entry in entries}
    for stale in folder.glob("*.jsonl.gz"):
        if stale.name not in keep:
            stale.unlink()
    logger.info(
        "Exported %s products in %s categories to %s", total, len(entries), folder
    )
    return ExportSummary(products=total, categories=len(entries), folder=folder)


def read_manifest(folder: Path) -> dict[str, Any]:
    """Read and validate ``folder``/manifest.json."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueDataError(f"{path} is missing") from None
    except (OSError, ValueError) as exc:
        raise CatalogueDataError(f"{path} cannot be read: {exc}") from exc
    try:
        return ManifestSchema().load(data)
    except ValidationError as exc:
        raise CatalogueDataError(f"{path} has errors: {exc.messages}") from exc


def iter_records(folder: Path, entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield the validated records of one category file of the manifest."""
    path = folder / entry["file"]
    count = 0
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    record = _record_schema.load(json.loads(line))
                except (ValueError, ValidationError) as exc:
                    detail = exc.messages if isinstance(exc, ValidationError) else exc
                    raise CatalogueDataError(f"{path}:{number}: {detail}") from exc
                if record["category"] != entry["slug"]:
                    raise CatalogueDataError(
                        f"{path}:{number}: belongs to {record['category']}, "
                        f"not {entry['slug']}"
                    )
                count += 1
                yield record
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise CatalogueDataError(f"{path} cannot be read: {exc}") from exc
    if count != entry["count"]:
        raise CatalogueDataError(
            f"{path} holds {count} products where the manifest says {entry['count']}"
        )
