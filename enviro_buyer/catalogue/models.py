"""Catalogue tables.

Content written by the project (department, category, metric and label texts) has one
column per language; ``Localized.text(field, lang)`` picks the right one and falls back
to English. Certifier facts (brands, model numbers, spec values) stay as published.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enviro_buyer.extensions import db

STATUS_ACTIVE = "active"
STATUS_EXPIRED = "expired"
STATUS_WITHDRAWN = "withdrawn"
CERTIFICATION_STATUSES = (STATUS_ACTIVE, STATUS_EXPIRED, STATUS_WITHDRAWN)

PROVENANCE_CERTIFIER = "certifier"
PROVENANCE_SUPPLIER = "supplier"

BETTER_LOWER = "lower"
BETTER_HIGHER = "higher"


class Localized:
    """Mixin for rows with ``<field>_en``, ``<field>_fr`` and ``<field>_es`` columns."""

    def text(self, field: str, lang: str) -> str:
        """Return ``field`` in ``lang``, or in English when that language is empty."""
        value = getattr(self, f"{field}_{lang}", None)
        return value or getattr(self, f"{field}_en", None) or ""


class Department(Localized, db.Model):
    """A top-level grouping of categories, such as Appliances or Lighting."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))
    name_es: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)

    categories: Mapped[list[Category]] = relationship(
        back_populates="department", order_by="Category.position"
    )


class Category(Localized, db.Model):
    """A kind of product (Refrigerators), with the metrics that matter for it."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    name_en: Mapped[str] = mapped_column(String(160))
    name_fr: Mapped[str] = mapped_column(String(160))
    name_es: Mapped[str] = mapped_column(String(160))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_fr: Mapped[str] = mapped_column(Text, default="")
    description_es: Mapped[str] = mapped_column(Text, default="")
    # Everyday words people search this category by, per language ("fridge",
    # "frigo", "refri"): indexed for search, never shown as the category's name.
    keywords_en: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords_fr: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords_es: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Key of the metric that ranks products in this category ("greener first").
    efficiency_metric: Mapped[str | None] = mapped_column(String(120))
    # How certifier files name this category (file-name stems, dataset titles).
    source_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)

    department: Mapped[Department] = relationship(back_populates="categories")
    metrics: Mapped[list[Metric]] = relationship(
        back_populates="category",
        order_by="Metric.position",
        cascade="all, delete-orphan",
    )

    def keywords(self, lang: str) -> list[str]:
        """Return the everyday search words of ``lang`` (no fallback to English)."""
        return list(getattr(self, f"keywords_{lang}", None) or [])

    # Only the key metrics: what result lists need, without the certifier's hundreds.
    key_metrics: Mapped[list[Metric]] = relationship(
        primaryjoin="and_(Category.id == Metric.category_id, Metric.is_key)",
        order_by="Metric.position",
        viewonly=True,
    )

    def metric(self, key: str) -> Metric | None:
        """Return this category's metric called ``key``, if it has one."""
        return next((m for m in self.metrics if m.key == key), None)

    def efficiency(self) -> Metric | None:
        """Return the metric that ranks this category (always a key metric), if any."""
        key = self.efficiency_metric
        return next((m for m in self.key_metrics if m.key == key), None)


