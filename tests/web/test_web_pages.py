"""The server-rendered pages in English, French and Spanish.

The sample catalogue (tests/sample_catalogue.py) has texts in the three languages, so
each assertion on French or Spanish words proves both the URL language and the
compiled translations at work: a wrong translations path would fall back to English.
"""

from __future__ import annotations

import pytest
from pagetext import hrefs, own_text, read_page

LANGS = ("en", "fr", "es")
NBSP = "\xa0"

# One UI sentence per page and language, from the .po files.
HOME_TITLE = {
    "en": "Find certified greener products",
    "fr": "Trouver des produits certifiés plus écologiques",
    "es": "Encontrar productos certificados más ecológicos",
}
SEARCH_BUTTON = {"en": "Search", "fr": "Rechercher", "es": "Buscar"}
NOT_FOUND = {
    "en": "Page not found",
    "fr": "Page introuvable",
    "es": "Página no encontrada",
}


def pages(sample) -> list[str]:
    """Paths (without language) of one page of each kind."""
    return [
        "/",
        "/search?q=acme",
        f"/products/{sample.products['acme_big']}",
        f"/categories/{sample.fridges}",
        f"/labels/{sample.tiered_label}",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_renders_in_its_language(client, sample, lang):
    for path in pages(sample):
        response = client.get(f"/{lang}{path}")
        assert response.status_code == 200, path
        page = read_page(response.get_data(as_text=True))
        assert page.html_lang == lang, path
        assert page.h1_count == 1, path
        assert SEARCH_BUTTON[lang] in page.own, path


@pytest.mark.parametrize("lang", LANGS)
def test_home_lists_departments_categories_counts_and_labels(client, lang):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    text = own_text(html)

    assert HOME_TITLE[lang] in text
    department = {
        "en": "Home equipment",
        "fr": "Équipement ménager",
        "es": "Equipo doméstico",
    }
    fridges = {"en": "Fridges", "fr": "Réfrigérateurs", "es": "Refrigeradores"}
    four = {"en": "4 products", "fr": "4 produits", "es": "4 productos"}
    assert department[lang] in text
    assert fridges[lang] in text
    assert four[lang] in text
    assert f"/{lang}/categories/wt-fridges" in hrefs(html)
    assert f"/{lang}/labels/wt-greentier" in hrefs(html)


def test_root_redirects_by_accept_language(client):
    cases = {
        "fr-CA,fr;q=0.9,en;q=0.5": "/fr/",
        "es-MX,es;q=0.9": "/es/",
        "en-US,en;q=0.8": "/en/",
        "de-DE,de;q=0.9": "/en/",
        "": "/en/",
    }
    for header, target in cases.items():
        response = client.get("/", headers={"Accept-Language": header})
        assert response.status_code == 302, header
        assert response.headers["Location"].endswith(target), header
        assert "Accept-Language" in response.headers["Vary"]


def test_unknown_language_is_a_404(client):
    assert client.get("/de/").status_code == 404
    assert client.get("/xx/search?q=a").status_code == 404
    assert client.get("/EN/").status_code == 404


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_keeps_page_and_query(client, lang):
    html = client.get(f"/{lang}/search?q=acme&country=CA&sort=newest").get_data(
        as_text=True
    )
    for other in LANGS:
        links = hrefs(html, hreflang=other, lang=other)
        assert links == [f"/{other}/search?q=acme&country=CA&sort=newest"]


def test_language_switcher_keeps_product_page(client, sample):
    product_id = sample.products["lamp_b"]
    html = client.get(f"/fr/products/{product_id}").get_data(as_text=True)
    assert hrefs(html, hreflang="es", lang="es") == [f"/es/products/{product_id}"]
    assert hrefs(html, hreflang="en", lang="en") == [f"/en/products/{product_id}"]


def test_hreflang_alternates_name_the_same_page_in_each_language(client, sample):
    html = client.get(f"/es/categories/{sample.lamps}?page=1").get_data(as_text=True)
    for lang in LANGS:
        link = f'<link rel="alternate" hreflang="{lang}" href="http://localhost/{lang}/'
        assert f"{link}categories/{sample.lamps}?page=1" in html


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_is_translated(client, lang):
    for path in (
        "/nothing-here",
        "/products/999999",
        "/categories/nope",
        "/labels/nope",
    ):
        response = client.get(f"/{lang}{path}")
        assert response.status_code == 404, path
        page = read_page(response.get_data(as_text=True))
        assert page.html_lang == lang
        assert NOT_FOUND[lang] in page.own
        assert page.h1_count == 1


NOT_ALLOWED = {
    "en": "This action is not allowed here",
    "fr": "Cette action n’est pas permise ici",
    "es": "Esta acción no está permitida aquí",
}


@pytest.mark.parametrize("lang", LANGS)
def test_wrong_method_is_a_translated_405_with_allow(client, lang):
    for method in ("POST", "PUT", "DELETE"):
        response = client.open(f"/{lang}/search?q=acme", method=method)
        assert response.status_code == 405, method
        # HTTP requires a 405 to say which methods the address does accept.
        assert "GET" in response.headers.get("Allow", ""), method
        page = read_page(response.get_data(as_text=True))
        assert page.html_lang == lang
        assert NOT_ALLOWED[lang] in page.own


def test_absurd_product_ids_are_404_not_500(client):
    assert client.get("/en/products/99999999999999999999999999").status_code == 404
    assert client.get("/en/products/0").status_code == 404
    assert client.get("/en/products/-1").status_code == 404
    assert client.get("/en/products/abc").status_code == 404


def test_numbers_and_dates_follow_the_locale(client, sample):
    path = f"/products/{sample.products['acme_big']}"
    english = own_text(client.get(f"/en{path}").get_data(as_text=True))
    french = own_text(client.get(f"/fr{path}").get_data(as_text=True))
    spanish = own_text(client.get(f"/es{path}").get_data(as_text=True))

    assert "1,234.5" in english
    assert "March 14, 2018" in english
    assert f"1{NBSP}234,5" in french
    assert "14 mars 2018" in french
    assert "1,234.5" in spanish
    assert "14 de marzo de 2018" in spanish


def test_product_page_shows_identity_metrics_and_markets(client, sample):
    html = client.get(f"/fr/products/{sample.products['acme_big']}").get_data(
        as_text=True
    )
    text = own_text(html)

    for fact in ("Acme", "ACM-100*", "CoolBox 100", "Réfrigérateurs"):
        assert fact in text
    assert "Consommation annuelle" in text
    assert "kWh/an" in text
    assert "Volume total" in text
    assert "pi³" in text
    assert "États-Unis" in text
    assert "Canada" in text


def test_product_data_sheet_is_marked_english(client, sample):
    html = client.get(f"/es/products/{sample.products['acme_big']}").get_data(
        as_text=True
    )
    page = read_page(html)
    assert '<details class="datasheet" lang="en">' in html
    assert "Defrost Type" in page.english
    assert "Automatic" in page.english
    assert "Defrost Type" not in page.own


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("acme_big", {"en": "Valid", "fr": "Valide", "es": "Vigente"}),
        ("boreal", {"en": "Expired", "fr": "Expiré", "es": "Vencido"}),
        ("withdrawn", {"en": "Withdrawn", "fr": "Retiré", "es": "Retirado"}),
    ],
)
def test_certificate_status_is_judged_today_and_translated(
    client, sample, name, status
):
    listing = {"acme_big": "ES-1001", "boreal": "ES-1003", "withdrawn": "ES-1004"}
    for lang in LANGS:
        html = client.get(f"/{lang}/products/{sample.products[name]}").get_data(
            as_text=True
        )
        section = own_text(html.split('id="labels-heading"')[1].split("</table>")[0])
        assert status[lang] in section.split("\n")
        assert listing[name] in section


