"""``enviro-buyer index rebuild`` and ``enviro-buyer index health``."""

from __future__ import annotations

from factories import make_product
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import delete

from enviro_buyer.catalogue.models import Certification, Product
from enviro_buyer.extensions import db
from enviro_buyer.search.backend import SearchRequest
from enviro_buyer.search.services import get_backend, search


def test_rebuild_indexes_every_product_and_swaps(
    app: Flask, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        first = make_product(brand="Zanussi").id
        second = make_product(brand="Miele").id
        before = get_backend().store.current_name()

    result = runner.invoke(args=["index", "rebuild", "--quiet"])

    assert result.exit_code == 0, result.output
    assert "2 of 2 products indexed" in result.output
    with app.test_request_context("/"):
        assert get_backend().store.current_name() != before
        found = search(SearchRequest(per_page=100))
        assert {hit.product_id for hit in found.hits} == {first, second}


def test_health_reports_a_matching_index(app: Flask, runner: FlaskCliRunner) -> None:
    with app.app_context():
        make_product(brand="Zanussi")
    result = runner.invoke(args=["index", "health"])
    assert result.exit_code == 0, result.output
    assert "Index: 1 products; database: 1 products." in result.output


def test_health_fails_when_index_and_database_disagree(
    app: Flask, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        make_product(brand="Zanussi")
        # Core statements bypass the commit hooks.
        db.session.execute(delete(Certification))
        db.session.execute(delete(Product))
        db.session.commit()
    result = runner.invoke(args=["index", "health"])
    assert result.exit_code == 1
    assert "rebuild" in result.output

    assert runner.invoke(args=["index", "rebuild", "--quiet"]).exit_code == 0
    assert runner.invoke(args=["index", "health"]).exit_code == 0
