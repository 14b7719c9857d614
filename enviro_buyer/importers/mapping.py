"""Which category a certifier file belongs to: by its name first, then by its header.

A file name becomes a stem ("certified-residential-refrigerators-2019-03-28.csv" ->
"residential-refrigerators") that is looked up in the categories' ``source_names``.
A renamed file ("export (3).csv") is matched by its columns instead: the category whose
known metric keys overlap most with the file's wins, provided the file carries at least
half of that category's metrics. Columns every export has (partner, identifiers, type)
prove nothing and are left out of the comparison. A tie is no match: guessing between
two look-alike categories (refrigerators and freezers share most columns) would file
thousands of products in the wrong place.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from enviro_buyer.text import slugify

logger = logging.getLogger(__name__)

_PREFIXES = ("energy-star-", "certified-")
_DATE_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")

# Metric keys found in exports of every category.
GENERIC_KEYS = frozenset(
    {
        "energy-star-partner",
        "cb-model-identifier",
        "energy-star-model-identifier",
        "upc",
        "type",
        "product-type",
    }
)
# The fewest shared metrics, and the least share of a category's metrics, for a match.
MIN_OVERLAP = 2
MIN_COVERAGE = 0.5


@dataclass
class CategoryInfo:
    """What the importer needs to know about a category."""

    id: int | None
    slug: str
    source_names: set[str] = field(default_factory=set)
    # Metric key -> unit, for every metric the category has.
    metric_units: dict[str, str] = field(default_factory=dict)
    efficiency_metric: str | None = None


def file_stem(path: Path | str) -> str:
    """Return the stem a file name maps by: "ENERGY_STAR_Certified_X.csv" -> "x"."""
    stem = slugify(Path(path).stem)
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if stem.startswith(prefix):
                stem = stem[len(prefix) :]
                changed = True
    return _DATE_SUFFIX.sub("", stem)


def match_by_name(stem: str, categories: Iterable[CategoryInfo]) -> CategoryInfo | None:
    """Return the category that lists ``stem`` among its source names (or as slug)."""
    if not stem:
        return None
    for category in categories:
        if stem in category.source_names or stem == category.slug:
            return category
    return None


def match_by_header(
    keys: Iterable[str], categories: Iterable[CategoryInfo]
) -> CategoryInfo | None:
    """Return the category whose metrics the file's columns match best, if any."""
    file_keys = set(keys) - GENERIC_KEYS
    scored: list[tuple[float, int, CategoryInfo]] = []
    for category in categories:
        known = set(category.metric_units) - GENERIC_KEYS
        overlap = len(file_keys & known)
        if not known or overlap < MIN_OVERLAP or overlap / len(known) < MIN_COVERAGE:
            continue
        scored.append((overlap / len(file_keys | known), overlap, category))
    if not scored:
        return None
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
        logger.warning(
            "Columns match categories %s and %s equally; neither is chosen",
            scored[0][2].slug,
            scored[1][2].slug,
        )
        return None
    return scored[0][2]
