"""Turn a product row into the document the search index holds.

``product_document`` reads the product, its category (names in three languages, the
efficiency metric and its direction), its department and its certifications. Building
a category's part once and reusing it (``CategoryFacts``) keeps a full rebuild from
reading the same category 35,000 times.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from enviro_buyer.catalogue.models import BETTER_HIGHER, BETTER_LOWER, Category, Product
from enviro_buyer.search.analysis import (
    LANGUAGES,
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
# Spec values that say nothing searchable.
_EMPTY_VALUES = {"", "yes", "no", "n/a", "na", "none", "-"}
# Longer spec texts are remarks or lists, not the short kinds ("French door", "A19")
# a buyer types; identifiers with underscores are certifier bookkeeping.
MAX_SPEC_TEXT = 60
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class CategoryFacts:
    """What every document of one category shares."""

    slug: str
    names: dict[str, str]
    department_names: dict[str, str]
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
        names={lang: category.text("name", lang) for lang in LANGUAGES},
        department_names={
            lang: department.text("name", lang) if department is not None else ""
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
    """Return the textual spec values worth searching ("French Door", "A19")."""
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
    return " ".join(w for w in _WORDS.findall(model_number) if w.isalpha() and len(w) > 2)


def _other_numbers(additional_info: str) -> tuple[ModelNumber, ...]:
    """Return the model numbers listed in the additional information, if any."""
    numbers = parse_model_numbers(additional_info)
    return tuple(n for n in numbers if len(n.key) >= 4 and any(c.isdigit() for c in n.key))


def _join(parts: list[str]) -> str:
    """Join non-empty texts with newlines, NFC-normalised and without controls."""
    return clean_text("\n".join(part for part in parts if part))


def product_document(
    product: Product, facts: CategoryFacts | None = None
) -> dict[str, Any]:
    """Return the index document of ``product``."""
    facts = facts or category_facts(product.category)
    labels = sorted(
        {c.ecolabel for c in product.certifications if c.ecolabel is not None},
        key=lambda label: label.slug,
    )
    label_slugs = [label.slug for label in labels]
    countries = sorted({m.upper() for m in product.markets or []} & set(COUNTRIES))
    numbers = parse_model_numbers(product.model_number or "")
    numbers += _other_numbers(product.additional_info or "")
    brand = " ".join(clean_text(product.brand or "").split())
    listings = {model_key(c.listing_id) for c in product.certifications if c.listing_id}

    text = {
        lang: [
            facts.names[lang],
            facts.department_names[lang],
            *(label.text("name", lang) for label in labels),
        ]
        for lang in LANGUAGES
    }
    text["en"] = [
        brand,
        product.model_name or "",
        _model_words(product.model_number or ""),
        product.additional_info or "",
        *text["en"],
        *_spec_texts(product.specs),
    ]
    # The vocabulary of "did you mean": names people type, not every spec word.
    words = [brand, product.model_name or ""]
    words += [facts.names[lang] for lang in LANGUAGES]
    words += sorted({label.text("name", lang) for label in labels for lang in LANGUAGES})

    return {
        "id": str(product.id),
        "pid": product.id,
        "category": facts.slug,
        "labels": " ".join(label_slugs).encode("utf-8"),
        "countries": " ".join(countries).encode("utf-8"),
        "brand_name": brand.encode("utf-8"),
        "brand": brand_key(brand),
        "model": " ".join(sorted({n.key for n in numbers})),
        "pattern": " ".join(
            sorted(
                {
                    n.prefix
                    for n in numbers
                    if n.is_pattern and len(n.prefix) >= MIN_PATTERN_PREFIX
                }
            )
        ),
        "listing": " ".join(sorted(listings - {""})),
        "text_en": _join(text["en"]),
        "text_fr": _join(text["fr"]),
        "text_es": _join(text["es"]),
        "words": " ".join(folded_words(_join(words))),
        "rank": efficiency_rank(product.efficiency_value, facts.better),
        "newest": newest_day(product),
        "brand_text": brand,
        "model_number": clean_text(product.model_number or "").strip(),
        "model_name": clean_text(product.model_name or "").strip(),
        "category_en": facts.names["en"],
        "category_fr": facts.names["fr"],
        "category_es": facts.names["es"],
    }
