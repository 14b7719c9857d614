"""Hostile queries give a normal result, or an empty one with a notice; no error."""

from __future__ import annotations

import unicodedata

import pytest

from enviro_buyer.search.query import NOTICE_WILDCARD, parse_user_text

HOSTILE = [
    '"unbalanced',
    "AND",
    "OR NOT",
    "(((",
    "*",
    "?",
    "a:b:c",
    "title:",
    "brand:",
    "x" * 500,
    " ".join(f"word{n}" for n in range(200)),
    unicodedata.normalize("NFD", "réfrigérateur déshumidificateur"),
    "control\x01\x02\x1b[31mchars",
    "nul\x00",
    "\x00",
    "a*",
    "re*",
    "***whirlpool***",
    "[]{}^~\\/",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00%ff",
    "\ud800",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_hostile_text_gives_a_normal_result(catalogue, text: str, lang: str) -> None:
    result = catalogue.search(text, lang=lang)
    assert result.total >= 0
    assert len(result.hits) <= result.per_page
    assert set(result.facets) == {"category", "label", "country", "brand"}


@pytest.mark.parametrize("text", ["*", "?", "**"])
def test_bare_wildcard_lists_everything_with_a_notice(catalogue, text: str) -> None:
    result = catalogue.search(text)
    everything = catalogue.search("")
    assert result.total == everything.total
    assert result.notice and "wildcard" in result.notice


def test_short_wildcard_is_not_expanded(catalogue) -> None:
    # "wh*" would expand into every brand and word starting with "wh".
    result = catalogue.search("wh*")
    assert result.total == 0
    assert result.notice


def test_operators_and_long_words_give_notices(catalogue) -> None:
    assert catalogue.search("whirlpool AND").notice
    assert catalogue.search("x" * 500).notice
    assert catalogue.search(" ".join(["whirlpool"] * 200)).notice


def test_field_syntax_does_not_reach_the_index(catalogue) -> None:
    # "category:" is just the word "category", not a field; nothing is named so.
    assert catalogue.found("category:refrigerators") == set()
    assert catalogue.found("id:1") == set()


def test_parse_notice_codes_for_wildcards() -> None:
    assert parse_user_text("*").notices == [NOTICE_WILDCARD]


# A URL cannot carry a lone surrogate; its bytes are sent raw below instead.
@pytest.mark.parametrize("text", [t for t in HOSTILE if t != "\ud800"])
def test_hostile_text_through_the_api_and_page(client, text: str) -> None:
    response = client.get("/api/v1/products", query_string={"q": text, "lang": "fr"})
    assert response.status_code in (200, 400)
    page = client.get("/en/search", query_string={"q": text})
    assert page.status_code in (200, 400)


def test_invalid_utf8_in_the_url(client) -> None:
    assert client.get("/api/v1/products?q=%ED%A0%80%FF%00").status_code in (200, 400)
    assert client.get("/fr/search?q=%ED%A0%80%FF%00").status_code in (200, 400)
