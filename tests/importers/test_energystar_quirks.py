"""The ENERGY STAR importer on every quirk of the certifier's exports, one fixture
file per family of quirks (tests/importers/fixtures)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from energystar_fixtures import EXPORTS, FRIDGES, MORE
from sqlalchemy import select

from enviro_buyer.catalogue.models import Category, Metric, Product
from enviro_buyer.extensions import db


def listed(app) -> dict[str, dict]:
    """Every product by its ENERGY STAR id, as plain values."""
    with app.app_context():
        products = db.session.scalars(select(Product)).all()
        found = {}
        for p in products:
            cert = p.certifications[0]
            found[cert.listing_id] = {
                "id": p.id,
                "category": p.category.slug,
                "brand": p.brand,
                "model_number": p.model_number,
                "model_name": p.model_name,
                "additional_info": p.additional_info,
                "markets": p.markets,
                "specs": p.specs,
                "date_available": p.date_available,
                "efficiency_value": p.efficiency_value,
                "provenance": p.provenance,
                "tier": cert.tier,
                "certified_on": cert.certified_on,
                "source": cert.source,
                "label": cert.ecolabel.slug,
                "certifications": len(p.certifications),
            }
        return found


@pytest.fixture
def imported(es_app, run_import) -> dict[str, dict]:
    """The fixture exports folder, imported once."""
    result = run_import(EXPORTS)
    assert result.exit_code == 0, result.output
    return listed(es_app)


def test_header_whitespace_and_case_are_tolerated(imported):
    # " Brand Name" (leading space) and "Date Available On Market" (capital On).
    fridge = imported["2001"]
    assert fridge["brand"] == "Acme"
    assert fridge["date_available"] == dt.date(2018, 1, 15)
    # "Date Available on Market" (small on) in the dehumidifiers file.
    assert imported["3002"]["date_available"] == dt.date(2018, 4, 1)


def test_both_id_spellings(imported):
    # "ENERGY STAR Unique ID" in the fridges file, "PD_ID" in the dehumidifiers file.
    assert imported["2001"]["category"] == "fridges"
    assert imported["3001"]["category"] == "dehumidifiers"
    assert imported["3001"]["label"] == "energy-star"


def test_both_date_formats(imported):
    assert imported["2001"]["certified_on"] == dt.date(2018, 2, 1)
    # "MM/DD/YYYY 12:00:00 AM"
    assert imported["2002"]["date_available"] == dt.date(2018, 3, 1)
    assert imported["2002"]["certified_on"] == dt.date(2018, 3, 5)
    assert imported["3001"]["certified_on"] == dt.date(2018, 4, 2)
    # Empty dates stay unknown.
    assert imported["2003"]["date_available"] is None
    assert imported["2003"]["certified_on"] is None


def test_quoted_market_lists(imported):
    assert imported["2001"]["markets"] == ["US", "CA"]
    assert imported["2002"]["markets"] == ["US", "CA", "MX"]  # "México"
    assert imported["2003"]["markets"] == ["CA"]


def test_html_entities_are_decoded(imported):
    assert imported["2001"]["model_name"] == "Cool & Quiet"
    assert imported["2003"]["brand"] == "Brré Co"
    assert imported["2003"]["model_name"] == "Bré mini"


def test_embedded_quotes_and_line_breaks(imported):
    assert imported["2002"]["model_name"] == 'The "Big" One'
    assert imported["2003"]["additional_info"] == "Two lines\nof information"


def test_wildcard_model_numbers_are_kept_as_published(imported):
    assert imported["2001"]["model_number"] == "AR-100*"
    assert imported["2002"]["model_number"] == "AR-200##"


def test_empty_and_not_applicable_values_are_dropped(imported):
    specs = imported["2002"]["specs"]
    assert "capacity-total-volume" not in specs  # "N/A"
    assert "adjusted-volume" not in specs  # empty
    assert "upc" not in specs
    assert specs["type"] == "Side-by-side"


def test_specs_keep_numbers_as_numbers_and_codes_as_text(imported):
    specs = imported["2001"]["specs"]
    assert specs["annual-energy-use"] == 380 and isinstance(
        specs["annual-energy-use"], int
    )
    assert specs["capacity-total-volume"] == 18.2
    assert imported["2002"]["specs"]["annual-energy-use"] == 412.5
    # A UPC with a leading zero is a code, not a quantity.
    assert specs["upc"] == "012345678905"
    # The id, brand, dates and markets are not specs.
    assert not {"energy-star-unique-id", "brand-name", "markets"} & set(specs)


def test_efficiency_value_comes_from_the_category_metric(imported):
    assert imported["2001"]["efficiency_value"] == 380.0
    assert imported["3002"]["efficiency_value"] == 1.85


def test_most_efficient_tier_and_certification(imported):
    assert imported["2001"]["tier"] == "Most Efficient 2019"
    assert imported["2002"]["tier"] is None
    assert imported["2001"]["source"] == FRIDGES.name
    assert imported["2001"]["provenance"] == "certifier"
    assert imported["2001"]["certifications"] == 1


def test_new_columns_become_metrics_with_units(es_app, imported):
    with es_app.app_context():
        fridges = db.session.scalar(select(Category).filter_by(slug="fridges"))
        metrics = {m.key: m for m in fridges.metrics}
    # Key metrics of categories.json keep their direction and stay first.
    assert metrics["annual-energy-use"].is_key
    assert metrics["annual-energy-use"].better == "lower"
    assert metrics["annual-energy-use"].unit == "kWh/yr"
    assert metrics["annual-energy-use"].source_name == "Annual Energy Use (kWh/yr)"
    # Columns the category did not list are created: header name, no direction.
    assert metrics["type"].is_key is False
    assert metrics["type"].better is None
    assert metrics["type"].name_en == "Type"
    assert metrics["upc"].unit == ""
    assert min(metrics["type"].position, metrics["upc"].position) > max(
        m.position for m in metrics.values() if m.is_key
    )


def test_vending_machines_take_the_partner_as_brand(imported):
    machine = imported["5001"]
    assert machine["brand"] == "Vendco, Inc."
    assert machine["model_number"] == "VC-9"  # "Model Number or Rebuilt Model Number"
    assert machine["specs"]["original-equipment-manufacturer-oem"] == "Royal"
    assert machine["efficiency_value"] == 3.79


def test_partner_stands_in_for_an_empty_brand(imported):
    assert imported["3001"]["brand"] == "DryMax"
    assert imported["3002"]["brand"] == "Dry Corp"


def test_one_name_in_two_units_gets_two_keys(es_app, imported):
    specs = imported["6001"]["specs"]
    # The category knows water-use in gallons/hr: that column keeps the plain key.
    assert specs["water-use"] == 35.2
    assert specs["water-use-gallons-rack"] == 0.89
    with es_app.app_context():
        units = dict(
            db.session.execute(
                select(Metric.key, Metric.unit)
                .join(Category)
                .where(Category.slug == "commercial-dishwashers")
            ).all()
        )
    assert units == {
        "water-use": "gallons/hr",
        "water-use-gallons-rack": "gallons/rack",
    }


def test_unknown_category_is_created_in_other(es_app, run_import, caplog):
    caplog.set_level(logging.WARNING, logger="enviro_buyer")
    result = run_import(MORE / "certified-pool-pumps-2019-04-04.csv")

    assert result.exit_code == 0, result.output
    with es_app.app_context():
        category = db.session.scalar(select(Category).filter_by(slug="pool-pumps"))
        assert category is not None
        assert category.department.slug == "other"
        assert category.name_en == "Pool pumps"
        assert category.name_fr == "Pool pumps"
        assert category.name_es == "Pool pumps"
        assert category.source_names == ["pool-pumps"]
        assert {m.key for m in category.metrics} >= {
            "energy-factor",
            "motor-horsepower",
        }
        assert db.session.scalar(select(Product).filter_by(model_number="AP-1*"))
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        "pool-pumps" in r.getMessage() and "fr" in r.getMessage() for r in warnings
    )

    # The second time, the file maps to the category it created.
    again = run_import(MORE / "certified-pool-pumps-2019-04-04.csv")
    assert "Unchanged: 2" in again.output
    with es_app.app_context():
        slugs = db.session.scalars(select(Category.slug)).all()
    assert sorted(s for s in slugs if "pool" in s) == ["pool-pumps"]


def test_renamed_file_maps_by_its_header(es_app, run_import):
    result = run_import(MORE / "export (3).csv")

    assert result.exit_code == 0, result.output
    product = listed(es_app)["4001"]
    assert product["category"] == "fridges"
    assert product["date_available"] == dt.date(2018, 5, 1)
    assert product["efficiency_value"] == 240.0
    with es_app.app_context():
        assert db.session.scalar(select(Category).filter_by(slug="export-3")) is None
