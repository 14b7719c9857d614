"""Keyboard-only use: skip link, visible focus, a sensible tab order and no trap.

The journeys themselves are also run with the keyboard alone (test_browser_journeys.py);
these tests check the properties that make that possible on every main page.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_pages import (
    LANGS,
    MAX_TAB_STOPS,
    PRODUCT_HREF,
    active_element,
    open_path,
    page_path,
)

pytestmark = pytest.mark.browser

KINDS = ("home", "search", "product")

FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: !!style.boxShadow && style.boxShadow !== 'none',
        shown: box.width > 1 && box.height > 1 && style.visibility !== 'hidden',
    };
}"""


def _tab_walk(page: Any, limit: int = MAX_TAB_STOPS) -> tuple[list[dict], bool]:
    """Press Tab until focus returns to the first stop; return the stops and whether
    it came back (it must, or the keyboard is trapped)."""
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = active_element(page)
        if here["tag"] == "body":
            continue  # focus passes through the document between the last and first
        if stops and page.evaluate(
            "() => document.activeElement.hasAttribute('data-test-first')"
        ):
            return stops, True
        if not stops:
            page.evaluate(
                "() => document.activeElement.setAttribute('data-test-first', '')"
            )
        here.update(page.evaluate(FOCUS_STYLE))
        stops.append(here)
    return stops, False


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_skip_link_is_first_and_moves_focus_to_main(
    lang: str, kind: str, page: Any, catalogue: Any
) -> None:
    """The first Tab shows a link to the main content, and Enter puts focus there."""
    open_path(page, page_path(kind, lang, catalogue)[0])

    page.keyboard.press("Tab")
    first = active_element(page)
    assert first["tag"] == "a", f"first tab stop is {first}, not the skip link"
    assert first["href"].startswith("#"), f"first tab stop {first} is not a skip link"
    target = page.evaluate(
        "id => { const t = document.getElementById(id);"
        " return !!t && !!t.closest('main, [role=main]'); }",
        first["href"][1:],
    )
    assert target, (
        f"the skip link points at {first['href']}, which is not the main region"
    )
    assert page.evaluate(FOCUS_STYLE)["shown"], (
        "the skip link stays hidden when focused"
    )

    page.keyboard.press("Enter")
    landed = active_element(page)
    assert landed.get("inMain"), (
        f"after the skip link, focus is on {landed}, not in main"
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_focus_is_always_visible(
    lang: str, kind: str, page: Any, catalogue: Any
) -> None:
    """Every tab stop is on screen and shows a focus indicator (outline or shadow)."""
    open_path(page, page_path(kind, lang, catalogue)[0])

    stops, _cycled = _tab_walk(page)

    assert stops, "the page has no tab stop at all"
    unseen = [s for s in stops if not (s["outline"] or s["shadow"]) or not s["shown"]]
    assert not unseen, f"focus is invisible on {len(unseen)} stops, first: {unseen[:3]}"


@pytest.mark.parametrize("lang", LANGS)
def test_tab_order_reaches_the_search_box_then_the_results(
    lang: str, page: Any, catalogue: Any
) -> None:
    """Skip link first, then (after the header) the search box, then the results."""
    open_path(page, page_path("search", lang, catalogue)[0])

    stops, _cycled = _tab_walk(page)

    names = [s.get("name") for s in stops]
    assert "q" in names, "Tab never reaches the search box"
    results = [i for i, s in enumerate(stops) if PRODUCT_HREF.search(s.get("href", ""))]
    assert results, "Tab never reaches a result"
    assert stops[0]["href"].startswith("#"), "the skip link is not the first tab stop"
    assert 0 < names.index("q") < results[0], "the search box comes after the results"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_keyboard_trap(lang: str, kind: str, page: Any, catalogue: Any) -> None:
    """Tabbing through the whole page eventually comes back to its first stop."""
    open_path(page, page_path(kind, lang, catalogue)[0])

    stops, cycled = _tab_walk(page)

    assert cycled, (
        f"focus never came back to the first stop after {len(stops)} presses of Tab; "
        f"last stops: {stops[-3:]}"
    )
