"""Small text helpers shared by importers, search and pages."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, so a decomposed "é" is one character again."""
    return unicodedata.normalize("NFC", text)


def fold_accents(text: str) -> str:
    """Return ``text`` without diacritics ("Réfrigérateur" -> "Refrigerateur")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    """Return a lowercase ASCII slug ("Clothes Washers" -> "clothes-washers")."""
    return _NON_SLUG.sub("-", fold_accents(text).lower()).strip("-")
