"""Result snippets: the product's brand, name, number and category, matches in <mark>.

The snippet is HTML: every piece of product text is escaped, and only the ``<mark>``
tags are ours. A word is marked when it analyses to a term the query looked for in
any language, or starts with a prefix the person asked for; the brand and the model
number are marked whole when they matched as a brand or as a (pattern) number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from html import escape
from typing import Any

from enviro_buyer.search.analysis import (
    LANGUAGES,
    WORD_PATTERN,
    analyse,
    brand_key,
    clean_text,
    fold,
)
from enviro_buyer.search.patterns import covers, parse_model_numbers
from enviro_buyer.search.query import MIN_PREFIX, QueryTerms

SEPARATOR = " · "
_WORD = re.compile(WORD_PATTERN)


@lru_cache(maxsize=65536)
def _stems(word: str, lang: str) -> frozenset[str]:
    """Return the terms one word gives in ``lang`` (cached: names repeat a lot)."""
    return frozenset(analyse(word, lang))


def _word_matches(word: str, terms: QueryTerms) -> bool:
    """Tell whether a word of the snippet is one the query looked for."""
    for lang in LANGUAGES:
        wanted = terms.stems.get(lang)
        if wanted and not wanted.isdisjoint(_stems(word, lang)):
            return True
    folded = fold(word)
    return any(folded.startswith(prefix) for prefix in terms.prefixes)


def _mark(text: str) -> str:
    """Wrap escaped text in <mark>."""
    return f"<mark>{escape(text)}</mark>"


def mark_words(text: str, terms: QueryTerms) -> str:
    """Return ``text`` escaped, with the words the query matched in <mark>."""
    out = []
    last = 0
    for match in _WORD.finditer(text):
        if _word_matches(match.group(0), terms):
            out.append(escape(text[last : match.start()]))
            out.append(_mark(match.group(0)))
            last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _related(candidate: str, wanted: set[str]) -> bool:
    """Tell whether a key equals, or starts with, one the query looked for."""
    return any(
        candidate == key or (len(key) >= MIN_PREFIX and candidate.startswith(key))
        for key in wanted
    )


def _model_matches(model_number: str, terms: QueryTerms) -> bool:
    """Tell whether the query found this model number (plainly or as a pattern)."""
    for number in parse_model_numbers(model_number):
        if _related(number.key, terms.model_keys):
            return True
    return any(
        len(key) >= MIN_PREFIX and covers(model_number, key) for key in terms.model_keys
    )


def snippet(stored: Mapping[str, Any], lang: str, terms: QueryTerms) -> str:
    """Return the HTML snippet of one hit in ``lang``."""
    pieces = []
    brand = clean_text(stored.get("brand_text") or "")
    if brand:
        matched = _related(brand_key(brand), terms.brand_keys)
        pieces.append(_mark(brand) if matched else mark_words(brand, terms))
    name = clean_text(stored.get("model_name") or "")
    if name:
        pieces.append(mark_words(name, terms))
    number = clean_text(stored.get("model_number") or "")
    if number:
        matched = _model_matches(number, terms)
        pieces.append(_mark(number) if matched else mark_words(number, terms))
    category = clean_text(stored.get(f"category_{lang}") or "")
    if category:
        pieces.append(mark_words(category, terms))
    return SEPARATOR.join(pieces)
