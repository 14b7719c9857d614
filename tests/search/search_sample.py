"""A small catalogue for the search tests, indexed through the commit hooks.

Eleven products in four categories, with brand spellings that differ only in case,
a wildcard pattern, a bracketed variant letter, markup in a brand, and efficiency
figures in both directions (lower kWh, higher lm/W).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from apps import make_test_app
from factories import make_product
from flask import Flask

from enviro_buyer.extensions import db
from enviro_buyer.search.backend import SearchRequest, SearchResult
from enviro_buyer.search.services import search


@dataclass
class Catalogue:
    """The sample app and its product ids by short name."""

    app: Flask
    ids: dict[str, int] = field(default_factory=dict)

    def search(self, text: str = "", **values) -> SearchResult:
        """Run one search in the sample app."""
        with self.app.test_request_context("/"):
            return search(SearchRequest(text=text, **values))

    def found(self, text: str = "", **values) -> set[str]:
        """Return the short names of every product the search finds."""
        result = self.search(text, per_page=100, **values)
        names = {pid: name for name, pid in self.ids.items()}
        return {names[hit.product_id] for hit in result.hits}


# name: (category, brand, model number, model name, efficiency, markets, labels, date)
PRODUCTS = {
    "whirlpool_fridge": (
        "refrigerators",
        "Whirlpool",
        "WRF555SDFZ",
        "French Door Refrigerator",
        600.0,
        ["US", "CA"],
        ["energy-star"],
        dt.date(2018, 3, 1),
    ),
    "bosch_pattern": (
        "refrigerators",
        "Bosch",
        "DUT36420***",
        "",
        400.0,
        ["US"],
        ["energy-star"],
        dt.date(2017, 5, 1),
    ),
    "frigidaire_fridge": (
        "refrigerators",
        "Frigidaire",
        "FFTR1835VW",
        "",
        380.0,
        ["US", "CA", "MX"],
        ["energy-star"],
        dt.date(2019, 1, 10),
    ),
    "avalon_compact": (
        "refrigerators",
        "Avalon",
        "A1-3.1CFDDBLK",
        "",
        270.0,
        ["US"],
        ["energy-star"],
        dt.date(2016, 3, 20),
    ),
    "samsung_variant": (
        "refrigerators",
        "Samsung",
        "RS36(X)",
        "",
        500.0,
        ["US", "CA"],
        ["energy-star"],
        dt.date(2015, 6, 1),
    ),
    "luxrite_lower": (
        "light-bulbs",
        "luxrite",
        "LR21288",
        "LED Bulb",
        88.9,
        ["US"],
        ["energy-star"],
        dt.date(2018, 1, 25),
    ),
    "luxrite_capital": (
        "light-bulbs",
        "Luxrite",
        "LR21289",
        "LED Bulb",
        95.0,
        ["US", "CA"],
        ["energy-star", "epeat"],
        dt.date(2018, 2, 1),
    ),
    "luxrite_upper": (
        "light-bulbs",
        "Luxrite",
        "LR-A19-800",
        "LED Bulb",
        70.0,
        ["MX"],
        ["energy-star"],
        dt.date(2018, 2, 2),
    ),
    "bosch_dishwasher": (
        "dishwashers",
        "Bosch",
        "SHE3AR75UC",
        "",
        269.0,
        ["US", "CA"],
        ["energy-star"],
        dt.date(2018, 6, 1),
    ),
    "whirlpool_washer": (
        "clothes-washers",
        "Whirlpool",
        "WFW5620HW",
        "",
        None,
        ["US", "CA"],
        ["energy-star", "epeat"],
        None,
    ),
    "html_brand": (
        "refrigerators",
        "<b>Evil</b> & Co",
        "X<script>1",
        "Fridge <i>",
        410.0,
        ["CA"],
        ["energy-star"],
        dt.date(2014, 1, 1),
    ),
}


def make_search_app(instance: Path, **overrides) -> Flask:
    """Build an app on ``instance`` with the shared test recipe."""
    return make_test_app(instance, **overrides)


def build_catalogue(app: Flask) -> dict[str, int]:
    """Write the sample products (each commit indexes one) and return their ids."""
    ids = {}
    with app.app_context():
        for name, values in PRODUCTS.items():
            category, brand, number, model_name, value, markets, labels, day = values
            product = make_product(
                category=category,
                labels=labels,
                brand=brand,
                model_number=number,
                model_name=model_name,
                efficiency_value=value,
                markets=markets,
                date_available=day,
            )
            ids[name] = product.id
        db.session.remove()
    return ids


FRIDGES = {
    "whirlpool_fridge",
    "bosch_pattern",
    "frigidaire_fridge",
    "avalon_compact",
    "samsung_variant",
    "html_brand",
}
BULBS = {"luxrite_lower", "luxrite_capital", "luxrite_upper"}