def test_status_badge_class_marks_validity(client, sample):
    valid = client.get(f"/en/products/{sample.products['acme_big']}").get_data(
        as_text=True
    )
    expired = client.get(f"/en/products/{sample.products['boreal']}").get_data(
        as_text=True
    )
    assert "status--active" in valid
    assert "status--expired" not in valid
    assert "status--expired" in expired


def test_product_tier_and_dates(client, sample):
    text = own_text(
        client.get(f"/fr/products/{sample.products['lamp_b']}").get_data(as_text=True)
    )
    assert "GT-77" in text
    assert "Or" in text.split("\n")
    assert "1 avril 2019" in text


def test_better_models_only_those_doing_better_with_a_valid_certificate(client, sample):
    ids = sample.products
    html = client.get(f"/en/products/{ids['acme_big']}").get_data(as_text=True)
    section = html.split('id="better-heading"')[1]

    # Lower annual energy is better: ACM-200 (400 kWh) qualifies; BOR-300 (350)
    # has an expired certificate and BOR-400 (500) a withdrawn one.
    assert f"/en/products/{ids['acme_small']}" in section
    assert f"/en/products/{ids['boreal']}" not in section
    assert f"/en/products/{ids['withdrawn']}" not in section
    assert ">400<" in section


def test_better_models_when_higher_is_better(client, sample):
    ids = sample.products
    worse = client.get(f"/en/products/{ids['lamp_a']}").get_data(as_text=True)
    best = client.get(f"/en/products/{ids['lamp_b']}").get_data(as_text=True)

    assert f"/en/products/{ids['lamp_b']}" in worse.split('id="better-heading"')[1]
    assert "95.5" in worse
    assert "No model of this category does better" in best


