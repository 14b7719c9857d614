"""Everyday and regional words find their category; "did you mean" keeps accents.

Each category of catalogue_data/categories.json lists the words people actually type
("bombillas", "laveuse", "minisplit", "boiler" for a Mexican water heater). They are
indexed in the category's vocabulary document under their language's analysed field,
so they find the category's products, and they feed the spelling vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apps import close_app
from factories import make_product
from search_sample import Catalogue, make_search_app

from enviro_buyer.extensions import db
from enviro_buyer.search.suggest import (
    ANY_LANGUAGE,
    spelling_table,
    written_form,
)

# One product per category, named after its category.
CATEGORIES = (
    "light-bulbs",
    "clothes-washers",
    "clothes-dryers",
    "room-air-conditioners",
    "water-heaters",
    "boilers",
    "refrigerators",
    "computers",
    "televisions",
    "displays",
    "imaging-equipment",
    "dishwashers",
)


@pytest.fixture(scope="module")
def everyday(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalogue]:
    """An app with the reference data and one indexed product per category above."""
    app = make_search_app(Path(tmp_path_factory.mktemp("everyday")) / "instance")
    sample = Catalogue(app)
    with app.app_context():
        for number, slug in enumerate(CATEGORIES):
            product = make_product(
                category=slug, brand="Plainbrand", model_number=f"PB{number:04d}"
            )
            sample.ids[slug] = product.id
        db.session.remove()
    yield sample
    close_app(app)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("es", "bombillas", {"light-bulbs"}),
        ("es", "bombilla", {"light-bulbs"}),
        ("es", "focos", {"light-bulbs"}),
        ("fr", "ampoules", {"light-bulbs"}),
        ("fr", "lampes", {"light-bulbs"}),
        ("en", "bulbs", {"light-bulbs"}),
        ("en", "lamps", {"light-bulbs"}),
        ("fr", "laveuse", {"clothes-washers"}),
        ("fr", "lave-linge", {"clothes-washers"}),
        ("es", "lavarropas", {"clothes-washers"}),
        ("fr", "sécheuse", {"clothes-dryers"}),
        ("es", "minisplit", {"room-air-conditioners"}),
        ("es", "clima", {"room-air-conditioners"}),
        ("fr", "clim", {"room-air-conditioners"}),
        ("fr", "frigo", {"refrigerators"}),
        ("fr", "frigidaire", {"refrigerators"}),
        ("es", "nevera", {"refrigerators"}),
        ("es", "heladera", {"refrigerators"}),
        ("es", "refri", {"refrigerators"}),
        ("fr", "chauffe-eau", {"water-heaters"}),
        ("es", "calentador", {"water-heaters"}),
        ("es", "ordenador", {"computers"}),
        ("es", "computadora portátil", {"computers"}),
        ("es", "portatil", {"computers"}),
        ("en", "laptop", {"computers"}),
        ("fr", "imprimante", {"imaging-equipment"}),
        ("es", "impresora", {"imaging-equipment"}),
        ("fr", "télé", {"televisions"}),
        ("es", "tele", {"televisions"}),
        ("es", "lavaplatos", {"dishwashers"}),
    ],
)
def test_everyday_words_find_their_category(everyday, lang, text, expected) -> None:
    assert everyday.found(text, lang=lang) == expected


def test_a_word_with_two_meanings_ranks_the_request_language_first(everyday) -> None:
    # In Mexico a "boiler" heats the house's water; in English it is a boiler.
    spanish = everyday.search("boiler", lang="es").hits
    english = everyday.search("boiler", lang="en").hits
    names = {pid: name for name, pid in everyday.ids.items()}

    assert {names[h.product_id] for h in spanish} == {"water-heaters", "boilers"}
    assert names[spanish[0].product_id] == "water-heaters"
    assert names[english[0].product_id] == "boilers"


@pytest.fixture(scope="module")
def common_boilers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalogue]:
    """Many boilers named "Boiler" (a common English word here), one water heater."""
    app = make_search_app(Path(tmp_path_factory.mktemp("boilers")) / "instance")
    sample = Catalogue(app)
    with app.app_context():
        for number in range(60):
            make_product(
                category="boilers",
                brand="Plainbrand",
                model_number=f"BO{number:04d}",
                model_name="Gas Boiler",
                commit=False,
            )
        sample.ids["water-heater"] = make_product(category="water-heaters").id
        db.session.remove()
    yield sample
    close_app(app)


def test_a_common_word_still_ranks_the_request_language_first(common_boilers) -> None:
    # "boiler" is in 60 English product texts and in one Spanish keyword list: by
    # its per-field rarity alone, the Spanish match would come first in English.
    english = common_boilers.search("boiler", lang="en", per_page=100).hits
    spanish = common_boilers.search("boiler", lang="es", per_page=100).hits
    water_heater = common_boilers.ids["water-heater"]

    assert len(english) == 61
    assert english[-1].product_id == water_heater
    assert spanish[0].product_id == water_heater


def test_pantalla_finds_televisions_and_monitors(everyday) -> None:
    # Mexicans call a television a "pantalla"; a monitor is one too.
    assert everyday.found("pantalla", lang="es") == {"televisions", "displays"}


def test_everyday_words_are_highlighted_only_through_category_names(everyday) -> None:
    (hit,) = everyday.search("bombillas", lang="es").hits

    # The snippet shows the category's name ("Focos"), not the keyword.
    assert "Focos" in hit.highlight
    assert "bombilla" not in hit.highlight.lower()


@pytest.mark.parametrize(
    ("text", "lang", "suggestion"),
    [
        ("bombilals", "es", "bombillas"),
        ("minisplti", "es", "minisplit"),
        ("laveuze", "fr", "laveuse"),
        # Accents are given back in the request's language.
        ("réfigérateurs", "fr", "réfrigérateurs"),
        ("refigerateurs", "fr", "réfrigérateurs"),
        ("sécheuze", "fr", "sécheuse"),
        ("calefaccón", "es", "calefacción"),
        ("portatl", "es", "portátil"),
        ("televisoin", "es", "televisión"),
        ("televisoin", "fr", "télévision"),
        ("televisoin", "en", "television"),
        ("congeladro", "es", "congelador"),
    ],
)
def test_did_you_mean_uses_everyday_words_and_keeps_accents(
    everyday, text: str, lang: str, suggestion: str
) -> None:
    assert everyday.search(text, lang=lang).suggestion == suggestion


@pytest.mark.parametrize(
    ("text", "lang"),
    [("bombillas", "es"), ("frigidaire", "fr"), ("minisplit", "en")],
)
def test_everyday_words_are_not_corrected(everyday, text: str, lang: str) -> None:
    assert everyday.search(text, lang=lang).suggestion is None


class StoredOnly:
    """A stand-in searcher holding the stored fields of a few vocabulary documents."""

    def __init__(self, documents: list[dict]) -> None:
        self.documents = documents

    def stored_fields(self, docnum: int) -> dict:
        """Return the stored fields of ``docnum``."""
        return self.documents[docnum]


def test_spelling_table_keeps_only_words_with_accents() -> None:
    searcher = StoredOnly(
        [
            {"spellings": {"fr": "télé téléviseurs", "es": "tele televisores"}},
            {"spellings": {"fr": "télé", "en": "tv television"}},
            {},
        ]
    )

    table = spelling_table(searcher, range(3))

    assert set(table) == {"tele", "televiseurs"}
    assert table["tele"] == {"fr": "télé", "es": "tele", ANY_LANGUAGE: "télé"}
    assert written_form(table, "tele", "es") == "tele"
    assert written_form(table, "tele", "en") == "télé"
    assert written_form(table, "televiseurs", "es") == "téléviseurs"
    assert written_form(table, "whirlpool", "fr") == "whirlpool"


def test_spelling_table_prefers_the_accented_form_on_a_tie() -> None:
    searcher = StoredOnly([{"spellings": {"fr": "electrique électrique"}}])

    assert spelling_table(searcher, [0])["electrique"]["fr"] == "électrique"
