"""From what a person typed to a search plan, safely.

User text is never given to Whoosh's query parser: its syntax (``field:``, ``AND``,
quotes, brackets, wildcards) would let anyone address index fields or expand a bare
``*`` into every term. Instead:

1. ``parse_user_text`` cleans the text (NFC, no control characters), splits it into at
   most ``MAX_WORDS`` plain words, drops operators and syntax characters, refuses
   over-long words, and keeps a trailing ``*`` only as a prefix request on a word of at
   least ``MIN_PREFIX`` characters. What it ignored becomes a notice code.
2. ``build_plan`` gives each word its alternatives (stemmed text in the three
   languages, the request's language boosted; brand and model number exactly and by
   a bounded prefix; wildcard patterns covering the number; listing ids); a document
   must match every word. Prefixes expand to at most ``MAX_EXPANSION`` terms, looked
   up in the index's lexicon. ``QueryPlan.to_query`` is the same search as a classic
   Whoosh query; ``matching`` runs it over cached posting sets instead, which is
   what makes broad words cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from whoosh.query import And, Or, Query, Term

from enviro_buyer.search.analysis import (
    LANGUAGES,
    analyse,
    brand_key,
    clean_text,
    fold,
    is_stopword,
    model_key,
)
from enviro_buyer.search.patterns import MIN_PATTERN_PREFIX, covers

MAX_QUERY_CHARS = 1000
MAX_WORDS = 12
MAX_WORD_CHARS = 64
# A prefix shorter than this expands into too many terms to be useful or fast.
MIN_PREFIX = 3
MAX_EXPANSION = 64
# Candidates a model-number pattern lookup may check per word.
MAX_PATTERN_CANDIDATES = 200

NOTICE_WILDCARD = "wildcard"
NOTICE_SHORT_WILDCARD = "short_wildcard"
NOTICE_LONG_WORD = "long_word"
NOTICE_TOO_MANY_WORDS = "too_many_words"
NOTICE_OPERATORS = "operators"
NOTICE_TOO_LONG = "too_long"

OPERATORS = {"AND", "OR", "NOT", "&&", "||", "TO"}
# Query-syntax characters; inside a word they only separate.
_SYNTAX = re.compile(r"[\"“”«»()\[\]{}<>:;,!^~=|\\+]")
_WILDCARDS = "*?#"
_EDGE = "-'./_&"

BOOST_REQUEST_LANGUAGE = 2.0
BOOST_OTHER_LANGUAGE = 1.0
BOOST_BRAND = 4.0
BOOST_BRAND_PREFIX = 2.0
BOOST_MODEL = 8.0
BOOST_MODEL_PREFIX = 3.0
BOOST_PATTERN = 6.0
BOOST_LISTING = 8.0


@dataclass(frozen=True)
class Word:
    """One word of the query as typed (cleaned), and whether it asks for a prefix."""

    text: str
    prefix: bool = False


@dataclass
class ParsedQuery:
    """The words a search uses, and notice codes for what it ignored."""

    words: list[Word] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The words joined by spaces."""
        return " ".join(word.text for word in self.words)

    def notice(self, code: str) -> None:
        """Record a notice once."""
        if code not in self.notices:
            self.notices.append(code)


def parse_user_text(raw: str) -> ParsedQuery:
    """Split user text into plain words, dropping syntax it must not interpret."""
    parsed = ParsedQuery()
    text = clean_text(raw or "")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        parsed.notice(NOTICE_TOO_LONG)
    for token in _SYNTAX.sub(" ", text).split():
        if token in OPERATORS:
            parsed.notice(NOTICE_OPERATORS)
            continue
        word = _clean_word(token, parsed)
        if word is None:
            continue
        if len(parsed.words) == MAX_WORDS:
            parsed.notice(NOTICE_TOO_MANY_WORDS)
            break
        parsed.words.append(word)
    return parsed


def _clean_word(token: str, parsed: ParsedQuery) -> Word | None:
    """Return the word in ``token``, or None when nothing searchable is left."""
    if len(token) > MAX_WORD_CHARS:
        parsed.notice(NOTICE_LONG_WORD)
        return None
    stripped = token.lstrip(_WILDCARDS + "-")
    prefix = stripped.endswith(tuple(_WILDCARDS)) and not stripped.endswith("#")
    body = stripped.rstrip(_WILDCARDS)
    wildcard_used = any(ch in token for ch in "*?")
    body = body.replace("*", "").replace("?", "").strip(_EDGE)
    if not model_key(body) and not fold(body).strip():
        if wildcard_used:
            parsed.notice(NOTICE_WILDCARD)
        return None
    if not any(ch.isalnum() for ch in body):
        return None
    if prefix and len(model_key(body)) < MIN_PREFIX:
        parsed.notice(NOTICE_SHORT_WILDCARD)
        prefix = False
    return Word(body, prefix)


def _decode(term: Any) -> str:
    """Return a lexicon term as text."""
    return term.decode("utf-8") if isinstance(term, bytes) else term


def expand_prefix(reader: Any, fieldname: str, prefix: str, limit: int) -> list[str]:
    """Return at most ``limit`` terms of ``fieldname`` starting with ``prefix``."""
    if len(prefix) < MIN_PREFIX:
        return []
    terms = []
    for term in reader.expand_prefix(fieldname, prefix):
        text = _decode(term)
        if text != prefix:
            terms.append(text)
            if len(terms) >= limit:
                break
    return terms


