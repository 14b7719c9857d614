"""Cell values and file-to-category mapping of the importer, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from enviro_buyer.importers.mapping import CategoryInfo, file_stem, match_by_header
from enviro_buyer.importers.values import (
    clean_text,
    parse_date,
    parse_markets,
    parse_number,
    spec_value,
)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        (
            "certified-residential-refrigerators-2019-03-28.csv",
            "residential-refrigerators",
        ),
        ("ENERGY_STAR_Certified_Dehumidifiers.csv", "dehumidifiers"),
        ("certified-light-bulbs-2019-03-14.csv", "light-bulbs"),
        ("Energy Star Certified Pool Pumps.csv", "pool-pumps"),
        ("export (3).csv", "export-3"),
    ],
)
def test_file_stem(name, stem):
    assert file_stem(name) == stem


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("  Acme ", "Acme"),
        ("", None),
        ("N/A", None),
        ("n/a", None),
        ("NA", None),
        ("None", "None"),
        ("Fish &amp; Chips", "Fish & Chips"),
        ("AT&T", "AT&T"),
        ("Cafe\u0301", "Café"),
    ],
)
def test_clean_text(raw, value):
    assert clean_text(raw) == value


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("380", 380),
        ("-2", -2),
        ("0", 0),
        ("0.15", 0.15),
        (".5", 0.5),
        ("1.2e3", 1200.0),
        ("007", None),
        ("1,234", None),
        ("nan", None),
        ("inf", None),
        ("1e400", None),
        ("12 W", None),
    ],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


def test_spec_value_keeps_codes_as_text():
    assert spec_value("812345678901") == 812345678901
    assert spec_value("812345678901", as_text=True) == "812345678901"
    assert spec_value("Yes") == "Yes"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("02/01/2018", dt.date(2018, 2, 1)),
        ("03/05/2018 12:00:00 AM", dt.date(2018, 3, 5)),
        ("2019-06-01", dt.date(2019, 6, 1)),
        (None, None),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["13/45/2018", "yesterday", "2018/02/01"])
def test_parse_date_refuses(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("United States, Canada", ["US", "CA"]),
        ("Canada", ["CA"]),
        ("United States, Switzerland, Taiwan, Japan, Canada", ["US", "CA"]),
        ("Mexico", ["MX"]),
        ("México, United States", ["MX", "US"]),
        ("Japan", []),
        (None, []),
    ],
)
def test_parse_markets(text, codes):
    assert parse_markets(text) == codes


def info(slug: str, *keys: str) -> CategoryInfo:
    return CategoryInfo(id=1, slug=slug, metric_units=dict.fromkeys(keys, ""))


def test_header_match_prefers_the_closest_category():
    fridges = info("fridges", "annual-energy-use", "adjusted-volume", "counter-depth")
    freezers = info("freezers", "annual-energy-use", "adjusted-volume")
    keys = ["annual-energy-use", "adjusted-volume", "counter-depth", "type"]
    assert match_by_header(keys, [freezers, fridges]) is fridges


def test_header_match_refuses_ties_and_weak_overlaps():
    a = info("a", "annual-energy-use", "adjusted-volume")
    b = info("b", "annual-energy-use", "adjusted-volume")
    assert match_by_header(["annual-energy-use", "adjusted-volume"], [a, b]) is None
    # Generic columns prove nothing; one shared metric is not enough.
    c = info("c", "annual-energy-use", "upc", "type")
    assert match_by_header(["annual-energy-use", "upc", "type", "x"], [c]) is None
