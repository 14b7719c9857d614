"""Search services: what views, the API, the CLI and the sync hooks call.

``search`` answers a ``SearchRequest``; ``rebuild_index`` reads the categories, labels
and every product from the database in batches (its own session, so the caller's is
never touched) and swaps a fresh index in; ``reindex`` (and its shorthands
``reindex_products`` and ``reindex_vocabulary``) brings given products and category
or label documents up to date in one write, deleting what the database no longer
holds. A product whose document cannot be built is logged and left out; the rest go
on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from tqdm import tqdm

from enviro_buyer.catalogue.models import Category, Certification, Ecolabel, Product
from enviro_buyer.errors import SearchUnavailableError
from enviro_buyer.extensions import db
from enviro_buyer.i18n import _
from enviro_buyer.search.backend import Health, SearchRequest, SearchResult
from enviro_buyer.search.documents import (
    CategoryFacts,
    category_document,
    category_facts,
    label_document,
    product_document,
)
from enviro_buyer.search.whoosh_backend import WhooshBackend

logger = logging.getLogger(__name__)

EXTENSION_KEY = "enviro_buyer_search"
BATCH = 1000


def get_backend() -> WhooshBackend:
    """Return the search backend of the current app."""
    backend = current_app.extensions.get(EXTENSION_KEY)
    if backend is None:
        raise SearchUnavailableError(
            "search is not set up: init_search(app) was not run"
        )
    return backend


def search(request: SearchRequest) -> SearchResult:
    """Answer one search."""
    return get_backend().search(request)


def index_health() -> Health:
    """Report whether the index can be searched, and how many products it holds."""
    return get_backend().health()


def _options() -> tuple[Any, ...]:
    """Loader options bringing what a document needs in a few SELECTs per batch."""
    return (
        selectinload(Product.category).selectinload(Category.metrics),
        selectinload(Product.category).selectinload(Category.department),
        selectinload(Product.certifications).selectinload(Certification.ecolabel),
    )


def _documents(
    products: Iterable[Product], facts: dict[int, CategoryFacts]
) -> Iterator[dict[str, Any]]:
    """Yield the documents of ``products``; a product that fails is logged, skipped."""
    for product in products:
        try:
            known = facts.get(product.category_id)
            if known is None:
                known = facts[product.category_id] = category_facts(product.category)
            document = product_document(product, known)
        except (AttributeError, KeyError, TypeError, ValueError):
            # One malformed row must not cost the whole index.
            logger.exception("Product %s left out of the search index", product.id)
            continue
        yield document


def iter_documents(
    session: Session,
    ids: Iterable[int] | None = None,
    batch: int = BATCH,
    on_batch: Callable[[int], Any] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield documents of all products (or of ``ids``), reading ``batch`` at a time."""
    facts: dict[int, CategoryFacts] = {}
    if ids is not None:
        wanted = sorted(set(ids))
        chunks = (wanted[i : i + batch] for i in range(0, len(wanted), batch))
        for chunk in chunks:
            query = select(Product).where(Product.id.in_(chunk)).options(*_options())
            products = list(session.scalars(query))
            yield from _documents(products, facts)
            session.expunge_all()
        return
    last = 0
    while True:
        query = (
            select(Product)
            .where(Product.id > last)
            .order_by(Product.id)
            .limit(batch)
            .options(*_options())
        )
        products = list(session.scalars(query))
        if not products:
            return
        last = products[-1].id
        yield from _documents(products, facts)
        session.expunge_all()
        if on_batch is not None:
            on_batch(len(products))


def iter_vocabulary(
    session: Session,
    category_ids: Iterable[int] | None = None,
    label_ids: Iterable[int] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the vocabulary documents of categories and labels (all when None)."""
    categories = select(Category).options(
        selectinload(Category.metrics), selectinload(Category.department)
    )
    labels = select(Ecolabel)
    if category_ids is not None:
        categories = categories.where(Category.id.in_(list(category_ids)))
    if label_ids is not None:
        labels = labels.where(Ecolabel.id.in_(list(label_ids)))
    for category in session.scalars(categories):
        yield category_document(category_facts(category))
    for label in session.scalars(labels):
        yield label_document(label)


def rebuild_index(progress: bool = False) -> int:
    """Index every product into a fresh index, swap it in, return how many."""
    backend = get_backend()
    with Session(db.engine) as session:
        total = session.scalar(select(func.count(Product.id))) or 0
        with tqdm(
            total=total,
            desc=_("Indexing products"),
            unit=_("product"),
            disable=not progress,
        ) as bar:
            documents = chain(
                iter_vocabulary(session), iter_documents(session, on_batch=bar.update)
            )
            count = backend.rebuild(documents, expected=total)
    logger.info("Search index rebuilt: %s of %s products indexed", count, total)
    return count


def reindex(
    product_ids: Iterable[int] = (),
    category_ids: Iterable[int] = (),
    label_ids: Iterable[int] = (),
    removed: Iterable[str] = (),
) -> None:
    """Bring products and vocabulary documents up to date in one index write.

    Products the database no longer holds leave the index, and so do the documents
    named in ``removed`` (``category:<slug>``, ``label:<slug>``).
    """
    wanted = {int(pid) for pid in product_ids}
    categories, labels, gone = set(category_ids), set(label_ids), set(removed)
    if not (wanted or categories or labels or gone):
        return
    documents: list[dict[str, Any]] = []
    with Session(db.engine) as session:
        if wanted:
            documents += iter_documents(session, wanted)
            # A product that exists but failed to build keeps its old document.
            existing = _existing_products(session, wanted)
            gone |= {str(pid) for pid in wanted - existing}
        if categories or labels:
            documents += iter_vocabulary(session, categories, labels)
    get_backend().update(documents, gone)


def reindex_products(ids: Iterable[int]) -> None:
    """Bring ``ids`` up to date in the index; drop those the database no longer has."""
    reindex(product_ids=ids)


def reindex_vocabulary(category_ids: Iterable[int], label_ids: Iterable[int]) -> None:
    """Rewrite the vocabulary documents of the given categories and labels."""
    reindex(category_ids=category_ids, label_ids=label_ids)


def _existing_products(session: Session, ids: set[int]) -> set[int]:
    """Return which of ``ids`` the database holds (asked in chunks)."""
    wanted = sorted(ids)
    found: set[int] = set()
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        found.update(session.scalars(select(Product.id).where(Product.id.in_(chunk))))
    return found


def product_ids_of(
    categories: Iterable[int] = (), labels: Iterable[int] = ()
) -> set[int]:
    """Return the ids of products in ``categories`` or certified under ``labels``."""
    categories, labels = list(categories), list(labels)
    found: set[int] = set()
    with Session(db.engine) as session:
        if categories:
            query = select(Product.id).where(Product.category_id.in_(categories))
            found.update(session.scalars(query))
        if labels:
            query = select(Certification.product_id).where(
                Certification.ecolabel_id.in_(labels)
            )
            found.update(session.scalars(query))
    return found
