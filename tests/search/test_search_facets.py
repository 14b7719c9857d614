"""Filters and facet counts, checked against the database.

Facets are multi-select: each facet is counted over the matches filtered by the other
facets but not by itself, so a page can offer "or" choices within a facet. Values of
one facet are ORed, facets are ANDed. Brands group case variants.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import text

from enviro_buyer.extensions import db
from enviro_buyer.search.backend import FACET_FIELDS

FACET_SQL = {
    "category": """
        SELECT c.slug, count(*) FROM products p
        JOIN categories c ON c.id = p.category_id
        WHERE p.id IN ({ids}) GROUP BY c.slug""",
    "label": """
        SELECT e.slug, count(DISTINCT p.id) FROM products p
        JOIN certifications t ON t.product_id = p.id
        JOIN ecolabels e ON e.id = t.ecolabel_id
        WHERE p.id IN ({ids}) GROUP BY e.slug""",
    "country": """
        SELECT j.value, count(*) FROM products p, json_each(p.markets) j
        WHERE p.id IN ({ids}) GROUP BY j.value""",
    "brand": """
        SELECT lower(p.brand), count(*) FROM products p
        WHERE p.id IN ({ids}) GROUP BY lower(p.brand)""",
}
FILTER_SQL = {
    "category": """SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id
        WHERE c.slug IN :values""",
    "label": """SELECT t.product_id FROM certifications t
        JOIN ecolabels e ON e.id = t.ecolabel_id WHERE e.slug IN :values""",
    "country": """SELECT p.id FROM products p, json_each(p.markets) j
        WHERE j.value IN :values""",
    "brand": "SELECT p.id FROM products p WHERE lower(p.brand) IN :values",
}


def database_facets(
    matched: set[int], filters: dict[str, tuple[str, ...]]
) -> dict[str, Counter]:
    """Count each facet in SQL over ``matched`` and the other facets' filters."""
    from sqlalchemy import bindparam

    selected: dict[str, set[int]] = {}
    for facet, values in filters.items():
        query = text(FILTER_SQL[facet]).bindparams(bindparam("values", expanding=True))
        wanted = [v.lower() for v in values] if facet == "brand" else list(values)
        selected[facet] = set(db.session.scalars(query, {"values": wanted}))
    counts = {}
    for facet in FACET_FIELDS:
        products = set(matched)
        for other, members in selected.items():
            if other != facet:
                products &= members
        ids = ",".join(str(pid) for pid in products) or "NULL"
        rows = db.session.execute(text(FACET_SQL[facet].format(ids=ids)))
        counts[facet] = Counter({value: count for value, count in rows})
    return counts


def search_facets(result) -> dict[str, Counter]:
    """Return a result's facet counts, brands keyed in lower case."""
    counts = {}
    for facet, values in result.facets.items():
        counts[facet] = Counter(
            {
                (v.value.lower() if facet == "brand" else v.value): v.count
                for v in values
            }
        )
        counts[facet] = +counts[facet]
    return counts


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("", {}),
        ("refrigerator", {}),
        ("", {"country": ("CA",)}),
        ("", {"category": ("light-bulbs",), "country": ("US", "MX")}),
        ("", {"label": ("epeat",)}),
        ("", {"brand": ("LUXRITE",)}),
        ("whirlpool", {"category": ("refrigerators", "clothes-washers")}),
        ("led", {"country": ("CA",), "label": ("energy-star",)}),
    ],
)
def test_facet_counts_agree_with_the_database(catalogue, query, filters) -> None:
    everything = catalogue.search(query, per_page=100, facet_limit=None)
    matched = {hit.product_id for hit in everything.hits}
    assert len(matched) == everything.total
    result = catalogue.search(query, filters=filters, facet_limit=None)
    with catalogue.app.app_context():
        expected = database_facets(matched, filters)
        db.session.remove()
    assert search_facets(result) == {facet: +expected[facet] for facet in FACET_FIELDS}


def test_values_of_one_facet_are_ored_and_facets_anded(catalogue) -> None:
    assert catalogue.found(filters={"country": ("CA", "MX")}) >= {
        "luxrite_upper",
        "luxrite_capital",
    }
    assert catalogue.found(
        filters={"category": ("light-bulbs",), "country": ("CA",)}
    ) == {"luxrite_capital"}


def test_a_facet_is_counted_without_its_own_filter(catalogue) -> None:
    result = catalogue.search(filters={"category": ("refrigerators",)})
    assert result.total == 6
    categories = {v.value: v for v in result.facets["category"]}
    assert categories["refrigerators"].count == 6
    assert categories["refrigerators"].selected
    # Other categories stay on offer, with what choosing them would add.
    assert categories["light-bulbs"].count == 3
    assert not categories["light-bulbs"].selected


def test_brand_case_variants_group_under_the_most_used_spelling(catalogue) -> None:
    result = catalogue.search("", facet_limit=None)
    brands = {v.value: v.count for v in result.facets["brand"]}
    assert brands["Luxrite"] == 3
    assert "luxrite" not in brands


def test_brand_filter_ignores_case(catalogue) -> None:
    bulbs = {"luxrite_lower", "luxrite_capital", "luxrite_upper"}
    assert catalogue.found(filters={"brand": ("luxrite",)}) == bulbs
    assert catalogue.found(filters={"brand": ("LUXRITE",)}) == bulbs


def test_selected_values_are_listed_even_beyond_the_limit(catalogue) -> None:
    result = catalogue.search(filters={"brand": ("Samsung",)}, facet_limit=1)
    brands = result.facets["brand"]
    assert [v.value for v in brands if v.selected] == ["Samsung"]
    assert len(brands) == 1


def test_unknown_filter_values_match_nothing(catalogue) -> None:
    result = catalogue.search(filters={"category": ("no-such-thing",)})
    assert result.total == 0
    assert result.hits == []
    assert [v.value for v in result.facets["category"] if v.selected] == [
        "no-such-thing"
    ]
