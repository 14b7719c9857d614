"""Parsing user text: plain words only, hostile syntax neutralised, bounded prefixes."""

from __future__ import annotations

import unicodedata

import pytest
from whoosh.fields import ID, Schema
from whoosh.filedb.filestore import RamStorage

from enviro_buyer.search.query import (
    MAX_EXPANSION,
    MAX_WORDS,
    NOTICE_LONG_WORD,
    NOTICE_OPERATORS,
    NOTICE_SHORT_WILDCARD,
    NOTICE_TOO_MANY_WORDS,
    NOTICE_WILDCARD,
    expand_prefix,
    parse_user_text,
)


def words(text: str) -> list[str]:
    """Return the words a text parses into."""
    return [word.text for word in parse_user_text(text).words]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"unbalanced', ["unbalanced"]),
        ("(((", []),
        ("a:b:c", ["a", "b", "c"]),
        ("title:", ["title"]),
        ("brand:whirlpool", ["brand", "whirlpool"]),
        ("category:refrigerators^5", ["category", "refrigerators", "5"]),
        ("-whirlpool +bosch", ["whirlpool", "bosch"]),
        ("A1-3.1CFDDBLK", ["A1-3.1CFDDBLK"]),
        ("nul\x00byte\x07", ["nul", "byte"]),
    ],
)
def test_syntax_is_never_interpreted(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_field_prefixes_do_not_address_fields() -> None:
    parsed = parse_user_text("id:1 brand:x")
    assert all(":" not in word.text for word in parsed.words)


@pytest.mark.parametrize("text", ["AND", "OR NOT", "whirlpool AND NOT bosch"])
def test_operators_are_dropped_with_a_notice(text: str) -> None:
    parsed = parse_user_text(text)
    assert not {"AND", "OR", "NOT"} & {w.text for w in parsed.words}
    assert parsed.notices == [NOTICE_OPERATORS]


@pytest.mark.parametrize("text", ["*", "?", "**", "*?*"])
def test_bare_wildcards_are_refused(text: str) -> None:
    parsed = parse_user_text(text)
    assert parsed.words == []
    assert parsed.notices == [NOTICE_WILDCARD]


@pytest.mark.parametrize("text", ["a*", "wh*", "x?"])
def test_short_wildcards_are_not_expanded(text: str) -> None:
    parsed = parse_user_text(text)
    assert [w.prefix for w in parsed.words] == [False]
    assert parsed.notices == [NOTICE_SHORT_WILDCARD]


def test_a_trailing_wildcard_on_three_characters_asks_for_a_prefix() -> None:
    (word,) = parse_user_text("whi*").words
    assert (word.text, word.prefix) == ("whi", True)


def test_over_long_words_are_ignored() -> None:
    parsed = parse_user_text("x" * 500 + " fridge")
    assert words("x" * 500 + " fridge") == ["fridge"]
    assert parsed.notices == [NOTICE_LONG_WORD]


def test_many_words_are_capped() -> None:
    parsed = parse_user_text(" ".join(["word"] * 200))
    assert len(parsed.words) == MAX_WORDS
    assert parsed.notices == [NOTICE_TOO_MANY_WORDS]


def test_decomposed_accents_are_composed() -> None:
    assert words(unicodedata.normalize("NFD", "réfrigérateur")) == ["réfrigérateur"]


def test_prefix_expansion_is_bounded() -> None:
    storage = RamStorage()
    index = storage.create_index(Schema(brand=ID()))
    with index.writer() as writer:
        for number in range(200):
            writer.add_document(brand=f"zeta{number:03d}")
    with index.searcher() as searcher:
        reader = searcher.reader()
        assert (
            len(expand_prefix(reader, "brand", "zeta", MAX_EXPANSION)) == MAX_EXPANSION
        )
        assert expand_prefix(reader, "brand", "ze", MAX_EXPANSION) == []
