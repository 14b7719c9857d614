"""Factories for catalogue rows in tests.

``make_product(**overrides)`` writes one product with sensible defaults into the
current app's database: a category from the reference data (``refrigerators`` unless
told otherwise), the markets US and CA, an efficiency value, and an ENERGY STAR
certification with a unique listing id. It commits by default, so the search index
follows through the commit hooks, as it does in the app.

Call them inside an app context::

    with app.app_context():
        fridge = make_product(brand="Whirlpool", model_number="DUT36420***")
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from enviro_buyer.catalogue.models import (
    Category,
    Certification,
    Department,
    Ecolabel,
    Metric,
    Product,
)
from enviro_buyer.extensions import db

_numbers = itertools.count(1)

DEFAULT_CATEGORY = "refrigerators"
DEFAULT_LABEL = "energy-star"


def get_category(
    slug: str = DEFAULT_CATEGORY, session: Session | None = None
) -> Category:
    """Return the category ``slug``; create a small one if reference data lacks it."""
    session = session or db.session
    category = session.scalars(select(Category).where(Category.slug == slug)).first()
    if category is not None:
        return category
    department = session.scalars(
        select(Department).where(Department.slug == "tests")
    ).first()
    if department is None:
        department = Department(
            slug="tests", name_en="Tests", name_fr="Essais", name_es="Pruebas"
        )
        session.add(department)
    name = slug.replace("-", " ").capitalize()
    category = Category(
        slug=slug,
        department=department,
        name_en=name,
        name_fr=name,
        name_es=name,
        efficiency_metric="annual-energy-use",
    )
    category.metrics = [
        Metric(
            key="annual-energy-use",
            source_name="Annual Energy Use (kWh/yr)",
            name_en="Annual energy use",
            unit="kWh/yr",
            better="lower",
        )
    ]
    session.add(category)
    return category


def get_label(slug: str = DEFAULT_LABEL, session: Session | None = None) -> Ecolabel:
    """Return the ecolabel ``slug``; create a small one if reference data lacks it."""
    session = session or db.session
    label = session.scalars(select(Ecolabel).where(Ecolabel.slug == slug)).first()
    if label is not None:
        return label
    name = slug.replace("-", " ").upper()
    texts = {
        f"{field}_{lang}": name
        for field in ("name", "issuer", "certifies", "description", "verification")
        for lang in ("en", "fr", "es")
    }
    label = Ecolabel(slug=slug, countries=["CA", "US"], **texts)
    session.add(label)
    return label


def make_product(
    session: Session | None = None,
    *,
    category: str | Category = DEFAULT_CATEGORY,
    labels: Iterable[str] = (DEFAULT_LABEL,),
    listing_id: str | None = None,
    commit: bool = True,
    **overrides: Any,
) -> Product:
    """Write a product with defaults, certified under ``labels``; commit by default."""
    session = session or db.session
    number = next(_numbers)
    if isinstance(category, str):
        category = get_category(category, session)
    values: dict[str, Any] = {
        "brand": "Testbrand",
        "model_number": f"TB{number:06d}",
        "model_name": "",
        "additional_info": "",
        "specs": {},
        "efficiency_value": 400.0,
        "markets": ["US", "CA"],
        "date_available": dt.date(2018, 1, 1),
    }
    values.update(overrides)
    # Look the labels up before creating rows, so autoflush sees no half-built row.
    ecolabels = [get_label(slug, session) for slug in labels]
    product = Product(category=category, **values)
    session.add(product)
    for position, label in enumerate(ecolabels):
        listing = listing_id if listing_id and position == 0 else None
        product.certifications.append(
            Certification(
                ecolabel=label,
                listing_id=listing or f"T{number:06d}-{label.slug}",
                certified_on=values["date_available"],
                source="tests",
            )
        )
    if commit:
        session.commit()
    return product
