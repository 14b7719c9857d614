"""The set-based matcher agrees with classic Whoosh evaluation of the same query.

Whoosh evaluates a query document by document; here each word is matched on its own,
then the words are intersected, because a category or label vocabulary document
matches a word on behalf of all its products. So the comparison is per word.
"""

from __future__ import annotations

import pytest

from enviro_buyer.search.matching import match
from enviro_buyer.search.query import QueryPlan, build_plan, parse_user_text
from enviro_buyer.search.services import get_backend


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("réfrigérateur whirlpool", "fr"),
        ("refrigeradores", "es"),
        ("whirl", "en"),
        ("DUT36420W", "en"),
        ("lr2128", "en"),
        ("led bulb", "en"),
        ("energy star luxrite", "en"),
        ("KFN 14943", "en"),
    ],
)
def test_match_equals_whoosh_word_by_word(catalogue, text: str, lang: str) -> None:
    with catalogue.app.app_context():
        backend = get_backend()
        with backend.searcher() as (name, searcher):
            view = backend.view(name, searcher)
            plan = build_plan(parse_user_text(text), lang, searcher)

            def whoosh_docs(alternatives) -> set[int]:
                single = QueryPlan(words=[alternatives])
                found = set(searcher.docs_for_query(single.to_query()))
                products = found & view.live
                for docnum in found - view.live:
                    products |= view.vocabulary[docnum]
                return products

            per_word = [whoosh_docs(alts) for alts in plan.words]
            expected = set.intersection(*per_word)
            if plan.whole:
                expected |= whoosh_docs(plan.whole)
            assert match(plan, view, searcher.reader()) == expected
