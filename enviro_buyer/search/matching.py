"""Running a query plan over cached posting sets, and ranking the page.

Matching is set algebra: each (field, term) gives the set of live docnums from its
postings (read once per index generation, then cached in the ``IndexView``); an
alternative intersects its terms, a word unites its alternatives, the words
intersect, and the whole-text alternatives are added. No document is scored to
find the matches, so a broad word costs a few set operations once warm.

Relevance is a sum over the alternatives a product matches of boost × idf (Whoosh's
BM25 idf from the searcher), plus half again when the word names the product's
category or label. Term frequency and field length are left out: the fields are short
names where a word rarely repeats, and the boosts (model number over brand over name
words, the request's language over the others) carry the ranking. For that, a word's
text alternatives (one per language) all take the idf of its rarest one: the English
field holds every product's own words and the French and Spanish fields little more
than category names, so a per-field idf would let a match in another language outrank
one in the request's language ("boiler", a water heater in Mexico, would put water
heaters above boilers in English). Ties go to the product standing higher in its
category's efficiency ranking. Only the matches left after the filters are scored,
and only the page's top is sorted.
"""

from __future__ import annotations

import heapq
from typing import Any

from enviro_buyer.search.cache import EMPTY, IndexView
from enviro_buyer.search.query import Alternative, QueryPlan
from enviro_buyer.search.schema import TEXT_FIELDS

NAME_BONUS = 0.5
TEXT_FIELD_NAMES = frozenset(TEXT_FIELDS.values())


def _is_text(alt: Alternative) -> bool:
    """Tell whether ``alt`` matches analysed words (rather than a brand or number)."""
    return alt.terms[0][0] in TEXT_FIELD_NAMES


def _alternative_docs(alt: Alternative, view: IndexView, reader: Any) -> frozenset[int]:
    """Return the docnums holding every term of ``alt``."""
    sets = sorted((view.term_docs(reader, f, t) for f, t in alt.terms), key=len)
    if len(sets) == 1:
        return sets[0]
    return sets[0].intersection(*sets[1:])


def _word_docs(
    alternatives: list[Alternative], view: IndexView, reader: Any
) -> frozenset[int]:
    """Return the docnums matching any alternative of one word (cached)."""

    def compute() -> frozenset[int]:
        sets = [_alternative_docs(alt, view, reader) for alt in alternatives]
        return EMPTY.union(*sets) if sets else EMPTY

    return view.cached(("word", tuple(alternatives)), compute)


def matched_words(plan: QueryPlan, view: IndexView, reader: Any) -> set[str]:
    """Return the words of the plan that match at least one product on their own."""
    return {
        word.text
        for word, alternatives in zip(plan.word_list, plan.words, strict=True)
        if _word_docs(alternatives, view, reader)
    }


def match(plan: QueryPlan, view: IndexView, reader: Any) -> frozenset[int]:
    """Return the live docnums the plan matches."""
    word_sets = sorted((_word_docs(alts, view, reader) for alts in plan.words), key=len)
    found = word_sets[0].intersection(*word_sets[1:]) if word_sets else EMPTY
    if plan.whole:
        found = found.union(_word_docs(plan.whole, view, reader))
    return frozenset(found)


def rank(
    plan: QueryPlan,
    results: frozenset[int],
    view: IndexView,
    searcher: Any,
    count: int,
) -> list[tuple[int, float]]:
    """Return the best ``count`` of ``results`` as (docnum, score), best first."""
    reader = searcher.reader()
    bonus = view.tiebreak()
    scores = dict(zip(results, map(bonus.__getitem__, results), strict=True))
    for alternatives in (*plan.words, plan.whole):
        idfs = [sum(searcher.idf(f, t) for f, t in alt.terms) for alt in alternatives]
        text_idf = max(
            (idf for alt, idf in zip(alternatives, idfs, strict=True) if _is_text(alt)),
            default=0.0,
        )
        for alt, idf in zip(alternatives, idfs, strict=True):
            docs = _alternative_docs(alt, view, reader)
            if not docs:
                continue
            if _is_text(alt):
                idf = text_idf
            # Weights in thousandths, so that the tie-break bonus never reorders
            # products whose scores really differ.
            weight = round(alt.boost * idf, 3)
            for docnum in docs & results:
                scores[docnum] += weight
            if len(alt.terms) == 1:
                # A word naming the product's category or label says more than the
                # same word somewhere in another product's text.
                named = view.vocabulary_docs(reader, *alt.terms[0]) & results
                bonus = round(weight * NAME_BONUS, 3)
                for docnum in named:
                    scores[docnum] += bonus
    best = heapq.nlargest(count, scores, key=scores.__getitem__)
    return [(docnum, scores[docnum]) for docnum in best]
