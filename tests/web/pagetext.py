"""Reading rendered pages in tests: visible text by language, links, headings.

A small HTMLParser walk is enough here and keeps the tests free of extra packages.
Text inside an element marked ``lang="en"`` (the certifier's English data sheet, the
"English" link of the language switcher) is kept apart from the page's own text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "wbr",
}
# Attributes people read or hear: placeholders, accessible names, tooltips.
READ_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
# Only ASCII white space: no-break spaces are part of French numbers and punctuation.
SPACES = re.compile(r"[ \t\n\r\f]+")


class PageText(HTMLParser):
    """Collect the page's readable text, split into own-language and English parts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.own: list[str] = []
        self.english: list[str] = []
        self.links: list[tuple[dict[str, str], str]] = []
        self._link: dict[str, str] | None = None
        self._link_text: list[str] = []
        self.html_lang: str | None = None
        self.h1_count = 0

    def _in_english(self) -> bool:
        for _tag, lang in reversed(self.stack):
            if lang is not None:
                return lang == "en"
        return False

    def _skipped(self) -> bool:
        return any(tag in ("script", "style") for tag, _lang in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_lang = values.get("lang")
            self.stack.append((tag, None))
            return
        if tag == "h1":
            self.h1_count += 1
        if tag == "a":
            self._link, self._link_text = values, []
        if tag not in VOID:
            self.stack.append((tag, values.get("lang")))
        target = self.english if self._in_english() else self.own
        target.extend(values[name] for name in READ_ATTRIBUTES if values.get(name))
        if tag == "input" and values.get("type") in ("submit", "button"):
            target.append(values.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append((self._link, " ".join(self._link_text).strip()))
            self._link = None
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        text = SPACES.sub(" ", data).strip()
        if not text or self._skipped():
            return
        if self._link is not None:
            self._link_text.append(text)
        (self.english if self._in_english() else self.own).append(text)


def read_page(html: str) -> PageText:
    """Parse a rendered page."""
    parser = PageText()
    parser.feed(html)
    parser.close()
    return parser


def own_text(html: str) -> str:
    """Return the readable text outside English-marked elements, one line each."""
    return "\n".join(read_page(html).own)


def hrefs(html: str, **attrs: str) -> list[str]:
    """Return the href of every link whose attributes include ``attrs``."""
    return [
        link["href"]
        for link, _text in read_page(html).links
        if all(link.get(name) == value for name, value in attrs.items())
    ]


def link_to(html: str, text: str) -> str:
    """Return the href of the first link whose text contains ``text``."""
    for link, link_text in read_page(html).links:
        if text in link_text:
            return link["href"]
    raise AssertionError(f"no link with text {text!r}")
