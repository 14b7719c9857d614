"""Highlighted snippets and "did you mean"."""

from __future__ import annotations

import re

import pytest


def only_mark_tags(html: str) -> bool:
    """Tell whether <mark> and </mark> are the only tags in ``html``."""
    return "<" not in re.sub(r"</?mark>", "", html) and ">" not in re.sub(
        r"</?mark>", "", html
    )


def test_snippet_escapes_product_text(catalogue) -> None:
    (hit,) = catalogue.search("evil").hits
    assert only_mark_tags(hit.highlight)
    assert "&lt;b&gt;<mark>Evil</mark>&lt;/b&gt; &amp; Co" in hit.highlight
    assert "X&lt;script&gt;1" in hit.highlight
    assert "<mark>" in hit.highlight


@pytest.mark.parametrize(
    ("lang", "text", "marked"),
    [
        ("fr", "réfrigérateur", "<mark>Réfrigérateurs</mark>"),
        ("es", "refrigerador", "<mark>Refrigeradores</mark>"),
        ("en", "refrigerator", "<mark>Refrigerators</mark>"),
    ],
)
def test_snippet_marks_the_category_name_in_the_request_language(
    catalogue, lang: str, text: str, marked: str
) -> None:
    result = catalogue.search(text, lang=lang, per_page=100)
    assert result.hits
    assert all(marked in hit.highlight for hit in result.hits)
    assert all(only_mark_tags(hit.highlight) for hit in result.hits)


def test_snippet_marks_brand_and_words(catalogue) -> None:
    (hit,) = catalogue.search("whirlpool french").hits
    assert hit.highlight.startswith("<mark>Whirlpool</mark>")
    assert "<mark>French</mark> Door" in hit.highlight


def test_highlights_can_be_turned_off(catalogue) -> None:
    result = catalogue.search("whirlpool", with_highlights=False)
    assert result.hits and all(hit.highlight == "" for hit in result.hits)


@pytest.mark.parametrize(
    ("text", "lang", "suggestion"),
    [
        ("refrigerater whirlpol", "en", "refrigerator whirlpool"),
        ("whirlpol refrigerator", "en", "whirlpool refrigerator"),
        ("frigidare", "en", "frigidaire"),
        ("refrigerador whirpool", "es", "refrigerador whirlpool"),
        ("réfrigérateru", "fr", "réfrigérateur"),
    ],
)
def test_did_you_mean_corrects_every_misspelt_word(
    catalogue, text: str, lang: str, suggestion: str
) -> None:
    assert catalogue.search(text, lang=lang).suggestion == suggestion


@pytest.mark.parametrize(
    "text", ["whirlpool refrigerator", "réfrigérateurs", "WRF555SDFX", "frigid", "zzqx"]
)
def test_no_suggestion_for_known_words_numbers_or_hopeless_words(
    catalogue, text
) -> None:
    assert catalogue.search(text, lang="fr").suggestion is None
