"""Read-only catalogue queries behind the pages and the API.

Views and the API never build joins themselves: they call these functions, which load
exactly the rows a page shows (with their category, metrics, certifications and labels
in a few SELECTs rather than one per row) and raise ``NotFoundError`` for a missing slug
or id. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import defer, joinedload, selectinload

from enviro_buyer.catalogue.models import (
    BETTER_HIGHER,
    BETTER_LOWER,
    Category,
    Certification,
    Department,
    Ecolabel,
    Product,
)
from enviro_buyer.errors import NotFoundError
from enviro_buyer.extensions import db
from enviro_buyer.i18n import _
from enviro_buyer.search.backend import (
    FACET_FIELDS,
    FacetValue,
    SearchRequest,
    SearchResult,
)

logger = logging.getLogger(__name__)

# SQLite stores 64-bit integers; a larger id in a URL cannot name a row, and binding it
# would raise OverflowError instead of a plain 404.
MAX_ROW_ID = 2**63 - 1


@dataclass
class ProductPage:
    """One page of products with the total they were taken from."""

    items: list[Product]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Number of pages."""
        return max(1, -(-self.total // self.per_page))


def _product_options() -> tuple:
    """Loader options that bring everything a product page shows."""
    return (
        selectinload(Product.category).selectinload(Category.metrics),
        selectinload(Product.category).selectinload(Category.department),
        selectinload(Product.certifications).selectinload(Certification.ecolabel),
    )


def _card_options() -> tuple:
    """Loader options for product cards in lists: key metrics only.

    Some categories carry hundreds of certifier columns; a list shows one value per
    product, so loading every metric and spec would cost more than the search itself.
    """
    return (
        defer(Product.specs),
        joinedload(Product.category).selectinload(Category.key_metrics),
        joinedload(Product.category).joinedload(Category.department),
        selectinload(Product.certifications).joinedload(Certification.ecolabel),
    )


def departments_with_categories() -> list[Department]:
    """Return every department in display order, with its categories loaded."""
    query = (
        select(Department)
        .options(selectinload(Department.categories))
        .order_by(Department.position, Department.slug)
    )
    return list(db.session.scalars(query))


def product_counts_by_category() -> dict[int, int]:
    """Return category id -> number of products in it."""
    query = select(Product.category_id, func.count(Product.id)).group_by(
        Product.category_id
    )
    return {category_id: count for category_id, count in db.session.execute(query)}


def product_counts_by_label() -> dict[int, int]:
    """Return label id -> number of distinct products certified under it."""
    query = select(
        Certification.ecolabel_id, func.count(func.distinct(Certification.product_id))
    ).group_by(Certification.ecolabel_id)
    return {label_id: count for label_id, count in db.session.execute(query)}


def all_labels() -> list[Ecolabel]:
    """Return every ecolabel, ordered by its English name (a proper noun)."""
    return list(db.session.scalars(select(Ecolabel).order_by(Ecolabel.name_en)))


def category_by_slug(slug: str) -> Category:
    """Return the category called ``slug`` with its metrics and department."""
    query = (
        select(Category)
        .where(Category.slug == slug)
        .options(selectinload(Category.metrics), selectinload(Category.department))
    )
    category = db.session.scalars(query).first()
    if category is None:
        raise NotFoundError(_("There is no category with this address."))
    return category


def label_by_slug(slug: str) -> Ecolabel:
    """Return the ecolabel called ``slug``."""
    label = db.session.scalars(select(Ecolabel).where(Ecolabel.slug == slug)).first()
    if label is None:
        raise NotFoundError(_("There is no label with this address."))
    return label


def label_product_count(label: Ecolabel) -> int:
    """Return how many distinct products hold a certification under ``label``."""
    query = select(func.count(func.distinct(Certification.product_id))).where(
        Certification.ecolabel_id == label.id
    )
    return db.session.scalar(query) or 0


def product_by_id(product_id: int) -> Product:
    """Return one product with its category, metrics, certifications and labels."""
    if not 0 < product_id <= MAX_ROW_ID:
        raise NotFoundError(_("There is no product with this number."))
    query = select(Product).where(Product.id == product_id).options(*_product_options())
    product = db.session.scalars(query).first()
    if product is None:
        raise NotFoundError(_("There is no product with this number."))
    return product


def products_by_ids(product_ids: Sequence[int]) -> list[Product]:
    """Return the products with these ids in the same order, skipping missing ones.

    The search index may briefly name a product the database no longer holds; such an
    id is dropped rather than failing the page.
    """
    if not product_ids:
        return []
    query = select(Product).where(Product.id.in_(product_ids)).options(*_card_options())
    found = {product.id: product for product in db.session.scalars(query)}
    missing = [pid for pid in product_ids if pid not in found]
    if missing:
        logger.warning("Search named products the database lacks: %s", missing)
    return [found[pid] for pid in product_ids if pid in found]


def _ranked(query: Select, category: Category) -> Select:
    """Order ``query`` greener first by the category's efficiency metric."""
    metric = category.metric(category.efficiency_metric or "")
    value = Product.efficiency_value
    if metric is not None and metric.better == BETTER_HIGHER:
        return query.order_by(value.is_(None), value.desc(), Product.id)
    if metric is not None and metric.better == BETTER_LOWER:
        return query.order_by(value.is_(None), value.asc(), Product.id)
    return query.order_by(Product.brand, Product.model_number, Product.id)


def category_products(category: Category, page: int, per_page: int) -> ProductPage:
    """Return one page of ``category``'s products, greener first."""
    total = (
        db.session.scalar(
            select(func.count(Product.id)).where(Product.category_id == category.id)
        )
        or 0
    )
    query = _ranked(select(Product).where(Product.category_id == category.id), category)
    query = query.options(*_card_options())
    query = query.limit(per_page).offset((page - 1) * per_page)
    return ProductPage(list(db.session.scalars(query)), total, page, per_page)


def _certified_on(today: dt.date):
    """SQL condition: the product holds a certificate that is valid on ``today``."""
    withdrawn, expires = Certification.withdrawn_on, Certification.expires_on
    return Product.certifications.any(
        and_(
            or_(withdrawn.is_(None), withdrawn > today),
            or_(expires.is_(None), expires >= today),
        )
    )


def better_alternatives(
    product: Product, today: dt.date, limit: int = 5
) -> list[Product]:
    """Return other models of the product's category that do better on its metric.

    Only models whose certificate is valid on ``today`` are offered: a withdrawn or
    expired listing is no advice to a buyer. Empty when the category has no efficiency
    metric with a direction, or when the product has no value for it.
    """
    category = product.category
    metric = category.metric(category.efficiency_metric or "")
    if metric is None or product.efficiency_value is None:
        return []
    value = Product.efficiency_value
    query = select(Product).where(
        Product.category_id == category.id,
        Product.id != product.id,
        value.is_not(None),
        _certified_on(today),
    )
    if metric.better == BETTER_LOWER:
        query = query.where(value < product.efficiency_value).order_by(value.asc())
    elif metric.better == BETTER_HIGHER:
        query = query.where(value > product.efficiency_value).order_by(value.desc())
    else:
        return []
    query = query.order_by(Product.id).limit(limit).options(*_card_options())
    return list(db.session.scalars(query))


def categories_by_slug(slugs: Sequence[str]) -> dict[str, Category]:
    """Return slug -> category for the given slugs (to name facet values)."""
    if not slugs:
        return {}
    query = select(Category).where(Category.slug.in_(list(slugs)))
    return {category.slug: category for category in db.session.scalars(query)}


def labels_by_slug(slugs: Sequence[str]) -> dict[str, Ecolabel]:
    """Return slug -> ecolabel for the given slugs (to name facet values)."""
    if not slugs:
        return {}
    query = select(Ecolabel).where(Ecolabel.slug.in_(list(slugs)))
    return {label.slug: label for label in db.session.scalars(query)}


@dataclass
class FacetEntry:
    """One facet value as shown to people: code, display name, count, selection."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchHit:
    """A found product with its highlighted snippet (HTML-safe, may be empty)."""

    product: Product
    highlight: str


@dataclass
class SearchPage:
    """A search answer with its products loaded and its facets named."""

    result: SearchResult
    hits: list[SearchHit]
    facets: dict[str, list[FacetEntry]]
    # The words the person typed when nothing matched them and the results shown are
    # those of the suggested spelling instead; None otherwise.
    corrected_from: str | None = None


def search_catalogue(request: SearchRequest) -> SearchPage:
    """Run ``request`` through the search service and load what the page shows.

    A misspelt query that matches nothing is answered with the results of its
    suggested spelling, so that a typo still finds the products; the page says so.
    """
    from enviro_buyer.search.services import search

    result = search(request)
    corrected_from = None
    if result.total == 0 and result.suggestion and request.page == 1:
        retry = search(replace(request, text=result.suggestion))
        if retry.total:
            corrected_from, retry.suggestion = request.text, result.suggestion
            result = retry
    products = {p.id: p for p in products_by_ids([h.product_id for h in result.hits])}
    hits = [
        SearchHit(products[hit.product_id], hit.highlight)
        for hit in result.hits
        if hit.product_id in products
    ]
    facets = name_facets(result.facets, request)
    return SearchPage(result, hits, facets, corrected_from)


def name_facets(
    facets: Mapping[str, list[FacetValue]], request: SearchRequest
) -> dict[str, list[FacetEntry]]:
    """Give every facet value its display name in the request's language.

    A selected value always appears, even when the backend left it out of its top
    values, so that a person can always remove a filter they set.
    """
    from enviro_buyer.templating import country_name

    lang = request.lang
    named: dict[str, list[FacetEntry]] = {}
    for name in FACET_FIELDS:
        values = list(facets.get(name, []))
        chosen = set(request.filters.get(name, ()))
        present = {v.value for v in values}
        values += [FacetValue(v, 0, True) for v in sorted(chosen - present)]
        slugs = [v.value for v in values]
        if name == "category":
            rows = categories_by_slug(slugs)
        elif name == "label":
            rows = labels_by_slug(slugs)
        else:
            rows = {}
        entries = []
        for value in values:
            if name in ("category", "label"):
                row = rows.get(value.value)
                label = row.text("name", lang) if row is not None else value.value
            elif name == "country":
                label = country_name(value.value, lang)
            else:
                label = value.value
            selected = value.selected or value.value in chosen
            entries.append(FacetEntry(value.value, label, value.count, selected))
        named[name] = entries
    return named
