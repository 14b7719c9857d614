"""What templates can call: the page language, localized text, locale formats, URLs.

Pages are rendered in the language of their URL (``g.lang``); outside a language
prefix (error pages, the API) the request's negotiated language is used. Numbers and
dates go through Flask-Babel, whose locale is the Babel locale of that language
(``fr_CA``, ``es_MX``), so "1 234,5" in French and "1,234.5" in English and Mexican
Spanish. Units, tiers and statuses are UI words translated through gettext; content
(category, label, metric texts) is data with one column per language. Text values of
a certifier's specs ("Compact", "Audio Amplifier - Full Spectrum") are shown as
published, in English, and marked ``lang="en"`` on French and Spanish pages so that
screen readers and translation tools treat them as English; "Yes" and "No" are UI
words and are translated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from numbers import Number
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, g, request, url_for
from flask_babel import format_date, format_decimal
from markupsafe import Markup

from enviro_buyer.catalogue.models import (
    STATUS_ACTIVE,
    STATUS_EXPIRED,
    STATUS_WITHDRAWN,
    Certification,
)
from enviro_buyer.catalogue.services import today
from enviro_buyer.i18n import (
    BABEL_LOCALES,
    LANGUAGE_NAMES,
    LANGUAGES,
    _l,
    current_language,
)

# Units as certifiers write them -> their name in the page language. A unit that is an
# international symbol (W, kWh, lm/W, %) needs no entry and is shown as published.
UNIT_NAMES = {
    "kWh/yr": _l("kWh/yr"),
    "kWh/year": _l("kWh/yr"),
    "kWh/day": _l("kWh/day"),
    "cu. ft.": _l("cu. ft."),
    "cu-ft": _l("cu. ft."),
    "ft3": _l("cu. ft."),
    "gallons": _l("gallons"),
    "gal": _l("gal"),
    "gal/cycle": _l("gal/cycle"),
    "gallons/cycle": _l("gal/cycle"),
    "gpm": _l("gal/min"),
    "gal/min": _l("gal/min"),
    "hrs": _l("hours"),
    "hours": _l("hours"),
    "years": _l("years"),
    "yrs": _l("years"),
    "yrs.": _l("years"),
    "min": _l("min"),
    "min.": _l("min"),
    "in": _l("in"),
    "in.": _l("in"),
    "inches": _l("in"),
    "lbs": _l("lb"),
    "lumens": _l("lumens"),
    "pints/day": _l("pints/day"),
    "sones": _l("sones"),
    "watts": _l("W"),
    "watt": _l("W"),
}

# Tier names certifiers use (EPEAT) -> their name in the page language.
TIER_NAMES = {
    "Bronze": _l("Bronze"),
    "Silver": _l("Silver"),
    "Gold": _l("Gold"),
    "Most Efficient": _l("Most Efficient"),
}

STATUS_NAMES = {
    STATUS_ACTIVE: _l("Valid"),
    STATUS_EXPIRED: _l("Expired"),
    STATUS_WITHDRAWN: _l("Withdrawn"),
}

SORT_NAMES = {
    "relevance": _l("Relevance"),
    "efficiency": _l("Most efficient first"),
    "newest": _l("Newest first"),
}

FACET_NAMES = {
    "category": _l("Category"),
    "label": _l("Label"),
    "country": _l("Country"),
    "brand": _l("Brand"),
}

# Spec values certifiers write as a yes/no answer -> the answer in the page language.
YES_NO = {"yes": _l("Yes"), "no": _l("No")}

_TAG = re.compile(r"<[^<>]*>")
_HIGHLIGHT_OPEN = re.compile(
    r'<(?:b|strong|em|mark)(?:\s+class="[\w\s-]*")?\s*>', re.IGNORECASE
)
_HIGHLIGHT_CLOSE = re.compile(r"</(?:b|strong|em|mark)\s*>", re.IGNORECASE)
_BARE_AMPERSAND = re.compile(r"&(?!#?[0-9A-Za-z]+;)")

# Query parameters that hold filters; changing one sends the reader back to page 1.
FILTER_PARAMS = ("category", "label", "country", "brand")


def page_language() -> str:
    """Return the language of the page being rendered (en, fr or es)."""
    lang = getattr(g, "lang", None)
    return lang if lang in LANGUAGES else current_language()


def localized(row: Any, field: str) -> str:
    """Return a content field of ``row`` in the page language (English if empty)."""
    return row.text(field, page_language())


def format_number(value: Any) -> str:
    """Format a number for the page's locale; leave text values as they are."""
    if isinstance(value, bool) or not isinstance(value, Number):
        return "" if value is None else str(value)
    return format_decimal(value)


def spec_value(value: Any) -> str | Markup:
    """Show a spec value: numbers per locale, yes/no translated, other text as English.

    Certifiers publish their text values in English; on a French or Spanish page the
    value is wrapped in ``<span lang="en">`` (escaped), so it is read as English.
    """
    if not isinstance(value, str):
        return format_number(value)
    answer = YES_NO.get(value.strip().casefold())
    if answer is not None:
        return str(answer)
    if page_language() == "en" or not any(c.isalpha() for c in value):
        return value
    return Markup('<span lang="en">%s</span>') % value


