"""Keeping the search index in step with the database.

``init_search`` opens the backend for an app. Session hooks then follow the rows a
search document is made of:

- ``after_flush`` notes what the flush touched: products, certifications (their
  product, before and after a move), metrics (the products of their category, which
  rank by them), and the category, department and ecolabel names held by vocabulary
  documents (with the category's products when what they store changed);
- ``after_commit`` reindexes the noted products and vocabulary documents from the
  committed database, through a session of its own, and removes what no longer
  exists;
- ``after_rollback`` forgets the notes: nothing rolled back reaches the index.

Bulk loads run inside ``paused()`` and reindex (or rebuild) once at the end. Writes
made with Core statements (``session.execute(update(...))``) are not seen by the
hooks; their caller reindexes. With ``SEARCH_SYNC`` off the hooks do nothing.

If the index cannot be written after a commit (its lock stays taken past
``SEARCH_LOCK_TIMEOUT``), the commit stands, the error is logged, and
``enviro-buyer index rebuild`` catches the index up.
"""

from __future__ import annotations

import contextvars
import logging
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from enviro_buyer.catalogue.models import (
    Category,
    Certification,
    Department,
    Ecolabel,
    Metric,
    Product,
)
from enviro_buyer.errors import SearchUnavailableError
from enviro_buyer.extensions import db
from enviro_buyer.search.documents import CATEGORY_PREFIX, LABEL_PREFIX
from enviro_buyer.search.services import EXTENSION_KEY
from enviro_buyer.search.whoosh_backend import WhooshBackend

logger = logging.getLogger(__name__)

_PENDING = "enviro_buyer_search_pending"
_paused: contextvars.ContextVar[int] = contextvars.ContextVar(
    "search_paused", default=0
)


@dataclass
class Pending:
    """What a transaction changed that the index shows."""

    # Products to reindex, and categories and labels whose products all need it.
    products: set[int] = field(default_factory=set)
    category_products: set[int] = field(default_factory=set)
    label_products: set[int] = field(default_factory=set)
    # Vocabulary documents to rewrite (names), and departments whose categories do.
    categories: set[int] = field(default_factory=set)
    labels: set[int] = field(default_factory=set)
    departments: set[int] = field(default_factory=set)
    # Vocabulary documents to delete ("category:<slug>", "label:<slug>").
    deleted: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any(
            (
                self.products,
                self.category_products,
                self.label_products,
                self.categories,
                self.labels,
                self.departments,
                self.deleted,
            )
        )


def init_search(app: Flask) -> None:
    """Open the search backend of ``app`` and install the commit hooks (once)."""
    backend = WhooshBackend(
        app.config["SEARCH_INDEX_DIR"],
        lock_timeout=float(app.config["SEARCH_LOCK_TIMEOUT"]),
        max_page=int(app.config["SEARCH_MAX_PAGE"]),
    )
    app.extensions[EXTENSION_KEY] = backend
    # The backend keeps searchers (open files) between requests; close them when
    # the app goes away rather than leaving them to the garbage collector.
    weakref.finalize(app, backend.close)
    _install_hooks()


@contextmanager
def paused() -> Iterator[None]:
    """Suspend the commit hooks (in this context) during a bulk load."""
    token = _paused.set(_paused.get() + 1)
    try:
        yield
    finally:
        _paused.reset(token)


def _session_class() -> type[Session]:
    """Return the session class behind ``db.session``."""
    return db.session.session_factory.class_


def _install_hooks() -> None:
    """Listen to the app sessions' flushes, commits and rollbacks."""
    target = _session_class()
    for name, hook in (
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not event.contains(target, name, hook):
            event.listen(target, name, hook)


def _sync_on() -> bool:
    """Tell whether changes should reach the index now."""
    if _paused.get() or not has_app_context():
        return False
    app = current_app
    return bool(app.config.get("SEARCH_SYNC")) and EXTENSION_KEY in app.extensions


def _old_and_new(row: Any, attribute: str) -> set[int]:
    """Return the values a foreign key had before and has after the flush."""
    history = inspect(row).attrs[attribute].history
    values = {*history.added, *history.unchanged, *history.deleted}
    current = getattr(row, attribute, None)
    if current is not None:
        values.add(current)
    return {v for v in values if v is not None}


def _changed(row: Any, *attributes: str) -> bool:
    """Tell whether any of ``attributes`` changed in this flush."""
    state = inspect(row)
    return any(state.attrs[name].history.has_changes() for name in attributes)


_NAMED = (Category, Department, Ecolabel)
_CATEGORY_SHOWN = ("slug", "name_en", "name_fr", "name_es", "efficiency_metric")


def _note(pending: Pending, row: Any, deleted: bool = False) -> None:
    """Record what a changed row means for the index."""
    if isinstance(row, Product):
        if row.id is not None:
            pending.products.add(row.id)
    elif isinstance(row, Certification):
        pending.products.update(_old_and_new(row, "product_id"))
    elif isinstance(row, Category) and row.id is not None:
        if deleted:
            pending.deleted.add(CATEGORY_PREFIX + row.slug)
            return
        pending.categories.add(row.id)
        # Products store their category's names and rank by its metric.
        if _changed(row, *_CATEGORY_SHOWN):
            pending.category_products.add(row.id)
    elif isinstance(row, Metric):
        pending.category_products.update(_old_and_new(row, "category_id"))
    elif isinstance(row, Department) and row.id is not None:
        pending.departments.add(row.id)
    elif isinstance(row, Ecolabel) and row.id is not None:
        if deleted:
            pending.deleted.add(LABEL_PREFIX + row.slug)
            return
        pending.labels.add(row.id)
        # Products carry label slugs, not names.
        if _changed(row, "slug"):
            pending.label_products.add(row.id)


def _after_flush(session: Session, flush_context: Any) -> None:
    """Note what this flush changed (the lists still show the pre-flush state)."""
    if not _sync_on():
        return
    pending = session.info.setdefault(_PENDING, Pending())
    for row in session.new:
        _note(pending, row)
    for row in session.dirty:
        # A label gains a certification, a category a metric: only their own
        # columns show in the index, not their collections.
        if isinstance(row, _NAMED) and not session.is_modified(
            row, include_collections=False
        ):
            continue
        _note(pending, row)
    for row in session.deleted:
        _note(pending, row, deleted=True)


def _after_rollback(session: Session) -> None:
    """Forget what a rolled-back transaction changed."""
    session.info.pop(_PENDING, None)


def _after_commit(session: Session) -> None:
    """Reindex the products the committed transaction changed."""
    pending: Pending | None = session.info.pop(_PENDING, None)
    if not pending or not _sync_on():
        return
    from enviro_buyer.search import services

    ids = set(pending.products)
    try:
        if pending.category_products or pending.label_products:
            ids |= services.product_ids_of(
                pending.category_products, pending.label_products
            )
        services.reindex(
            product_ids=ids,
            category_ids=pending.categories | _categories_of(pending.departments),
            label_ids=pending.labels,
            removed=pending.deleted,
        )
    except SearchUnavailableError as exc:
        logger.error(
            "Search index not updated for %s products (%s): run `enviro-buyer index "
            "rebuild`",
            len(ids),
            exc,
        )


def _categories_of(departments: set[int]) -> set[int]:
    """Return the ids of the categories in ``departments``."""
    if not departments:
        return set()
    with Session(db.engine) as session:
        query = select(Category.id).where(Category.department_id.in_(departments))
        return set(session.scalars(query))
