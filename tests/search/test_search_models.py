"""Brands and model numbers: exact, by prefix, and through certified patterns."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from enviro_buyer.catalogue.models import Certification
from enviro_buyer.extensions import db


@pytest.mark.parametrize(
    "text", ["whirlpool", "WHIRLPOOL", "Whirlpool", "whirl", "Whirlp"]
)
def test_brand_exact_and_prefix_ignore_case(catalogue, text: str) -> None:
    assert catalogue.found(text) == {"whirlpool_fridge", "whirlpool_washer"}


def test_brand_prefix_needs_three_characters(catalogue) -> None:
    assert catalogue.found("wh") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FFTR1835VW", "frigidaire_fridge"),
        ("fftr1835vw", "frigidaire_fridge"),
        ("FFTR18", "frigidaire_fridge"),
        ("fftr*", "frigidaire_fridge"),
        ("A1-3.1CFDDBLK", "avalon_compact"),
        ("a131cfddblk", "avalon_compact"),
        ("A1-3.1", "avalon_compact"),
        ("LR21288", "luxrite_lower"),
    ],
)
def test_model_number_exact_and_prefix(catalogue, text: str, expected: str) -> None:
    result = catalogue.search(text)
    names = {pid: name for name, pid in catalogue.ids.items()}
    assert names[result.hits[0].product_id] == expected


def test_exact_model_number_outranks_prefix(catalogue) -> None:
    result = catalogue.search("LR21288")
    names = {pid: name for name, pid in catalogue.ids.items()}
    assert [names[h.product_id] for h in result.hits] == ["luxrite_lower"]
    prefix = catalogue.search("LR2128")
    assert {names[h.product_id] for h in prefix.hits} == {
        "luxrite_lower",
        "luxrite_capital",
    }


@pytest.mark.parametrize("text", ["DUT36420W", "dut36420wa", "DUT36420", "DUT364*"])
def test_concrete_number_finds_the_pattern_that_covers_it(catalogue, text: str) -> None:
    assert catalogue.found(text) == {"bosch_pattern"}


@pytest.mark.parametrize("text", ["DUT36420WABC", "DUT36421W"])
def test_numbers_outside_the_pattern_are_not_found(catalogue, text: str) -> None:
    assert catalogue.found(text) == set()


def test_bracketed_variant_letter(catalogue) -> None:
    assert catalogue.found("RS36W") == {"samsung_variant"}


def test_listing_id_finds_its_product(catalogue) -> None:
    with catalogue.app.app_context():
        listing = db.session.scalar(
            select(Certification.listing_id).where(
                Certification.product_id == catalogue.ids["avalon_compact"]
            )
        )
    assert catalogue.found(listing) == {"avalon_compact"}


def test_pattern_match_is_highlighted_whole(catalogue) -> None:
    (hit,) = catalogue.search("DUT36420W").hits
    assert "<mark>DUT36420***</mark>" in hit.highlight
