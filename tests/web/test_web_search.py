"""The search page: counts, facets that add and remove filters, sorting, pages."""

from __future__ import annotations

import re

import pytest
from pagetext import hrefs, link_to, own_text, read_page


def product_ids(html: str, lang: str = "en") -> list[int]:
    """Return the ids of the products listed in the results, in order."""
    results = html.split('id="results"', 1)[1]
    prefix = f"/{lang}/products/"
    return [int(h.rsplit("/", 1)[1]) for h in hrefs(results) if h.startswith(prefix)]


def facet_link(html: str, name: str, label: str) -> tuple[str, bool]:
    """Return (href, selected) of facet ``name``'s value whose label is ``label``."""
    section = html.split(f'id="facet-{name}"', 1)[1].split("</section>", 1)[0]
    for match in re.finditer(r'<a class="facet-value([^"]*)" href="([^"]*)"', section):
        end = section.find("</a>", match.end())
        if f'<span class="facet-label">{label}</span>' in section[match.end() : end]:
            return match.group(2).replace("&amp;", "&"), "is-selected" in match.group(1)
    raise AssertionError(f"no {name} facet value {label!r}")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/en/search?q=acme", "2 products found"),
        ("/en/search?brand=Lumo&country=US", "1 product found"),
        ("/fr/search?q=acme", "2 produits trouvés"),
        ("/fr/search?brand=Lumo&country=US", "1 produit trouvé"),
        ("/es/search?q=acme", "2 productos encontrados"),
        ("/es/search?brand=Lumo&country=US", "1 producto encontrado"),
    ],
)
def test_result_count_with_plural_forms(client, url, expected):
    html = client.get(url).get_data(as_text=True)
    assert expected in own_text(html).split("\n")


def test_results_region_is_announced(client):
    html = client.get("/en/search?q=acme").get_data(as_text=True)
    assert 'id="results" aria-live="polite"' in html


def test_facet_value_adds_then_removes_its_filter(client, sample):
    start = client.get("/en/search?q=acme").get_data(as_text=True)
    href, selected = facet_link(start, "country", "Canada")
    assert not selected
    assert "country=CA" in href
    assert "q=acme" in href

    filtered = client.get(href).get_data(as_text=True)
    assert product_ids(filtered) == [sample.products["acme_big"]]
    assert "1 product found" in own_text(filtered)
    remove, selected = facet_link(filtered, "country", "Canada")
    assert selected
    assert "country=CA" not in remove

    back = client.get(remove).get_data(as_text=True)
    assert "2 products found" in own_text(back)


def test_facets_show_counts_in_the_page_language(client, sample):
    html = client.get(f"/fr/search?category={sample.fridges}").get_data(as_text=True)
    text = own_text(html)

    _href, selected = facet_link(html, "category", "Réfrigérateurs")
    assert selected
    assert facet_link(html, "country", "États-Unis")
    assert facet_link(html, "brand", "Borealis")
    section = html.split('id="facet-brand"', 1)[1].split("</section>", 1)[0]
    assert "(2)" in section
    assert "Retirer tous les filtres" in text


def test_filters_combine_values_of_one_facet(client, sample):
    one = client.get("/en/search?country=MX").get_data(as_text=True)
    href, _selected = facet_link(one, "country", "United States")
    both = client.get(href).get_data(as_text=True)

    assert "country=MX" in href and "country=US" in href
    assert len(product_ids(both)) == 2
    assert "5 products found" in own_text(both)


def test_unknown_filter_value_gives_no_result_and_can_be_removed(client):
    html = client.get("/en/search?category=no-such-category").get_data(as_text=True)
    assert "0 products found" in own_text(html)
    href, selected = facet_link(html, "category", "no-such-category")
    assert selected
    assert "category=" not in href


def test_sort_by_efficiency_follows_the_metric_direction(client, sample):
    ids = sample.products
    fridges = client.get(
        f"/en/search?category={sample.fridges}&sort=efficiency"
    ).get_data(as_text=True)
    lamps = client.get(f"/en/search?category={sample.lamps}&sort=efficiency").get_data(
        as_text=True
    )

    assert product_ids(fridges) == [ids["boreal"], ids["acme_small"]]
    assert product_ids(lamps) == [ids["lamp_b"], ids["lamp_a"]]


def test_sort_links_keep_the_search_and_mark_the_current_order(client, sample):
    html = client.get(f"/en/search?q=acme&category={sample.fridges}").get_data(
        as_text=True
    )
    href = link_to(html, "Newest first")
    assert href == f"/en/search?q=acme&category={sample.fridges}&sort=newest"
    assert re.search(r'<a href="[^"]*sort=relevance" aria-current="true">', html)

    newest = client.get(href).get_data(as_text=True)
    expected = [sample.products["acme_small"], sample.products["acme_big"]]
    assert product_ids(newest) == expected


