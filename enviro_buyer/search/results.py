"""Turning counts and notice codes into what a ``SearchResult`` carries.

Facet values are listed most frequent first, up to the request's ``facet_limit``; a
value the request selected is always listed (with the spelling the request used,
so a page can match it to its filter), even with a count of 0. Brand values show
the spelling most products use; case variants are counted together.
"""

from __future__ import annotations

from enviro_buyer.i18n import _
from enviro_buyer.search.backend import FACET_FIELDS, FacetValue, SearchRequest
from enviro_buyer.search.cache import IndexView
from enviro_buyer.search.query import (
    MAX_WORD_CHARS,
    MAX_WORDS,
    NOTICE_LONG_WORD,
    NOTICE_OPERATORS,
    NOTICE_SHORT_WILDCARD,
    NOTICE_TOO_LONG,
    NOTICE_TOO_MANY_WORDS,
    NOTICE_WILDCARD,
)


def notice_text(codes: list[str]) -> str | None:
    """Return the translated notice for what a query parse ignored."""
    messages = {
        NOTICE_WILDCARD: lambda: _(
            "A wildcard on its own was ignored: type at least three characters "
            "before *."
        ),
        NOTICE_SHORT_WILDCARD: lambda: _(
            "A wildcard needs at least three characters before it; the word was "
            "searched as typed."
        ),
        NOTICE_LONG_WORD: lambda: _(
            "Words longer than %(max)s characters were ignored.", max=MAX_WORD_CHARS
        ),
        NOTICE_TOO_MANY_WORDS: lambda: _(
            "Only the first %(max)s words were searched.", max=MAX_WORDS
        ),
        NOTICE_OPERATORS: lambda: _(
            "Search operators (AND, OR, NOT) are not supported; the other words "
            "were searched."
        ),
        NOTICE_TOO_LONG: lambda: _("The search text was too long and was shortened."),
    }
    texts = [messages[code]() for code in codes if code in messages]
    return " ".join(texts) or None


def facet_values(
    view: IndexView,
    request: SearchRequest,
    matches: frozenset[int],
    chosen: dict[str, frozenset[int]],
) -> dict[str, list[FacetValue]]:
    """Count each facet over the matches filtered by the other facets."""
    limit = request.facet_limit
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACET_FIELDS:
        docs = matches
        for other, members in chosen.items():
            if other != facet:
                docs = docs & members
        counts = view.count(facet, docs)
        selected = {
            view.normalise(facet, value): value
            for value in request.filters.get(facet, ())
        }
        values = []
        for key, count in counts.items():
            if key in selected:
                continue
            label = view.brand_names.get(key, key) if facet == "brand" else key
            values.append(FacetValue(label, count))
        values.sort(key=lambda v: (-v.count, v.value.casefold(), v.value))
        if limit:
            values = values[: max(limit - len(selected), 0)]
        chosen_values = [
            FacetValue(value, counts.get(key, 0), selected=True)
            for key, value in selected.items()
        ]
        facets[facet] = sorted(
            chosen_values + values, key=lambda v: (-v.count, v.value.casefold())
        )
    return facets