def test_category_page_ranks_products_greener_first_with_pages(client, sample):
    first = client.get(f"/en/categories/{sample.fridges}").get_data(as_text=True)
    second = client.get(f"/en/categories/{sample.fridges}?page=2").get_data(
        as_text=True
    )
    ids = sample.products

    def order(html: str) -> list[int]:
        links = [h for h in hrefs(html) if h.startswith("/en/products/")]
        return [int(h.rsplit("/", 1)[1]) for h in links]

    assert order(first) == [ids["boreal"], ids["acme_small"]]
    assert order(second) == [ids["withdrawn"], ids["acme_big"]]
    assert "/en/categories/wt-fridges?page=2" in hrefs(first)
    assert "4 products in this category" in own_text(first)
    assert f"/en/search?category={sample.fridges}" in hrefs(first)


def test_category_page_in_french(client, sample):
    text = own_text(
        client.get(f"/fr/categories/{sample.fridges}").get_data(as_text=True)
    )
    assert "Réfrigérateurs qui gardent les aliments" in text
    assert "Consommation annuelle" in text
    assert "moins, c’est mieux" in text


@pytest.mark.parametrize("page", ["0", "abc", "-3", "1.5", str(10**9)])
def test_category_bad_page_is_a_translated_400(client, sample, page):
    response = client.get(f"/fr/categories/{sample.fridges}?page={page}")
    assert response.status_code == 400
    assert "La page doit être un nombre entier" in own_text(
        response.get_data(as_text=True)
    )


def test_label_page(client, sample):
    html = client.get(f"/fr/labels/{sample.tiered_label}").get_data(as_text=True)
    text = own_text(html)

    assert "Conseil Tier" in text
    assert "Des lampes à faible impact." in text
    assert "Audits chaque année." in text
    assert "Canada, États-Unis, Mexique" in text
    assert "Bronze, Argent, Or" in text
    assert f"/fr/search?label={sample.tiered_label}" in hrefs(html)


def test_label_page_counts_certified_products(client, sample):
    html = client.get(f"/es/labels/{sample.energy_label}").get_data(as_text=True)
    lines = own_text(html).split("\n")
    index = lines.index("Productos certificados en el catálogo")
    assert lines[index + 1] == "5"


def test_skip_link_and_landmarks(client):
    html = client.get("/fr/").get_data(as_text=True)
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert 'role="search"' in html
