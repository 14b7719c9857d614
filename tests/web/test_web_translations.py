"""The French and Spanish catalogues: complete, in step with the code, really used.

The leak test renders every kind of page in French and Spanish and looks for the
English text of every message id whose translation differs: any hit is a UI string
that escaped gettext or a translation that is missing. Only elements marked
``lang="en"`` (the certifier's data sheet, the "English" link) may hold English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from pagetext import own_text

from enviro_buyer.paths import ROOT_DIR, TRANSLATIONS_DIR

TEMPLATE = TRANSLATIONS_DIR / "messages.pot"
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None}
KEYWORDS |= {"ngettext": (1, 2), "lazy_ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
MARKUP = re.compile(r"<[^>]+>")


def read_catalog(path: Path):
    """Read a .po or .pot file."""
    with path.open("rb") as handle:
        return read_po(handle)


def message_ids(catalog) -> set:
    """Return the ids of every message of ``catalog`` except the header."""
    return {message.id for message in catalog if message.id}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_catalogue_translates_every_message(lang):
    template = read_catalog(TEMPLATE)
    catalog = read_catalog(TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po")
    translated = {m.id: m for m in catalog if m.id}

    assert message_ids(template) <= set(translated)
    for message_id in message_ids(template):
        message = translated[message_id]
        assert not message.fuzzy, message_id
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        ids = message_id if isinstance(message_id, tuple) else (message_id,)
        assert all(s.strip() for s in strings), message_id
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, message_id


def test_template_lists_every_message_in_the_code():
    with (TRANSLATIONS_DIR / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT_DIR), method_map, options_map, keywords=KEYWORDS
        )
    }
    found = {tuple(m) if isinstance(m, list | tuple) else m for m in found}

    missing = found - message_ids(read_catalog(TEMPLATE))
    assert not missing, "run the extract and update commands of translations/README.md"


def english_patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    """Return a regex for the English text of each message translated differently."""
    catalog = read_catalog(TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po")
    patterns = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        for english in ids:
            if english in strings:
                continue
            # Placeholders and markup stand for anything; what is left must be words.
            pieces = [
                p.strip()
                for p in re.split(f"{PLACEHOLDER.pattern}|{MARKUP.pattern}", english)
            ]
            pieces = [p for p in pieces if len(re.sub(r"\W", "", p)) >= 3]
            if not pieces:
                continue
            body = r"[\s\S]*?".join(re.escape(p) for p in pieces)
            patterns.append((english, re.compile(rf"(?<!\w){body}(?!\w)")))
    return patterns


def leak_pages(client, sample, lang: str) -> dict[str, str]:
    """Render one page of every kind and state (including errors) in ``lang``."""
    ids = sample.products
    paths = [
        "/",
        "/search",
        "/search?q=acme",
        "/search?q=CoolBox&brand=Acme&country=US&sort=efficiency",
        "/search?q=zzzqqqxxx",
        "/search?q=coolbux",
        f"/search?category={sample.fridges}&page=2",
        "/search?page=0&sort=bogus&country=ZZ",
        "/search?q=" + "x" * 600,
        f"/categories/{sample.fridges}",
        f"/categories/{sample.lamps}",
        f"/categories/{sample.fridges}?page=9",
        f"/categories/{sample.fridges}?page=abc",
        f"/labels/{sample.energy_label}",
        f"/labels/{sample.tiered_label}",
        "/no-such-page",
        "/products/987654",
    ]
    paths += [f"/products/{product_id}" for product_id in ids.values()]
    return {path: client.get(f"/{lang}{path}").get_data(as_text=True) for path in paths}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_english_ui_text_in_french_and_spanish_pages(client, sample, lang):
    patterns = english_patterns(lang)
    assert len(patterns) > 100

    leaks = []
    for path, html in leak_pages(client, sample, lang).items():
        text = own_text(html)
        leaks += [(path, english) for english, rx in patterns if rx.search(text)]
    assert not leaks


def test_leak_check_catches_an_untranslated_string(client, sample):
    patterns = english_patterns("fr")
    english_home = own_text(client.get("/en/").get_data(as_text=True))

    assert any(rx.search(english_home) for _english, rx in patterns)


def test_french_page_is_really_french(client):
    html = client.get("/fr/").get_data(as_text=True)
    assert "Trouver des produits certifiés plus écologiques" in html
    assert "Find certified greener products" not in html
    assert (TRANSLATIONS_DIR / "fr" / "LC_MESSAGES" / "messages.mo").is_file()
