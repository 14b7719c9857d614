"""Translation helpers and the choice of language for each request.

The language lives in the URL (``/en/…``, ``/fr/…``, ``/es/…``); ``/`` and API calls
without ``?lang=`` fall back to Accept-Language. Use ``_`` inside requests, ``_l`` for
strings defined at import time, and ``ngettext`` for counts. A CLI job outside a request
picks its locale with ``force_locale``.
"""

from __future__ import annotations

from flask import Flask, g, request
from flask_babel import force_locale, get_locale, gettext, lazy_gettext, ngettext

from enviro_buyer.config import LANGUAGES

_ = gettext
_l = lazy_gettext

__all__ = [
    "BABEL_LOCALES",
    "LANGUAGES",
    "_",
    "_l",
    "current_language",
    "force_locale",
    "get_locale",
    "gettext",
    "lazy_gettext",
    "ngettext",
    "select_locale",
]

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}

# Babel locale of each language: it decides number and date formats ("1 234,5" in
# Canadian French, "1,234.5" in Mexican Spanish); gettext falls back from fr_CA to fr.
BABEL_LOCALES = {"en": "en", "fr": "fr_CA", "es": "es_MX"}


def select_locale() -> str:
    """Pick the request's language: URL prefix, then ?lang=, then Accept-Language."""
    from flask import current_app, has_request_context

    if not has_request_context():
        # A job in an app context (index rebuild, CLI) without ``force_locale``.
        return current_app.config["DEFAULT_LANGUAGE"]
    lang = getattr(g, "lang", None)
    if lang in LANGUAGES:
        return lang
    requested = request.args.get("lang", "")
    if requested in LANGUAGES:
        return requested
    best = request.accept_languages.best_match(LANGUAGES)
    return best or current_app.config["DEFAULT_LANGUAGE"]


def select_babel_locale() -> str:
    """Return the Babel locale of the request's language (for Flask-Babel)."""
    return BABEL_LOCALES[select_locale()]


def current_language() -> str:
    """Return the active language code (en, fr or es)."""
    return str(get_locale() or "en").split("_")[0]


def init_i18n(app: Flask, babel) -> None:
    """Bind Flask-Babel to the app with the top-level translations folder."""
    from enviro_buyer.paths import TRANSLATIONS_DIR

    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    babel.init_app(app, locale_selector=select_babel_locale)
