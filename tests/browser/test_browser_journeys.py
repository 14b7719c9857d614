"""What a buyer does on EnviroBuyer, in each language, done by three kinds of people.

Each journey runs for someone with a mouse on a desktop screen, someone with only a
keyboard, and someone tapping on a 375-pixel-wide phone (where no page may scroll
sideways). Results are checked against the known test catalogue, so a journey that
lands on the right URL with the wrong products still fails.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_checks import PHONE
from browser_pages import (
    LANGS,
    Keyboard,
    Pointer,
    current_path,
    current_query,
    html_lang,
    language_link,
    link_to_search,
    navigate_by,
    next_page_link,
    open_path,
    result_ids,
    result_links,
    search_box,
    search_path,
    sort_by,
    toggle_facet,
)

from enviro_buyer.text import fold_accents

pytestmark = pytest.mark.browser

PEOPLE = ("pointer", "keyboard", "phone")


@pytest.fixture(params=PEOPLE)
def person(request: pytest.FixtureRequest, new_page: Any) -> Pointer:
    """Someone using the site with a mouse, with a keyboard only, or on a phone."""
    if request.param == "phone":
        return Pointer(new_page(viewport=PHONE), phone=True)
    if request.param == "keyboard":
        return Keyboard(new_page())
    return Pointer(new_page())


def _open_search(person: Pointer, lang: str, catalogue: Any, **params: str) -> None:
    """Open the search page for the catalogue's big category word in ``lang``."""
    open_path(person.page, search_path(lang, q=catalogue.search_words[lang], **params))
    person.arrived()


@pytest.mark.parametrize("lang", LANGS)
def test_search_from_the_home_page(lang: str, person: Pointer, catalogue: Any) -> None:
    """Typing a word on the home page leads to a first page of matching products."""
    page = person.page
    open_path(page, f"/{lang}/")
    person.arrived()
    word = catalogue.search_words[lang]

    navigate_by(page, lambda: person.type_and_submit(search_box(page), word))

    assert current_path(page) == f"/{lang}/search"
    assert current_query(page)["q"] == [word]
    found = result_ids(page)
    assert len(found) == 20
    assert set(found) <= set(catalogue.big_ids)
    person.arrived()


@pytest.mark.parametrize("lang", LANGS)
def test_apply_and_remove_a_facet(lang: str, person: Pointer, catalogue: Any) -> None:
    """A brand facet narrows the results to that brand; removing it restores them."""
    page = person.page
    _open_search(person, lang, catalogue)
    brand = catalogue.facet_brand

    toggle_facet(page, person, "brand", brand)

    assert current_query(page).get("brand") == [brand]
    assert sorted(result_ids(page)) == sorted(catalogue.facet_brand_ids)
    person.arrived()

    toggle_facet(page, person, "brand", brand)

    assert "brand" not in current_query(page)
    assert current_query(page)["q"] == [catalogue.search_words[lang]]
    assert len(result_ids(page)) == 20


@pytest.mark.parametrize("lang", LANGS)
def test_change_the_sort_order(lang: str, person: Pointer, catalogue: Any) -> None:
    """Greener first puts the most efficient model first; newest, the latest."""
    page = person.page
    _open_search(person, lang, catalogue)

    sort_by(page, person, "efficiency")

    assert current_query(page)["sort"] == ["efficiency"]
    assert result_ids(page)[0] == catalogue.best_product_id
    person.arrived()

    sort_by(page, person, "newest")

    assert current_query(page)["sort"] == ["newest"]
    assert result_ids(page)[0] == catalogue.newest_product_id


@pytest.mark.parametrize("lang", LANGS)
def test_go_to_the_next_page(lang: str, person: Pointer, catalogue: Any) -> None:
    """The second page holds the rest of the results and none of the first page's."""
    page = person.page
    _open_search(person, lang, catalogue)
    first = result_ids(page)

    link = next_page_link(page)
    person.reveal(link)
    navigate_by(page, lambda: person.activate(link))

    assert current_query(page)["page"] == ["2"]
    second = result_ids(page)
    assert len(second) == catalogue.big_count - 20
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(catalogue.big_ids)
    person.arrived()


@pytest.mark.parametrize("lang", LANGS)
def test_open_a_product(lang: str, person: Pointer, catalogue: Any) -> None:
    """A result leads to its product page, which names the brand and model number."""
    page = person.page
    _open_search(person, lang, catalogue)
    product_id = result_ids(page)[0]

    link = result_links(page).first
    navigate_by(page, lambda: person.activate(link))

    assert current_path(page) == f"/{lang}/products/{product_id}"
    brand, model_number = catalogue.products[str(product_id)]
    main_text = page.get_by_role("main").inner_text()
    assert brand in main_text
    assert model_number in main_text
    assert page.get_by_role("heading", level=1).count() == 1
    person.arrived()


@pytest.mark.parametrize("lang", LANGS)
def test_switch_language_keeps_the_page(
    lang: str, person: Pointer, catalogue: Any
) -> None:
    """The switcher leads to the same page, with the same query, in another language."""
    page = person.page
    target = LANGS[(LANGS.index(lang) + 1) % len(LANGS)]
    brand = catalogue.facet_brand
    _open_search(person, lang, catalogue, brand=brand, sort="newest")
    query = current_query(page)

    link = language_link(page, target)
    person.reveal(link)
    navigate_by(page, lambda: person.activate(link))

    assert current_path(page) == f"/{target}/search"
    assert current_query(page) == query
    assert html_lang(page) == target
    assert sorted(result_ids(page)) == sorted(catalogue.facet_brand_ids)

    open_path(page, f"/{lang}/products/{catalogue.product_id}")
    link = language_link(page, target)
    person.reveal(link)
    navigate_by(page, lambda: person.activate(link))

    assert current_path(page) == f"/{target}/products/{catalogue.product_id}"
    assert html_lang(page) == target
    person.arrived()


@pytest.mark.parametrize("lang", LANGS)
def test_did_you_mean(lang: str, person: Pointer, catalogue: Any) -> None:
    """A misspelt word gets a suggestion that, followed, finds the products."""
    page = person.page
    open_path(page, f"/{lang}/")
    word = catalogue.search_words[lang]
    misspelt = catalogue.misspelt_words[lang]
    navigate_by(page, lambda: person.type_and_submit(search_box(page), misspelt))
    assert current_query(page)["q"] == [misspelt]

    # The suggestion may come without accents (the index folds them); it must still be
    # the right word.
    def corrected(query: dict[str, list[str]]) -> bool:
        return [fold_accents(q).lower() for q in query.get("q", [])] == [folded]

    folded = fold_accents(word)
    suggestion = link_to_search(page, corrected)
    navigate_by(page, lambda: person.activate(suggestion))

    assert current_path(page) == f"/{lang}/search"
    found = result_ids(page)
    assert found
    assert set(found) <= set(catalogue.big_ids)
    person.arrived()
