"""Key figures that are words: yes/no translated, the certifier's English marked.

Certifiers publish text values in English ("Audio Amplifier - Full Spectrum",
"Compact"). On a French or Spanish product page such a value keeps its published
wording inside an element marked ``lang="en"``; "Yes" and "No" are UI words and are
shown in the page's language.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from pagetext import read_page
from sample_catalogue import Sample

from enviro_buyer.catalogue.models import Category, Metric, Product
from enviro_buyer.extensions import db

PRODUCT_TYPE = "Audio Amplifier - Full Spectrum"
METRICS_TABLE = re.compile(r'<table class="metrics">.*?</table>', re.DOTALL)


def _texts(field: str, en: str, fr: str, es: str) -> dict[str, str]:
    """Return the three language columns of one content field."""
    return {f"{field}_en": en, f"{field}_fr": fr, f"{field}_es": es}


@pytest.fixture(scope="module")
def amplifiers(site: tuple[Flask, Sample]) -> dict[str, int]:
    """Add a category whose key figures include text and yes/no values."""
    app, _sample = site
    with app.app_context():
        fridges = db.session.scalar(
            db.select(Category).where(Category.slug == "wt-fridges")
        )
        category = Category(
            slug="wt-amplifiers",
            department=fridges.department,
            efficiency_metric="idle-power",
            **_texts("name", "Amplifiers", "Amplificateurs", "Amplificadores"),
            **_texts(
                "description", "Amplifiers.", "Amplificateurs.", "Amplificadores."
            ),
        )
        metrics = [
            ("product-type", "Product type", "Type de produit", "Tipo de producto"),
            ("has-remote", "Remote control", "Télécommande", "Control remoto"),
            ("has-display", "Display", "Afficheur", "Pantalla"),
            ("idle-power", "Idle power", "Puissance au repos", "Potencia en reposo"),
        ]
        category.metrics = [
            Metric(
                key=key,
                source_name=en,
                unit="W" if key == "idle-power" else "",
                better="lower" if key == "idle-power" else None,
                is_key=True,
                position=position,
                **_texts("name", en, fr, es),
            )
            for position, (key, en, fr, es) in enumerate(metrics)
        ]
        specs = {
            "product-type": PRODUCT_TYPE,
            "has-remote": "Yes",
            "has-display": "no",
            "idle-power": 2.5,
        }
        plain = Product(
            category=category,
            brand="Sonora",
            model_number="SON-1",
            specs=specs,
            efficiency_value=2.5,
        )
        hostile = Product(
            category=category,
            brand="Sonora",
            model_number="SON-2",
            specs={**specs, "product-type": "Compact <i>x</i> & co"},
            efficiency_value=3.0,
        )
        db.session.add_all([category, plain, hostile])
        db.session.commit()
        return {"plain": plain.id, "hostile": hostile.id}


def metrics_table(client, lang: str, product_id: int) -> str:
    """Return the HTML of the key-figures table of a product page."""
    response = client.get(f"/{lang}/products/{product_id}")
    assert response.status_code == 200
    (table,) = METRICS_TABLE.findall(response.get_data(as_text=True))
    return table


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_certifier_text_is_marked_english_on_other_pages(
    client, amplifiers, lang
) -> None:
    table = metrics_table(client, lang, amplifiers["plain"])
    page = read_page(table)

    assert f'<span lang="en">{PRODUCT_TYPE}</span>' in table
    assert PRODUCT_TYPE in page.english
    assert PRODUCT_TYPE not in page.own


def test_french_page_says_oui_and_non(client, amplifiers) -> None:
    page = read_page(metrics_table(client, "fr", amplifiers["plain"]))

    assert "Oui" in page.own
    assert "Non" in page.own
    assert "Yes" not in page.own + page.english
    assert "no" not in page.own + page.english
    # Numbers stay numbers, in the page's format.
    assert "2,5" in page.own


def test_spanish_page_says_si_and_no(client, amplifiers) -> None:
    page = read_page(metrics_table(client, "es", amplifiers["plain"]))

    assert "Sí" in page.own
    assert "No" in page.own
    assert "Yes" not in page.own + page.english


def test_english_page_needs_no_lang_mark(client, amplifiers) -> None:
    table = metrics_table(client, "en", amplifiers["plain"])
    page = read_page(table)

    assert 'lang="en"' not in table
    assert PRODUCT_TYPE in page.own
    assert "Yes" in page.own
    assert "No" in page.own


def test_text_values_are_not_numbers_and_numbers_are(client, amplifiers) -> None:
    table = metrics_table(client, "fr", amplifiers["plain"])

    assert '<td class="num">2,5</td>' in table
    assert '<td><span lang="en">' in table


def test_certifier_text_is_escaped(client, amplifiers) -> None:
    table = metrics_table(client, "fr", amplifiers["hostile"])

    assert '<span lang="en">Compact &lt;i&gt;x&lt;/i&gt; &amp; co</span>' in table
    assert "<i>" not in table


def test_the_english_data_sheet_keeps_the_published_answer(client, amplifiers) -> None:
    html = client.get(f"/fr/products/{amplifiers['plain']}").get_data(as_text=True)
    page = read_page(html)

    # The full data sheet is the certifier's, in English, as published.
    assert "Yes" in page.english
    assert "Yes" not in page.own
