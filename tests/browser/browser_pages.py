"""What the browser tests do to pages, written once.

Controls are found the way a person finds them, by role and accessible name, or by the
page contract that the URLs fix (the ``q``, ``sort``, ``brand``… parameters and the
``/<lang>/products/<id>`` links), never by CSS classes, so the tests survive markup
changes. A journey is written once and run by two kinds of people: ``Pointer`` clicks
and taps, ``Keyboard`` reaches every control with Tab and works it with Enter, Space and
typing, exactly as someone without a mouse would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from browser_checks import assert_fits_width

from enviro_buyer.i18n import LANGUAGE_NAMES

LANGS = ("en", "fr", "es")
# Every kind of page the issue names, with the status it must answer.
PAGE_KINDS = (
    "home",
    "search",
    "search-empty",
    "product",
    "category",
    "label",
    "not-found",
    "no-such-page",
)
NO_RESULTS_QUERY = "zqxwvjk"
PRODUCT_HREF = re.compile(r"/(?:en|fr|es)/products/(\d+)(?:[?#]|$)")
# Most tab stops a page of ours may have before focus must come back to the start.
MAX_TAB_STOPS = 400
# A form whose controls submit it themselves navigates within this time.
AUTO_SUBMIT_WAIT_MS = 3_000

# Each language's own name for itself, as the switcher must show it.
SWITCHER_NAMES = dict(LANGUAGE_NAMES)


# --- where things are ---------------------------------------------------------------


def search_path(lang: str, **params: str) -> str:
    """Return the search page's path with ``params`` in its query string."""
    query = "&".join(f"{key}={quote(value)}" for key, value in params.items())
    return f"/{lang}/search?{query}" if query else f"/{lang}/search"


def page_path(kind: str, lang: str, catalogue: Any) -> tuple[str, int]:
    """Return the path of a page of ``kind`` in ``lang`` and the status it must have."""
    paths = {
        "home": (f"/{lang}/", 200),
        "search": (search_path(lang, q=catalogue.search_words[lang]), 200),
        "search-empty": (search_path(lang, q=NO_RESULTS_QUERY), 200),
        "product": (f"/{lang}/products/{catalogue.product_id}", 200),
        "category": (f"/{lang}/categories/{catalogue.big_category}", 200),
        "label": (f"/{lang}/labels/{catalogue.label_slugs[0]}", 200),
        "not-found": (f"/{lang}/products/987654321", 404),
        "no-such-page": (f"/{lang}/no-such-page", 404),
    }
    return paths[kind]


# --- reading pages -------------------------------------------------------------------


def open_path(page: Any, path: str, status: int = 200) -> Any:
    """Load ``path`` and check its HTTP status; return the response."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path} answered {response.status}, not {status}"
    return response


def current_path(page: Any) -> str:
    """Return the path of the page's URL."""
    return urlsplit(page.url).path


def current_query(page: Any) -> dict[str, list[str]]:
    """Return the query string as a dict of value lists (blank values dropped)."""
    return parse_qs(urlsplit(page.url).query)


def result_ids(page: Any) -> list[int]:
    """Return the ids of the products linked from the main region, in page order."""
    hrefs = (
        page.get_by_role("main")
        .locator("a[href*='/products/']")
        .evaluate_all("links => links.map(a => a.getAttribute('href'))")
    )
    ids: list[int] = []
    for href in hrefs:
        match = PRODUCT_HREF.search(href)
        if match and int(match.group(1)) not in ids:
            ids.append(int(match.group(1)))
    return ids


def result_links(page: Any) -> Any:
    """Return the product links of the main region."""
    return page.get_by_role("main").locator("a[href*='/products/']")


def search_box(page: Any) -> Any:
    """Return the first visible search box (the one a person meets first)."""
    return page.locator("input[name='q']:visible").first


def html_lang(page: Any) -> str:
    """Return the lang attribute of the html element."""
    return page.evaluate("() => document.documentElement.getAttribute('lang') || ''")


def active_element(page: Any) -> dict[str, Any]:
    """Describe the focused element: tag, name, href, and whether it is inside main."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return {tag: 'body'};
            return {
                tag: el.tagName.toLowerCase(),
                name: el.getAttribute('name') || '',
                href: el.getAttribute('href') || '',
                text: (el.innerText || el.value || '').trim().slice(0, 80),
                inMain: !!el.closest('main, [role=main]'),
            };
        }"""
    )


# --- working pages: two kinds of people ----------------------------------------------


class Pointer:
    """Someone with a mouse or a finger."""

    name = "pointer"

    def __init__(self, page: Any, phone: bool = False) -> None:
        self.page = page
        self.phone = phone

    def arrived(self) -> None:
        """Check what each page must satisfy for this person (phone: fits its width)."""
        if self.phone:
            assert_fits_width(self.page)

    def activate(self, target: Any) -> None:
        """Click or tap a link, button or summary."""
        target.click()

    def reveal(self, target: Any) -> None:
        """Open the closed disclosure (details, aria-controls) that hides ``target``."""
        toggle = _toggle_hiding(self.page, target)
        if toggle is not None:
            self.activate(toggle)
            target.wait_for(state="visible")

    def type_and_submit(self, box: Any, text: str) -> None:
        """Put ``text`` into a text box and submit its form with Enter."""
        box.fill(text)
        box.press("Enter")

    def choose(self, select: Any, value: str) -> None:
        """Pick the option whose value is ``value`` in a select."""
        select.select_option(value)

    def toggle(self, box: Any) -> None:
        """Tick or untick a checkbox."""
        box.click()


