"""Text analysis: NFC, accent folding, stop words and stemming per language."""

from __future__ import annotations

import pickle
import unicodedata

import pytest

from enviro_buyer.search.analysis import (
    analyse,
    brand_key,
    clean_text,
    fold,
    folded_words,
    model_key,
)
from enviro_buyer.search.schema import build_schema

NFD_FRIDGE = unicodedata.normalize("NFD", "réfrigérateur")


def test_nfd_input_is_the_same_word_as_nfc() -> None:
    assert NFD_FRIDGE != "réfrigérateur"
    assert analyse(NFD_FRIDGE, "fr") == analyse("réfrigérateur", "fr") == ["refriger"]


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("fr", ["réfrigérateur", "refrigerateur", "réfrigérateurs", "RÉFRIGÉRATEURS"]),
        ("es", ["refrigerador", "refrigeradores", "Refrigeradores"]),
        ("en", ["refrigerator", "refrigerators", "Refrigerators"]),
    ],
)
def test_forms_of_a_word_share_one_term(lang: str, forms: list[str]) -> None:
    terms = {tuple(analyse(form, lang)) for form in forms}
    assert len(terms) == 1
    assert terms.pop() != ()


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "le réfrigérateur", ["refriger"]),
        ("es", "los refrigeradores", analyse("refrigeradores", "es")),
        ("en", "the refrigerators", analyse("refrigerators", "en")),
    ],
)
def test_stop_words_of_the_language_are_dropped(
    lang: str, text: str, expected: list[str]
) -> None:
    assert analyse(text, lang) == expected


def test_folding_handles_ligatures_and_case() -> None:
    assert fold("Cœur ÉCRAN") == "coeur ecran"
    assert folded_words("Écrans écrans, Lave-vaisselle") == [
        "ecrans",
        "lave",
        "vaisselle",
    ]


def test_control_characters_become_spaces() -> None:
    assert clean_text("a\x00b\x1fc\u200bd") == "a b c d"


def test_keys_for_exact_matching() -> None:
    assert brand_key("  LuxRite   Lighting ") == "luxrite lighting"
    assert brand_key("Électrolux") == "electrolux"
    assert model_key("A1-3.1cfddblk") == model_key("A131CFDDBLK") == "a131cfddblk"


def test_schema_analyzers_survive_pickling() -> None:
    # Whoosh stores the schema, analyzers included, pickled in the index.
    schema = pickle.loads(pickle.dumps(build_schema()))
    analyzer = schema["text_fr"].analyzer
    assert [t.text for t in analyzer("Réfrigérateurs")] == ["refriger"]
