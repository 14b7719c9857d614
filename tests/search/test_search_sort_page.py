"""Sorting by relevance, efficiency and date; pages and totals."""

from __future__ import annotations

import pytest


def names(catalogue, result) -> list[str]:
    """Return the short names of a result's hits, in order."""
    by_id = {pid: name for name, pid in catalogue.ids.items()}
    return [by_id[hit.product_id] for hit in result.hits]


FRIDGE_FILTER = {"category": ("refrigerators",)}


def test_efficiency_sort_puts_lowest_energy_use_first(catalogue) -> None:
    # Refrigerators rank by annual energy use: lower is better.
    result = catalogue.search(filters=FRIDGE_FILTER, sort="efficiency")
    assert names(catalogue, result) == [
        "avalon_compact",
        "frigidaire_fridge",
        "bosch_pattern",
        "html_brand",
        "samsung_variant",
        "whirlpool_fridge",
    ]


def test_efficiency_sort_puts_highest_efficacy_first(catalogue) -> None:
    # Light bulbs rank by efficacy: higher is better.
    result = catalogue.search("led", sort="efficiency")
    assert names(catalogue, result) == [
        "luxrite_capital",
        "luxrite_lower",
        "luxrite_upper",
    ]


def test_products_without_an_efficiency_figure_come_last(catalogue) -> None:
    result = catalogue.search(sort="efficiency", per_page=100)
    assert names(catalogue, result)[-1] == "whirlpool_washer"


def test_newest_first(catalogue) -> None:
    result = catalogue.search(filters=FRIDGE_FILTER, sort="newest")
    assert names(catalogue, result) == [
        "frigidaire_fridge",
        "whirlpool_fridge",
        "bosch_pattern",
        "avalon_compact",
        "samsung_variant",
        "html_brand",
    ]


def test_relevance_ties_go_to_the_greener_product(catalogue) -> None:
    # The three bulbs match "luxrite" equally; efficacy decides.
    result = catalogue.search("luxrite")
    assert names(catalogue, result) == [
        "luxrite_capital",
        "luxrite_lower",
        "luxrite_upper",
    ]


def test_relevance_prefers_an_exact_brand_to_a_prefix(app) -> None:
    from factories import make_product

    from enviro_buyer.search.backend import SearchRequest
    from enviro_buyer.search.services import search

    with app.app_context():
        exact = make_product(brand="Bosch", efficiency_value=900.0).id
        longer = make_product(brand="Boschetti", efficiency_value=100.0).id
        result = search(SearchRequest(text="bosch"))
    assert [hit.product_id for hit in result.hits] == [exact, longer]


@pytest.mark.parametrize("sort", ["relevance", "efficiency", "newest"])
def test_pages_cover_every_match_once(catalogue, sort: str) -> None:
    whole = catalogue.search("refrigerator", sort=sort, per_page=100)
    seen = []
    for page in (1, 2, 3):
        result = catalogue.search("refrigerator", sort=sort, per_page=2, page=page)
        assert result.total == 6
        assert result.pages == 3
        seen += names(catalogue, result)
    assert seen == names(catalogue, whole)


def test_a_page_past_the_end_is_empty_with_the_total(catalogue) -> None:
    result = catalogue.search("refrigerator", per_page=2, page=9)
    assert result.total == 6
    assert result.hits == []


def test_page_numbers_are_clamped(catalogue) -> None:
    assert catalogue.search("refrigerator", page=0).page == 1
    assert catalogue.search("refrigerator", page=10**9).page == 500
    assert catalogue.search("refrigerator", per_page=10**6).per_page == 100
