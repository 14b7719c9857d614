"""Turn catalogue rows into the documents the search index holds.

Two kinds of document:

- one per **product**: its own words (brand, model name, the plain words of its model
  number, additional information, short text specs) in ``text_en``; brand, model and
  pattern keys and listing ids for exact matching; facet and sort columns; and the
  stored texts of its snippet, category names in en/fr/es included;
- one per **category** and per **ecolabel** (a *vocabulary* document, id
  ``category:<slug>`` or ``label:<slug>``, pid 0): their names, and for a category
  its department's names and its everyday search words ("frigo", "refri",
  "minisplit"), in ``text_en``, ``text_fr`` and ``text_es``. Their words also feed
  the spelling vocabulary (``words``), and ``spellings`` stores them as written
  (accents kept) so that a correction can be shown as a real word.

Category and label names are the same for thousands of products, so they are indexed
once, in the vocabulary documents, and a search that matches one expands it to the
products of that category or label through the facet cache (see ``cache``). That
halves what a rebuild writes, and renaming a label rewrites one document.

``CategoryFacts`` carries what every product of a category shares, so a full rebuild
does not read the same category 35,000 times.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from enviro_buyer.catalogue.models import (
    BETTER_HIGHER,
    BETTER_LOWER,
    Category,
    Ecolabel,
    Product,
)
from enviro_buyer.search.analysis import (
    LANGUAGES,
    WORD_PATTERN,
    brand_key,
    clean_text,
    folded_words,
    model_key,
)
from enviro_buyer.search.patterns import (
    MIN_PATTERN_PREFIX,
    ModelNumber,
    parse_model_numbers,
)
from enviro_buyer.search.schema import NO_RANK

logger = logging.getLogger(__name__)

COUNTRIES = ("CA", "US", "MX")
CATEGORY_PREFIX = "category:"
LABEL_PREFIX = "label:"
# Spec values that say nothing searchable.
_EMPTY_VALUES = {"", "yes", "no", "n/a", "na", "none", "-"}
# Longer spec texts are remarks or lists, not the short kinds ("French door", "A19")
# a buyer types; identifiers with underscores are certifier bookkeeping.
MAX_SPEC_TEXT = 60
_WORDS = re.compile(r"\w+")
# Words as the spelling vocabulary splits them ("3.1cf" stays one word).
_VOCABULARY_WORDS = re.compile(WORD_PATTERN)


@dataclass(frozen=True)
class CategoryFacts:
    """What every document of one category shares."""

    slug: str
    names: dict[str, str]
    department_names: dict[str, str]
    # Everyday search words per language (empty for a category the importer made).
    keywords: dict[str, tuple[str, ...]]
    # "higher", "lower" or None: the direction of the category's efficiency metric.
    better: str | None


def category_facts(category: Category) -> CategoryFacts:
    """Collect the names and efficiency direction of ``category``."""
    better = None
    if category.efficiency_metric:
        metric = category.metric(category.efficiency_metric)
        better = metric.better if metric is not None else None
    department = category.department
    return CategoryFacts(
        slug=category.slug,
        names={lang: clean_text(category.text("name", lang)) for lang in LANGUAGES},
        department_names={
            lang: clean_text(department.text("name", lang)) if department else ""
            for lang in LANGUAGES
        },
        keywords={
            lang: tuple(clean_text(word) for word in category.keywords(lang))
            for lang in LANGUAGES
        },
        better=better,
    )


def efficiency_rank(value: float | None, better: str | None) -> float:
    """Return a rank where higher is greener, or NO_RANK when it cannot be ranked."""
    if value is None or better not in (BETTER_HIGHER, BETTER_LOWER):
        return NO_RANK
    return float(value) if better == BETTER_HIGHER else -float(value)


def newest_day(product: Product) -> int:
    """Return the day ordinal "newest" sorts by: availability, else certification."""
    day: dt.date | None = product.date_available
    if day is None:
        certified = [c.certified_on for c in product.certifications if c.certified_on]
        day = max(certified) if certified else None
    return day.toordinal() if day is not None else 0


def _spec_texts(specs: dict[str, Any] | None) -> list[str]:
    """Return the short textual spec values worth searching ("French Door", "A19")."""
    texts: list[str] = []
    for value in (specs or {}).values():
        if not isinstance(value, str):
            continue
        text = value.strip()
        if (
            len(text) <= MAX_SPEC_TEXT
            and "_" not in text
            and text.lower() not in _EMPTY_VALUES
            and any(c.isalpha() for c in text)
            and text not in texts
        ):
            texts.append(text)
    return texts


def _model_words(model_number: str) -> str:
    """Return the plain words inside a model number ("LAGAN" in "HS-164LN(NA) LAGAN").

    Codes with digits are matched through the ``model`` and ``pattern`` fields;
    indexing them as text too would add a term per product for nothing.
    """
    words = _WORDS.findall(model_number)
    return " ".join(w for w in words if w.isalpha() and len(w) > 2)


def _other_numbers(additional_info: str) -> tuple[ModelNumber, ...]:
    """Return the model numbers listed in the additional information, if any."""
    numbers = parse_model_numbers(additional_info)
    return tuple(
        n for n in numbers if len(n.key) >= 4 and any(c.isdigit() for c in n.key)
    )


def _join(parts: list[str]) -> str:
    """Join non-empty texts with newlines, NFC-normalised and without controls."""
    return clean_text("\n".join(part for part in parts if part))


def _without_empty(document: dict[str, Any]) -> dict[str, Any]:
    """Drop empty indexed values (Whoosh would index an empty term for an ID)."""
    return {k: v for k, v in document.items() if v != "" or k.startswith("category_")}


def product_document(
    product: Product, facts: CategoryFacts | None = None
) -> dict[str, Any]:
    """Return the index document of ``product``."""
    facts = facts or category_facts(product.category)
    labels = sorted(
        {c.ecolabel.slug for c in product.certifications if c.ecolabel is not None}
    )
    countries = sorted({m.upper() for m in product.markets or []} & set(COUNTRIES))
    numbers = parse_model_numbers(product.model_number or "")
    numbers += _other_numbers(product.additional_info or "")
    brand = " ".join(clean_text(product.brand or "").split())
    model_name = clean_text(product.model_name or "").strip()
    listings = {model_key(c.listing_id) for c in product.certifications if c.listing_id}
    patterns = {
        n.prefix
        for n in numbers
        if n.is_pattern and len(n.prefix) >= MIN_PATTERN_PREFIX
    }
    text_en = [
        brand,
        model_name,
        _model_words(product.model_number or ""),
        product.additional_info or "",
        *_spec_texts(product.specs),
    ]

    return _without_empty(
        {
            "id": str(product.id),
            "pid": product.id,
            "category": facts.slug,
            "labels": " ".join(labels).encode("utf-8"),
            "countries": " ".join(countries).encode("utf-8"),
            "brand_name": brand.encode("utf-8"),
            "brand": brand_key(brand),
            "model": " ".join(sorted({n.key for n in numbers})),
            "pattern": " ".join(sorted(patterns)),
            "listing": " ".join(sorted(listings - {""})),
            "text_en": _join(text_en),
            "words": " ".join(folded_words(_join([brand, model_name]))),
            "rank": efficiency_rank(product.efficiency_value, facts.better),
            "newest": newest_day(product),
            "brand_text": brand,
            "model_number": clean_text(product.model_number or "").strip(),
            "model_name": model_name,
            "category_en": facts.names["en"],
            "category_fr": facts.names["fr"],
            "category_es": facts.names["es"],
        }
    )


def written_words(texts: dict[str, str]) -> dict[str, str]:
    """Return per language the distinct words of ``texts`` as written, lower-cased.

    Stored in vocabulary documents: "did you mean" maps a folded correction back to
    one of these ("refrigerateurs" -> "réfrigérateurs").
    """
    found = {}
    for lang, text in texts.items():
        words: dict[str, None] = {}
        for match in _VOCABULARY_WORDS.finditer(text.lower()):
            words.setdefault(match.group(0), None)
        if words:
            found[lang] = " ".join(words)
    return found


def category_document(facts: CategoryFacts) -> dict[str, Any]:
    """Return the vocabulary document of a category: names and everyday words."""
    named = {
        lang: _join([facts.names[lang], *facts.keywords.get(lang, ())])
        for lang in LANGUAGES
    }
    texts = {
        lang: _join([named[lang], facts.department_names[lang]]) for lang in LANGUAGES
    }
    return _without_empty(
        {
            "id": CATEGORY_PREFIX + facts.slug,
            "pid": 0,
            "category": facts.slug,
            **{f"text_{lang}": texts[lang] for lang in LANGUAGES},
            "words": " ".join(folded_words(_join(list(named.values())))),
            "spellings": written_words(named),
        }
    )


def label_document(label: Ecolabel) -> dict[str, Any]:
    """Return the vocabulary document of an ecolabel: its names in three languages."""
    names = {lang: clean_text(label.text("name", lang)) for lang in LANGUAGES}
    return _without_empty(
        {
            "id": LABEL_PREFIX + label.slug,
            "pid": 0,
            "labels": label.slug.encode("utf-8"),
            **{f"text_{lang}": names[lang] for lang in LANGUAGES},
            "words": " ".join(folded_words(_join(list(names.values())))),
            "spellings": written_words(names),
        }
    )