def test_pagination(client, sample):
    first = client.get(f"/en/search?category={sample.fridges}").get_data(as_text=True)
    page = read_page(first)
    next_links = [link["href"] for link, _t in page.links if link.get("rel") == "next"]
    assert next_links == [f"/en/search?category={sample.fridges}&page=2"]

    second = client.get(next_links[0]).get_data(as_text=True)
    assert len(product_ids(second)) == 2
    assert not set(product_ids(first)) & set(product_ids(second))
    assert '<ol class="result-list" start="3">' in second
    prev_links = [
        link["href"]
        for link, _t in read_page(second).links
        if link.get("rel") == "prev"
    ]
    assert prev_links == [f"/en/search?category={sample.fridges}&page=1"]


def test_a_page_past_the_end_offers_the_first(client, sample):
    html = client.get(f"/en/search?category={sample.fridges}&page=7").get_data(
        as_text=True
    )
    assert "There are no results on this page." in own_text(html)
    assert f"/en/search?category={sample.fridges}" in hrefs(html)


def test_filter_change_goes_back_to_page_one(client, sample):
    html = client.get(f"/en/search?category={sample.fridges}&page=2").get_data(
        as_text=True
    )
    href, _selected = facet_link(html, "brand", "Acme")
    assert "page=" not in href


def test_did_you_mean_links_to_the_corrected_search(client):
    html = client.get("/en/search?q=coolbux&country=US").get_data(as_text=True)
    href = link_to(html, "coolbox")
    assert "q=coolbox" in href
    assert "country=US" in href
    assert "Did you mean" in own_text(html)


def test_a_misspelt_query_still_finds_its_products(client):
    typo = own_text(client.get("/en/search?q=coolbux").get_data(as_text=True))
    right = client.get("/en/search?q=coolbox").get_data(as_text=True)

    assert "coolbox" in typo
    assert "these are the results for “coolbox”" in typo
    assert product_ids(right)
    assert product_ids(client.get("/en/search?q=coolbux").get_data(as_text=True)) == (
        product_ids(right)
    )


def test_a_correctly_spelt_query_is_not_corrected(client):
    html = client.get("/en/search?q=coolbox").get_data(as_text=True)

    assert "these are the results for" not in own_text(html)


def test_highlighted_snippets_only_mark_matches(client):
    html = client.get("/en/search?q=coolbox").get_data(as_text=True)
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)
    assert snippets
    assert any("<mark>" in snippet for snippet in snippets)
    for snippet in snippets:
        assert not re.search(r"<(?!/?mark>)", snippet)


def test_notice_when_part_of_the_query_is_ignored(client):
    html = client.get("/fr/search?q=*").get_data(as_text=True)
    assert 'class="message message--notice"' in html


@pytest.mark.parametrize(
    ("query", "field_message"),
    [
        ("page=0", "La page doit être un nombre entier de 1 à 500."),
        ("page=abc", "La page doit être un nombre entier de 1 à 500."),
        ("sort=bogus", "Choisissez un ordre de tri dans la liste."),
        (
            "country=ZZ",
            "Le pays doit être CA (Canada), US (États-Unis) ou MX (Mexique).",
        ),
        ("q=" + "x" * 10_000, "utilisez au plus 500 caractères."),
    ],
)
def test_bad_parameters_show_a_translated_400_page(client, query, field_message):
    response = client.get(f"/fr/search?{query}")
    html = response.get_data(as_text=True)

    assert response.status_code == 400
    assert field_message in own_text(html)
    assert 'role="alert"' in html
    assert 'id="search-q"' in html


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "AND", "(((", "a:b:c", "title:", "x" * 500, "e\u0301te\u0301"],
)
def test_hostile_queries_give_a_normal_page(client, query):
    response = client.get("/en/search", query_string={"q": query})
    assert response.status_code == 200
    assert 'id="results"' in response.get_data(as_text=True)


def test_query_text_is_escaped(client):
    html = client.get(
        "/en/search", query_string={"q": '<script>alert("x")</script>'}
    ).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("extra", [{}, {"page": "abc"}])
def test_control_characters_are_not_echoed(client, extra):
    # Escaping cannot neutralise a raw control or bidi-override character: the page
    # would show it in its title, heading and search box, so it must become a space.
    query = "fri\x01dge\x1b[31m \u202eevil\x7f"
    response = client.get("/en/search", query_string={"q": query, **extra})
    html = response.get_data(as_text=True)

    assert response.status_code == (400 if extra else 200)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e]", html)
    assert 'value="fri dge [31m  evil"' in html
