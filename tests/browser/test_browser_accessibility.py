"""Accessibility of every kind of page, in each language.

axe-core (pinned in package-lock.json, injected into the page) must find nothing at WCAG
2.1 A and AA, colour contrast included. On top of it, checks that axe does not make in
this form: the page's language matches its URL, there is exactly one h1, the landmarks a
screen-reader user jumps between are there, every control has a name in Chromium's own
accessibility tree (a placeholder alone does not count), and the results region
announces its changes.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_checks import (
    accessibility_tree,
    ax_value,
    describe_violations,
    run_axe,
    unlabelled_controls,
)
from browser_pages import (
    LANGS,
    NO_RESULTS_QUERY,
    PAGE_KINDS,
    html_lang,
    open_path,
    page_path,
    result_ids,
)

pytestmark = pytest.mark.browser

LIVE_REGION = "[aria-live=polite], [aria-live=assertive], [role=status], [role=log]"


@pytest.mark.parametrize("kind", PAGE_KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violations(
    axe_source: str, lang: str, kind: str, page: Any, catalogue: Any
) -> None:
    """axe-core reports zero WCAG 2.1 A/AA violations."""
    path, status = page_path(kind, lang, catalogue)
    open_path(page, path, status)

    violations = run_axe(page, axe_source)

    assert not violations, f"{path}:\n{describe_violations(violations)}"


@pytest.mark.parametrize("kind", PAGE_KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_page_structure(lang: str, kind: str, page: Any, catalogue: Any) -> None:
    """Language, one h1, landmarks and named controls, as a screen reader sees them."""
    path, status = page_path(kind, lang, catalogue)
    open_path(page, path, status)

    assert html_lang(page) == lang, f"{path} declares lang={html_lang(page)!r}"
    assert page.title().strip(), f"{path} has no title"
    assert page.locator("h1").count() == 1, f"{path} has not exactly one h1"

    nodes = [n for n in accessibility_tree(page) if not n.get("ignored")]
    roles = [ax_value(n, "role") for n in nodes]
    assert roles.count("main") == 1, f"{path} has {roles.count('main')} main landmarks"
    for landmark in ("banner", "contentinfo", "navigation"):
        assert landmark in roles, f"{path} has no {landmark} landmark"

    unlabelled = unlabelled_controls(page)
    assert not unlabelled, f"{path} has controls without a label: {unlabelled}"


@pytest.mark.parametrize("kind", ["search", "search-empty"])
@pytest.mark.parametrize("lang", LANGS)
def test_results_changes_are_announced(
    lang: str, kind: str, page: Any, catalogue: Any
) -> None:
    """The results summary sits in a live region, so a screen reader announces it."""
    path, _status = page_path(kind, lang, catalogue)
    open_path(page, path)
    if kind == "search-empty":
        assert result_ids(page) == [], f"{NO_RESULTS_QUERY!r} should find nothing"

    regions = page.locator(LIVE_REGION)
    assert regions.count(), f"{path} has no live region for its results"
    texts = [text.strip() for text in regions.all_inner_texts()]
    assert any(texts), f"{path}: the live regions are empty: {texts}"
    if kind == "search":
        count = str(catalogue.big_count)
        assert any(count in text for text in texts), (
            f"{path}: no live region states the number of results ({count}): {texts}"
        )