class Keyboard(Pointer):
    """Someone who only has a keyboard: Tab to move, Enter, Space and letters to act."""

    name = "keyboard"

    def focus(self, target: Any) -> None:
        """Press Tab until ``target`` has focus; fail if it never gets it."""
        target.evaluate("el => el.setAttribute('data-test-target', '')")
        for _ in range(MAX_TAB_STOPS):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(
                "() => !!document.activeElement?.hasAttribute('data-test-target')"
            ):
                target.evaluate("el => el.removeAttribute('data-test-target')")
                return
        raise AssertionError(
            f"Tab never reaches {target}: it cannot be used by keyboard"
        )

    def activate(self, target: Any) -> None:
        """Tab to a link, button or summary and press Enter."""
        self.focus(target)
        self.page.keyboard.press("Enter")

    def type_and_submit(self, box: Any, text: str) -> None:
        """Tab to a text box, type ``text`` and press Enter."""
        self.focus(box)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def choose(self, select: Any, value: str) -> None:
        """Tab to a select and type the start of the wanted option's label."""
        label = select.locator(f"option[value='{value}']").inner_text().strip()
        self.focus(select)
        self.page.keyboard.type(label)

    def toggle(self, box: Any) -> None:
        """Tab to a checkbox and press Space."""
        self.focus(box)
        self.page.keyboard.press("Space")


def _toggle_hiding(page: Any, target: Any) -> Any | None:
    """Return the control that discloses ``target`` when it is hidden, else None."""
    if target.is_visible():
        return None
    found = target.evaluate(
        """el => {
            for (let node = el; node; node = node.parentElement) {
                if (node.tagName === 'DETAILS' && !node.open) {
                    node.querySelector(':scope > summary')
                        .setAttribute('data-test-toggle', '');
                    return true;
                }
                if (node.id) {
                    const opener = document.querySelector(
                        `[aria-controls~="${CSS.escape(node.id)}"]`);
                    if (opener) {
                        opener.setAttribute('data-test-toggle', '');
                        return true;
                    }
                }
            }
            return false;
        }"""
    )
    if not found:
        return None
    return page.locator("[data-test-toggle]").first


def navigate_by(page: Any, action: Any) -> None:
    """Run ``action`` and wait until the page has moved to another URL and loaded."""
    before = page.url
    action()
    page.wait_for_url(lambda url: url != before)
    page.wait_for_load_state()


def submit_control(page: Any, person: Pointer, control: Any, change: Any) -> None:
    """Change a form control, then submit its form as its page expects.

    A form with a visible submit button is submitted with it; a form without one must
    submit itself when the control changes (and then it must do so promptly).
    """
    before = page.url
    form = control.locator("xpath=ancestor::form[1]")
    buttons = form.locator(
        "button[type=submit]:visible, button:not([type]):visible,"
        " input[type=submit]:visible"
    )
    change()
    if buttons.count() and page.url == before:
        person.activate(buttons.first)
    page.wait_for_url(lambda url: url != before, timeout=AUTO_SUBMIT_WAIT_MS)
    page.wait_for_load_state()


# --- the search page's controls ------------------------------------------------------


def link_to_search(
    page: Any, wanted: Callable[[dict[str, list[str]]], bool], text: str = ""
) -> Any:
    """Return the first link to the search page whose query satisfies ``wanted`` and
    whose text contains ``text`` (ignoring case)."""
    links = page.locator("a[href]")
    found = links.evaluate_all("links => links.map(a => [a.href, a.textContent])")
    for index, (href, content) in enumerate(found):
        parts = urlsplit(href)
        if not parts.path.endswith("/search") or text.lower() not in content.lower():
            continue
        if wanted(parse_qs(parts.query)):
            return links.nth(index)
    raise AssertionError(f"no link on {page.url} leads to the search looked for")


def toggle_facet(page: Any, person: Pointer, facet: str, value: str) -> None:
    """Select ``value`` in ``facet`` if it is not selected, else deselect it."""
    selected = value in current_query(page).get(facet, [])
    box = page.locator(f"input[type=checkbox][name='{facet}'][value='{value}']")
    if box.count():
        box = box.first
        person.reveal(box)
        submit_control(page, person, box, lambda: person.toggle(box))
        return

    def leads_to_toggle(query: dict[str, list[str]]) -> bool:
        return (value in query.get(facet, [])) != selected

    link = link_to_search(page, leads_to_toggle, text=value)
    person.reveal(link)
    navigate_by(page, lambda: person.activate(link))


def sort_by(page: Any, person: Pointer, sort: str) -> None:
    """Choose the sort order ``sort`` with the page's sort control."""
    select = page.locator("select[name='sort']")
    if select.count():
        select = select.first
        person.reveal(select)
        submit_control(page, person, select, lambda: person.choose(select, sort))
        return
    link = link_to_search(page, lambda query: query.get("sort") == [sort])
    person.reveal(link)
    navigate_by(page, lambda: person.activate(link))


def next_page_link(page: Any) -> Any:
    """Return the link to the next page of results (rel=next if the page marks it)."""
    marked = page.locator("a[rel~='next']")
    if marked.count():
        return marked.first
    current = int(current_query(page).get("page", ["1"])[0])
    return link_to_search(page, lambda query: query.get("page") == [str(current + 1)])


def language_link(page: Any, lang: str) -> Any:
    """Return the language switcher's link to ``lang``, found by its visible name."""
    return page.get_by_role("link", name=SWITCHER_NAMES[lang]).first
