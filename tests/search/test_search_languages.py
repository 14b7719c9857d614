"""Searching in English, French and Spanish: stemming, accents, request language."""

from __future__ import annotations

import unicodedata

import pytest
from search_sample import FRIDGES

from enviro_buyer.search.query import build_plan, parse_user_text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "réfrigérateur"),
        ("fr", "refrigerateur"),
        ("fr", "réfrigérateurs"),
        ("fr", unicodedata.normalize("NFD", "réfrigérateur")),
        ("fr", "RÉFRIGÉRATEURS"),
        ("es", "refrigeradores"),
        ("es", "refrigerador"),
        ("en", "refrigerators"),
        ("en", "refrigerator"),
    ],
)
def test_fridges_are_found_in_every_language(catalogue, lang: str, text: str) -> None:
    assert catalogue.found(text, lang=lang) == FRIDGES


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "lave-vaisselle", {"bosch_dishwasher"}),
        ("es", "lavavajillas", {"bosch_dishwasher"}),
        ("en", "dishwashers", {"bosch_dishwasher"}),
        ("fr", "laveuse", {"whirlpool_washer"}),
        ("es", "lavadoras", {"whirlpool_washer"}),
        ("fr", "ampoule", {"luxrite_lower", "luxrite_capital", "luxrite_upper"}),
    ],
)
def test_category_names_in_each_language(catalogue, lang, text, expected) -> None:
    assert catalogue.found(text, lang=lang) == expected


def test_every_language_is_searched_whatever_the_request_language(catalogue) -> None:
    assert catalogue.found("réfrigérateurs", lang="en") == FRIDGES
    assert catalogue.found("refrigerators", lang="es") == FRIDGES


def test_words_of_a_query_are_all_required(catalogue) -> None:
    assert catalogue.found("réfrigérateur whirlpool", lang="fr") == {"whirlpool_fridge"}
    assert catalogue.found("whirlpool lavadora", lang="es") == {"whirlpool_washer"}


def test_stop_words_of_the_request_language_are_ignored(catalogue) -> None:
    assert catalogue.found("les réfrigérateurs de whirlpool", lang="fr") == {
        "whirlpool_fridge"
    }


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_request_language_is_boosted(catalogue, lang: str) -> None:
    from enviro_buyer.search.services import get_backend

    with catalogue.app.app_context():
        backend = get_backend()
        with backend.searcher() as (_name, searcher):
            plan = build_plan(parse_user_text("frigo"), lang, searcher)
    boosts = {
        alt.terms[0][0]: alt.boost
        for alt in plan.words[0]
        if alt.terms[0][0].startswith("text_")
    }
    assert boosts[f"text_{lang}"] == max(boosts.values())
    assert sorted(boosts.values()).count(max(boosts.values())) == 1