class Metric(Localized, db.Model):
    """A measured property of a category's products, with its unit and direction."""

    __tablename__ = "metrics"
    __table_args__ = (UniqueConstraint("category_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    # Stable key derived from the certifier's column name without its unit.
    key: Mapped[str] = mapped_column(String(120))
    # The certifier's column header as published (English), kept for provenance.
    source_name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    name_fr: Mapped[str] = mapped_column(String(300), default="")
    name_es: Mapped[str] = mapped_column(String(300), default="")
    unit: Mapped[str] = mapped_column(String(60), default="")
    # "lower", "higher" or None when neither direction is better.
    better: Mapped[str | None] = mapped_column(String(10))
    # Key metrics are shown first, translated, on product and category pages.
    is_key: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    category: Mapped[Category] = relationship(back_populates="metrics")


class Ecolabel(Localized, db.Model):
    """An ecolabel or certification programme (ENERGY STAR, EPEAT, Sello FIDE …)."""

    __tablename__ = "ecolabels"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # A programme's name is a proper noun; it is translated only where the owner does.
    name_en: Mapped[str] = mapped_column(String(160))
    name_fr: Mapped[str] = mapped_column(String(160))
    name_es: Mapped[str] = mapped_column(String(160))
    issuer_en: Mapped[str] = mapped_column(String(300))
    issuer_fr: Mapped[str] = mapped_column(String(300))
    issuer_es: Mapped[str] = mapped_column(String(300))
    certifies_en: Mapped[str] = mapped_column(Text)
    certifies_fr: Mapped[str] = mapped_column(Text)
    certifies_es: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    description_fr: Mapped[str] = mapped_column(Text)
    description_es: Mapped[str] = mapped_column(Text)
    verification_en: Mapped[str] = mapped_column(Text)
    verification_fr: Mapped[str] = mapped_column(Text)
    verification_es: Mapped[str] = mapped_column(Text)
    # Country codes (CA, US, MX) where buyers can rely on the label.
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Tier names, lowest first (EPEAT: Bronze, Silver, Gold); may be empty.
    tiers: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(300), default="")

    certifications: Mapped[list[Certification]] = relationship(
        back_populates="ecolabel"
    )


class Product(db.Model):
    """A product model as listed by a certifier or declared by a supplier."""

    __tablename__ = "products"
    __table_args__ = (
        Index("ix_products_brand", "brand"),
        Index("ix_products_model_number", "model_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    brand: Mapped[str] = mapped_column(String(200))
    # As published; may be a pattern where "*", "#" or "?" stands for variants.
    model_number: Mapped[str] = mapped_column(String(300))
    model_name: Mapped[str] = mapped_column(String(300), default="")
    additional_info: Mapped[str] = mapped_column(Text, default="")
    # Metric key -> value (a number where the certifier gave one, else the text).
    specs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Value of the category's efficiency metric, copied for sorting and comparison.
    efficiency_value: Mapped[float | None] = mapped_column(Float)
    # Country codes where the model is sold: CA, US, MX.
    markets: Mapped[list[str]] = mapped_column(JSON, default=list)
    date_available: Mapped[dt.date | None] = mapped_column(Date)
    provenance: Mapped[str] = mapped_column(String(20), default=PROVENANCE_CERTIFIER)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    category: Mapped[Category] = relationship()
    certifications: Mapped[list[Certification]] = relationship(
        back_populates="product", cascade="all, delete-orphan"
    )


class Certification(db.Model):
    """One product's listing under one label, with its dates and status."""

    __tablename__ = "certifications"
    __table_args__ = (UniqueConstraint("ecolabel_id", "listing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    ecolabel_id: Mapped[int] = mapped_column(ForeignKey("ecolabels.id"), index=True)
    # The certifier's id for the listing or certificate (ENERGY STAR Unique ID).
    listing_id: Mapped[str] = mapped_column(String(120))
    tier: Mapped[str | None] = mapped_column(String(80))
    certified_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    # Set by the certifier when it withdraws a listing; wins over the dates.
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    # Where the fact comes from: certifier file name and snapshot, or "supplier".
    source: Mapped[str] = mapped_column(String(300), default="")

    product: Mapped[Product] = relationship(back_populates="certifications")
    ecolabel: Mapped[Ecolabel] = relationship(back_populates="certifications")

    def status(self, today: dt.date) -> str:
        """Return active, expired or withdrawn as of ``today``."""
        if self.withdrawn_on is not None and self.withdrawn_on <= today:
            return STATUS_WITHDRAWN
        if self.expires_on is not None and self.expires_on < today:
            return STATUS_EXPIRED
        return STATUS_ACTIVE