def pattern_candidates(searcher: Any, key: str) -> list[int]:
    """Return product ids whose certified pattern covers the concrete number ``key``."""
    reader = searcher.reader()
    found: list[int] = []
    checked = 0
    for end in range(MIN_PATTERN_PREFIX, len(key) + 1):
        prefix = key[:end]
        if ("pattern", prefix) not in reader:
            continue
        for docnum in reader.postings("pattern", prefix).all_ids():
            checked += 1
            if checked > MAX_PATTERN_CANDIDATES:
                return found
            stored = searcher.stored_fields(docnum)
            if covers(stored.get("model_number", ""), key):
                found.append(int(stored["id"]))
    return found


@dataclass
class QueryTerms:
    """What a plan looks for, kept for highlighting."""

    stems: dict[str, set[str]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    model_keys: set[str] = field(default_factory=set)
    brand_keys: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Alternative:
    """One way a word can match: all these (field, term) pairs, with a weight."""

    terms: tuple[tuple[str, str], ...]
    boost: float


@dataclass
class QueryPlan:
    """A document matches every word (one alternative each), or the whole text."""

    words: list[list[Alternative]] = field(default_factory=list)
    whole: list[Alternative] = field(default_factory=list)
    terms: QueryTerms = field(default_factory=QueryTerms)
    # The query words behind ``words``, in the same order (stop words left out).
    word_list: list[Word] = field(default_factory=list)

    def to_query(self) -> Query:
        """Return the same search as a classic Whoosh query (used to cross-check)."""

        def alternative(alt: Alternative) -> Query:
            if len(alt.terms) == 1:
                return Term(*alt.terms[0], boost=alt.boost)
            return And([Term(f, t) for f, t in alt.terms], boost=alt.boost)

        per_word = [Or([alternative(a) for a in alts]) for alts in self.words]
        query: Query = per_word[0] if len(per_word) == 1 else And(per_word)
        if self.whole:
            query = Or([query, *(alternative(a) for a in self.whole)])
        return query


def _one(fieldname: str, text: str, boost: float) -> Alternative:
    """Return an alternative of a single term."""
    return Alternative(((fieldname, text),), boost)


def _text_alternatives(
    word: Word, lang: str, reader: Any, terms: QueryTerms
) -> list[Alternative]:
    """Match the word in the three stemmed text fields, the request language first."""
    alternatives: list[Alternative] = []
    for language in LANGUAGES:
        boost = BOOST_REQUEST_LANGUAGE if language == lang else BOOST_OTHER_LANGUAGE
        fieldname = f"text_{language}"
        stems = analyse(word.text, language)
        terms.stems.setdefault(language, set()).update(stems)
        if stems:
            alternatives.append(
                Alternative(tuple((fieldname, s) for s in stems), boost)
            )
        if word.prefix:
            folded = fold(word.text)
            expanded = expand_prefix(reader, fieldname, folded, MAX_EXPANSION)
            alternatives += [_one(fieldname, t, boost / 2) for t in expanded]
            terms.prefixes.add(folded)
    return alternatives


def _key_alternatives(
    word: Word, searcher: Any, terms: QueryTerms, prefixes: bool = True
) -> list[Alternative]:
    """Match the word as a brand, a model number, a pattern or a listing id."""
    reader = searcher.reader()
    alternatives: list[Alternative] = []
    brand = brand_key(word.text)
    if brand:
        terms.brand_keys.add(brand)
        alternatives.append(_one("brand", brand, BOOST_BRAND))
        if prefixes:
            alternatives += [
                _one("brand", t, BOOST_BRAND_PREFIX)
                for t in expand_prefix(reader, "brand", brand, MAX_EXPANSION)
            ]
    key = model_key(word.text)
    if key:
        terms.model_keys.add(key)
        alternatives.append(_one("model", key, BOOST_MODEL))
        alternatives.append(_one("listing", key, BOOST_LISTING))
        if prefixes:
            alternatives += [
                _one("model", t, BOOST_MODEL_PREFIX)
                for t in expand_prefix(reader, "model", key, MAX_EXPANSION)
            ]
        if len(key) >= MIN_PREFIX:
            alternatives += [
                _one("id", str(pid), BOOST_PATTERN)
                for pid in pattern_candidates(searcher, key)
            ]
    return alternatives


def build_plan(parsed: ParsedQuery, lang: str, searcher: Any) -> QueryPlan:
    """Return what documents must match for ``parsed`` in ``lang``."""
    reader = searcher.reader()
    plan = QueryPlan()
    words = parsed.words
    if len(words) > 1:
        # Stop words of the request's language say nothing in a longer query.
        words = [w for w in words if not is_stopword(w.text, lang)] or words
    for word in words:
        alternatives = _text_alternatives(word, lang, reader, plan.terms)
        alternatives += _key_alternatives(word, searcher, plan.terms)
        plan.words.append(alternatives)
        plan.word_list.append(word)
    if len(parsed.words) > 1:
        # "KFN 14943 SD" or "GE Appliances": the whole text as one number or brand.
        whole = Word(parsed.text)
        plan.whole = _key_alternatives(whole, searcher, plan.terms, prefixes=False)
    return plan
