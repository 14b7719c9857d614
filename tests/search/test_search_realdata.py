"""Search over real ENERGY STAR exports, imported with the project's importer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from apps import close_app
from flask import Flask
from search_sample import make_search_app
from sqlalchemy import func, select

from enviro_buyer.catalogue.models import Category, Product
from enviro_buyer.extensions import db
from enviro_buyer.paths import SHARED_DATA_DIR
from enviro_buyer.search.backend import SearchRequest
from enviro_buyer.search.services import search

pytestmark = pytest.mark.realdata

ENERGYSTAR_DIR = SHARED_DATA_DIR / "energystar_us_2019-04"
FILES = [
    "certified-residential-dishwashers-2019-04-04.csv",
    "certified-light-bulbs-2019-03-14.csv",
]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app with two real exports imported (and indexed), once per module."""
    if not ENERGYSTAR_DIR.is_dir():
        pytest.skip(f"real data not found at {ENERGYSTAR_DIR}")
    app = make_search_app(tmp_path_factory.mktemp("realdata") / "instance")
    paths = [str(ENERGYSTAR_DIR / name) for name in FILES]
    result = app.test_cli_runner().invoke(
        args=["import", "energystar", *paths, "--quiet"]
    )
    assert result.exit_code == 0, result.output
    yield app
    close_app(app)


def category_count(slug: str) -> int:
    """Return the number of products in the category ``slug``."""
    query = select(func.count(Product.id)).join(Category).where(Category.slug == slug)
    return db.session.scalar(query)


def test_concrete_number_finds_its_certified_pattern(imported: Flask) -> None:
    with imported.test_request_context("/"):
        result = search(SearchRequest(text="DUT36420W"))
        ids = [hit.product_id for hit in result.hits]
        numbers = {db.session.get(Product, pid).model_number for pid in ids}
    assert "DUT36420***" in numbers


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "dishwashers"), ("fr", "lave-vaisselle"), ("es", "lavavajillas")],
)
def test_category_word_finds_the_whole_category(imported: Flask, lang, text) -> None:
    with imported.test_request_context("/"):
        result = search(SearchRequest(text=text, lang=lang))
        assert result.total == category_count("dishwashers") > 0


def test_brand_facet_agrees_with_the_database(imported: Flask) -> None:
    with imported.test_request_context("/"):
        result = search(SearchRequest(facet_limit=None))
        brands = Counter({v.value.casefold(): v.count for v in result.facets["brand"]})
        rows = db.session.execute(
            select(func.lower(Product.brand), func.count()).group_by(
                func.lower(Product.brand)
            )
        )
        expected = Counter()
        for brand, count in rows:
            expected[" ".join(brand.split()).casefold()] += count
    assert brands == expected


def test_misspelt_query_gets_a_correction(imported: Flask) -> None:
    with imported.test_request_context("/"):
        result = search(SearchRequest(text="dishwahser lihgt"))
    # One swap from "dishwasher", an everyday word of the dishwashers category.
    assert result.suggestion == "dishwasher light"
