"""Writing many certified products at once, keyed by their certifications.

A normalised product record (``schemas.ProductRecordSchema``) carries its
certifications; the pair (ecolabel, listing id) identifies the product across imports,
so a newer export of the same models updates them in place. Existing rows are read in
a few ``IN`` queries per batch rather than one query per record, and rows are written
with executemany (insert with RETURNING for new ids, update by primary key), which
keeps a full import of 35k models within seconds.

A record equal to what the database holds counts as unchanged; the certification's
``source`` (the file it came from) is not compared, so re-reading the same facts from
a newer file name is no change.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update

from enviro_buyer.catalogue.models import (
    PROVENANCE_CERTIFIER,
    Category,
    Certification,
    Ecolabel,
    Product,
)
from enviro_buyer.extensions import db

logger = logging.getLogger(__name__)

# Values per IN (...) list, well under SQLite's limit on bound parameters.
_CHUNK = 500

PRODUCT_FIELDS = (
    "category_id",
    "brand",
    "model_number",
    "model_name",
    "additional_info",
    "specs",
    "efficiency_value",
    "markets",
    "date_available",
)
CERTIFICATION_FIELDS = ("tier", "certified_on", "expires_on", "withdrawn_on")


@dataclass
class UpsertResult:
    """Ids of the products created and updated, and how many were unchanged."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed_ids(self) -> list[int]:
        """Products whose search documents must be refreshed."""
        return self.created + self.updated


class _Lookups:
    """Ids of the ecolabels and categories that records name by slug."""

    def __init__(self) -> None:
        rows = db.session.execute(select(Ecolabel.slug, Ecolabel.id))
        self.labels = {slug: label_id for slug, label_id in rows}
        self.categories = {
            slug: (cid, metric)
            for slug, cid, metric in db.session.execute(
                select(Category.slug, Category.id, Category.efficiency_metric)
            )
        }

    def label(self, slug: str) -> int:
        """Return the id of ecolabel ``slug``."""
        try:
            return self.labels[slug]
        except KeyError:
            raise LookupError(f"unknown ecolabel {slug}") from None

    def category(self, slug: str) -> tuple[int, str | None]:
        """Return the id and efficiency metric of category ``slug``."""
        try:
            return self.categories[slug]
        except KeyError:
            raise LookupError(f"unknown category {slug}") from None


def efficiency_of(specs: Mapping[str, Any], metric: str | None) -> float | None:
    """Return the value of the efficiency metric when it is a number."""
    if metric is None:
        return None
    value = specs.get(metric)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _product_row(record: Mapping[str, Any], lookups: _Lookups) -> dict[str, Any]:
    """Column values of the product described by ``record``."""
    category_id, metric = lookups.category(record["category"])
    specs = dict(record.get("specs") or {})
    return {
        "category_id": category_id,
        "brand": record["brand"],
        "model_number": record["model_number"],
        "model_name": record.get("model_name") or "",
        "additional_info": record.get("additional_info") or "",
        "specs": specs,
        "efficiency_value": efficiency_of(specs, metric),
        "markets": list(record.get("markets") or []),
        "date_available": record.get("date_available"),
    }


def _certification_row(cert: Mapping[str, Any], lookups: _Lookups) -> dict[str, Any]:
    """Column values of one certification of a record (without its product id)."""
    return {
        "ecolabel_id": lookups.label(cert["ecolabel"]),
        "listing_id": cert["listing_id"],
        "tier": cert.get("tier"),
        "certified_on": cert.get("certified_on"),
        "expires_on": cert.get("expires_on"),
        "withdrawn_on": cert.get("withdrawn_on"),
        "source": cert.get("source") or "",
    }


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    """Yield ``items`` in slices of ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_certifications(
    keys: Iterable[tuple[int, str]],
) -> dict[tuple[int, str], dict[str, Any]]:
    """Certifications already stored for the given (ecolabel id, listing id) pairs."""
    by_label: dict[int, list[str]] = {}
    for label_id, listing_id in keys:
        by_label.setdefault(label_id, []).append(listing_id)
    columns = [
        Certification.id,
        Certification.product_id,
        Certification.ecolabel_id,
        Certification.listing_id,
    ]
    columns += [getattr(Certification, name) for name in CERTIFICATION_FIELDS]
    columns.append(Certification.source)
    found: dict[tuple[int, str], dict[str, Any]] = {}
    for label_id, listing_ids in by_label.items():
        for chunk in _chunks(sorted(set(listing_ids))):
            query = select(*columns).where(
                Certification.ecolabel_id == label_id,
                Certification.listing_id.in_(chunk),
            )
            for row in db.session.execute(query).mappings():
                found[(row["ecolabel_id"], row["listing_id"])] = dict(row)
    return found


def _existing_products(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The comparable columns of the given products."""
    columns = [Product.id] + [getattr(Product, name) for name in PRODUCT_FIELDS]
    found: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        for row in db.session.execute(
            select(*columns).where(Product.id.in_(chunk))
        ).mappings():
            found[row["id"]] = dict(row)
    return found