def format_day(value: dt.date | None) -> str:
    """Format a date for the page's locale ("1 juin 2019"), or "" when absent."""
    if value is None:
        return ""
    return format_date(value, "long")


def country_name(code: str, lang: str | None = None) -> str:
    """Return the name of country ``code`` in ``lang`` (default: the page's)."""
    locale = Locale.parse(BABEL_LOCALES[lang or page_language()])
    return locale.territories.get(code, code)


def unit_name(unit: str | None) -> str:
    """Return ``unit`` as written in the page language."""
    if not unit:
        return ""
    return str(UNIT_NAMES.get(unit, unit))


def tier_name(tier: str | None) -> str:
    """Return a certification tier's name in the page language."""
    if not tier:
        return ""
    return str(TIER_NAMES.get(tier, tier))


def certificate_status(certification: Certification) -> str:
    """Return active, expired or withdrawn for ``certification`` as of today."""
    return certification.status(today())


def status_name(status: str) -> str:
    """Return a certificate status as a word in the page language."""
    return str(STATUS_NAMES[status])


def _query_items(changes: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the current query parameters with ``changes`` applied (None drops)."""
    items = [(k, v) for k, v in request.args.items(multi=True) if k not in changes]
    for key, value in changes.items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        items.extend((key, str(v)) for v in values)
    return items


def _with_query(path: str, items: Iterable[tuple[str, str]]) -> str:
    """Join ``path`` and encoded query ``items``."""
    query = urlencode(list(items))
    return f"{path}?{query}" if query else path


def url_with(**changes: Any) -> str:
    """Return the current page's URL with some query parameters changed.

    A value of None removes the parameter; a list repeats it. Changing a filter or the
    sort drops ``page``, since page 7 of another result set means nothing.
    """
    if any(key in FILTER_PARAMS or key in ("q", "sort") for key in changes):
        changes.setdefault("page", None)
    return _with_query(request.script_root + request.path, _query_items(changes))


def toggle_filter_url(name: str, value: str) -> str:
    """Return the current URL with filter ``name=value`` added, or removed if set."""
    current = request.args.getlist(name)
    values = [v for v in current if v != value]
    if value not in current:
        values.append(value)
    return url_with(**{name: values or None})


def language_urls(external: bool = False) -> dict[str, str]:
    """Return language -> URL of the current page in that language, query kept.

    Outside a page with a language (an unknown address), the other languages' home
    pages stand in.
    """
    endpoint = request.endpoint
    on_page = bool(endpoint) and endpoint.startswith("catalogue.")
    query = list(request.args.items(multi=True)) if on_page else []
    urls = {}
    for lang in LANGUAGES:
        if on_page:
            args = {**(request.view_args or {}), "lang": lang}
            path = url_for(endpoint, _external=external, **args)
        else:
            path = url_for("catalogue.home", lang=lang, _external=external)
        urls[lang] = _with_query(path, query)
    return urls


def page_window(page: int, pages: int, radius: int = 2) -> list[int | None]:
    """Return page numbers to link around ``page``: first, last, neighbours, gaps."""
    shown = {1, pages, *range(max(1, page - radius), min(pages, page + radius) + 1)}
    window: list[int | None] = []
    for number in sorted(shown):
        if window and number - (window[-1] or 0) > 1:
            window.append(None)
        window.append(number)
    return window


def safe_highlight(snippet: str) -> Markup:
    """Return a search snippet as markup whose only tags are ``<mark>`` highlights.

    The backend promises HTML-safe snippets; this keeps that promise whatever it
    does: its highlight tags (``<b class="match term0">``, ``<strong>``, ``<mark>``…)
    become ``<mark>``, any other tag is dropped and stray ``<``, ``>`` or ``&`` in the
    text are escaped, so a product text can never inject markup.
    """
    pieces = []
    position = 0
    for tag in _TAG.finditer(snippet):
        pieces.append(_escape_text(snippet[position : tag.start()]))
        if _HIGHLIGHT_OPEN.fullmatch(tag.group()):
            pieces.append("<mark>")
        elif _HIGHLIGHT_CLOSE.fullmatch(tag.group()):
            pieces.append("</mark>")
        position = tag.end()
    pieces.append(_escape_text(snippet[position:]))
    return Markup("".join(pieces))


def _escape_text(text: str) -> str:
    """Escape markup characters in already-escaped text, keeping its entities."""
    text = _BARE_AMPERSAND.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")


def init_templating(app: Flask) -> None:
    """Register the helpers above as Jinja globals and filters."""
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(
        page_language=page_language,
        localized=localized,
        country_name=country_name,
        unit_name=unit_name,
        tier_name=tier_name,
        today=today,
        certificate_status=certificate_status,
        status_name=status_name,
        url_with=url_with,
        toggle_filter_url=toggle_filter_url,
        language_urls=language_urls,
        page_window=page_window,
        safe_highlight=safe_highlight,
        spec_value=spec_value,
        LANGUAGES=LANGUAGES,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        SORT_NAMES=SORT_NAMES,
        FACET_NAMES=FACET_NAMES,
    )
    app.jinja_env.filters.update(number=format_number, day=format_day)
