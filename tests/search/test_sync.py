"""The index follows the database through the session's commit hooks."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from apps import close_app
from factories import get_category, get_label, make_product
from flask import Flask
from search_sample import make_search_app
from sqlalchemy import delete, select

from enviro_buyer.catalogue.models import Certification, Ecolabel, Product
from enviro_buyer.extensions import db
from enviro_buyer.search.backend import SearchRequest
from enviro_buyer.search.services import get_backend, reindex_products, search
from enviro_buyer.search.sync import paused


def found(text: str = "", **values) -> set[int]:
    """Return the product ids a search finds (inside an app context)."""
    result = search(SearchRequest(text=text, per_page=100, **values))
    return {hit.product_id for hit in result.hits}


def test_created_product_is_searchable_after_commit(app: Flask) -> None:
    with app.app_context():
        product = make_product(brand="Zanussi", model_number="ZRB36100WA")
        assert found("zanussi") == {product.id}
        assert found("ZRB36100WA") == {product.id}


def test_updated_product_is_reindexed(app: Flask) -> None:
    with app.app_context():
        product = make_product(brand="Zanussi")
        product.brand = "Electrolux"
        product.markets = ["MX"]
        db.session.commit()
        assert found("zanussi") == set()
        assert found("electrolux") == {product.id}
        assert found(filters={"country": ("MX",)}) == {product.id}


def test_deleted_product_leaves_the_index(app: Flask) -> None:
    with app.app_context():
        product = make_product(brand="Zanussi")
        db.session.delete(product)
        db.session.commit()
        assert found("zanussi") == set()
        assert search(SearchRequest()).total == 0


def test_rolled_back_changes_never_reach_the_index(app: Flask) -> None:
    with app.app_context():
        product = make_product(brand="Zanussi")
        product.brand = "Electrolux"
        db.session.flush()
        make_product(brand="Liebherr", commit=False)
        db.session.flush()
        db.session.rollback()
        assert found("electrolux") == set()
        assert found("liebherr") == set()
        assert found("zanussi") == {product.id}


def test_a_new_certification_updates_the_label_facet(app: Flask) -> None:
    with app.app_context():
        product = make_product(brand="Zanussi")
        assert found(filters={"label": ("epeat",)}) == set()
        db.session.add(
            Certification(
                product=product, ecolabel=get_label("epeat"), listing_id="EP-1"
            )
        )
        db.session.commit()
        assert found(filters={"label": ("epeat",)}) == {product.id}
        assert found("EP-1") == {product.id}


def test_removing_a_certification_updates_the_label_facet(app: Flask) -> None:
    with app.app_context():
        product = make_product(brand="Zanussi", labels=("energy-star", "epeat"))
        assert found(filters={"label": ("epeat",)}) == {product.id}
        (epeat,) = [c for c in product.certifications if c.ecolabel.slug == "epeat"]
        product.certifications.remove(epeat)
        db.session.commit()
        assert found(filters={"label": ("epeat",)}) == set()
        assert found(filters={"label": ("energy-star",)}) == {product.id}


def test_core_statements_need_an_explicit_reindex(app: Flask) -> None:
    with app.app_context():
        product = make_product(brand="Zanussi").id
        db.session.execute(delete(Certification))
        db.session.execute(delete(Product))
        db.session.commit()
        # Core statements bypass the hooks: the index still holds the product...
        assert found("zanussi") == {product}
        # ...until the caller reindexes it.
        reindex_products([product])
        assert found("zanussi") == set()


def test_renamed_category_is_found_by_its_new_name(app: Flask) -> None:
    with app.app_context():
        product = make_product(category="refrigerators")
        category = get_category("refrigerators")
        category.name_fr = "Frigos"
        # The everyday words name the old one too ("réfrigérateur").
        category.keywords_fr = ["glacière"]
        db.session.commit()
        assert found("frigos", lang="fr") == {product.id}
        assert found("glacière", lang="fr") == {product.id}
        assert found("réfrigérateurs", lang="fr") == set()
        (hit,) = search(SearchRequest(text="frigos", lang="fr")).hits
        assert "<mark>Frigos</mark>" in hit.highlight


def test_renamed_department_is_found_by_its_new_name(app: Flask) -> None:
    with app.app_context():
        product = make_product(category="refrigerators")
        get_category("refrigerators").department.name_fr = "Froid domestique"
        db.session.commit()
        assert found("froid domestique", lang="fr") == {product.id}


def test_renamed_label_is_found_by_its_new_name(app: Flask) -> None:
    with app.app_context():
        product = make_product(labels=("epeat",))
        label = db.session.scalar(select(Ecolabel).where(Ecolabel.slug == "epeat"))
        label.name_es = "Etiqueta Verde"
        db.session.commit()
        assert found("etiqueta verde", lang="es") == {product.id}


def test_paused_hooks_leave_the_index_alone(app: Flask) -> None:
    with app.app_context():
        with paused():
            product = make_product(brand="Zanussi")
        assert found("zanussi") == set()
        reindex_products([product.id])
        assert found("zanussi") == {product.id}


def test_sync_can_be_switched_off(tmp_path: Path) -> None:
    app = make_search_app(tmp_path / "instance", SEARCH_SYNC=False)
    with app.app_context():
        make_product(brand="Zanussi")
        assert found("zanussi") == set()
    close_app(app)


def test_a_locked_index_does_not_undo_the_commit(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_search_app(tmp_path / "instance", SEARCH_LOCK_TIMEOUT=0.2)
    # Alembic's logging set-up replaced the root handlers, caplog's among them.
    sync_logger = logging.getLogger("enviro_buyer.search.sync")
    sync_logger.addHandler(caplog.handler)
    with app.app_context():
        backend = get_backend()
        with backend.store.writer():
            # Another writer holds the lock longer than the timeout.
            product = make_product(brand="Zanussi")
        sync_logger.removeHandler(caplog.handler)
        assert db.session.get(Product, product.id) is not None
        assert "Search index not updated" in caplog.text
        assert found("zanussi") == set()
    close_app(app)