def _insert(
    products: list[dict[str, Any]], certifications: list[list[dict[str, Any]]]
) -> list[int]:
    """Insert new products and their certifications; return the new product ids."""
    if not products:
        return []
    rows = [{**row, "provenance": PROVENANCE_CERTIFIER} for row in products]
    statement = insert(Product).returning(Product.id, sort_by_parameter_order=True)
    ids = list(db.session.scalars(statement, rows))
    cert_rows = [
        {**cert, "product_id": pid}
        for pid, certs in zip(ids, certifications, strict=True)
        for cert in certs
    ]
    if cert_rows:
        db.session.execute(insert(Certification), cert_rows)
    return ids


def insert_products(records: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert records known to be new (first load into an empty database)."""
    lookups = _Lookups()
    products = [_product_row(record, lookups) for record in records]
    certifications = [
        [_certification_row(cert, lookups) for cert in record["certifications"]]
        for record in records
    ]
    return _insert(products, certifications)


def upsert_products(records: Sequence[Mapping[str, Any]]) -> UpsertResult:
    """Create, update or leave each record's product, matched by its listing ids.

    Records of one call must not share a listing id. The session is not committed.
    """
    lookups = _Lookups()
    prepared = []
    for record in records:
        certs = [_certification_row(cert, lookups) for cert in record["certifications"]]
        prepared.append((_product_row(record, lookups), certs))

    keys = [
        (c["ecolabel_id"], c["listing_id"]) for _row, certs in prepared for c in certs
    ]
    existing = _existing_certifications(keys)
    products = _existing_products(c["product_id"] for c in existing.values())

    result = UpsertResult()
    new_products: list[dict[str, Any]] = []
    new_certs: list[list[dict[str, Any]]] = []
    product_updates: list[dict[str, Any]] = []
    cert_updates: list[dict[str, Any]] = []
    cert_inserts: list[dict[str, Any]] = []
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    for row, certs in prepared:
        matches = [existing.get((c["ecolabel_id"], c["listing_id"])) for c in certs]
        product_id = next((m["product_id"] for m in matches if m is not None), None)
        if product_id is None:
            new_products.append(row)
            new_certs.append(certs)
            continue

        stored = products[product_id]
        changed = any(stored[name] != row[name] for name in PRODUCT_FIELDS)
        if changed:
            if stored["category_id"] != row["category_id"]:
                logger.info(
                    "Product %s moves to category id %s", product_id, row["category_id"]
                )
            product_updates.append({"id": product_id, **row, "updated_at": now})
        product_changed = changed
        for cert, match in zip(certs, matches, strict=True):
            if match is None:
                cert_inserts.append({**cert, "product_id": product_id})
                changed = True
            elif any(match[name] != cert[name] for name in CERTIFICATION_FIELDS):
                cert_updates.append(
                    {"id": match["id"], "product_id": product_id, **cert}
                )
                changed = True
            elif product_changed and match["source"] != cert["source"]:
                # The facts changed: record the file they now come from.
                cert_updates.append(
                    {"id": match["id"], "product_id": product_id, **cert}
                )
        if changed:
            result.updated.append(product_id)
        else:
            result.unchanged += 1

    result.created = _insert(new_products, new_certs)
    if product_updates:
        db.session.execute(update(Product), product_updates)
    if cert_updates:
        db.session.execute(update(Certification), cert_updates)
    if cert_inserts:
        db.session.execute(insert(Certification), cert_inserts)
    return result
