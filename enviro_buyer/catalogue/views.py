"""Catalogue pages under ``/<lang>/``: home, search, product, category and label.

The language is the first part of every address. A URL value preprocessor moves it
into ``g.lang`` (so views never take it as an argument) and answers 404 for a language
we do not speak; ``url_for`` fills it back in from ``g.lang``. ``/`` itself sends the
browser to its preferred language.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from enviro_buyer.api.schemas import (
    MAX_QUERY_LENGTH,
    InvalidParams,
    load_page_param,
    load_search_params,
    to_search_request,
)
from enviro_buyer.catalogue import queries
from enviro_buyer.catalogue.services import today
from enviro_buyer.i18n import LANGUAGES, select_locale
from enviro_buyer.search.analysis import clean_text

# Facet values listed on the search page, most frequent first: enough to choose from
# without burying the results under hundreds of brand links.
FACET_VALUES_SHOWN = 15

# Only our languages match, so "/xyz" is a plain 404 rather than a redirect to "/xyz/".
bp = Blueprint(
    "catalogue", __name__, url_prefix="/<any({}):lang>".format(", ".join(LANGUAGES))
)
root_bp = Blueprint("root", __name__)


@bp.url_value_preprocessor
def pull_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Move the language from the URL into ``g.lang``; 404 for one we do not speak."""
    lang = (values or {}).pop("lang", None)
    if lang not in LANGUAGES:
        abort(404)
    g.lang = lang


@bp.url_defaults
def add_language(endpoint: str, values: dict[str, Any]) -> None:
    """Fill in the current language when a catalogue URL is built without one."""
    if "lang" not in values:
        values["lang"] = getattr(g, "lang", None) or select_locale()


@root_bp.before_app_request
def language_from_path() -> None:
    """Take the language of an address no route matched (a 404) from its prefix.

    The blueprint's preprocessor only runs for matched routes; without this, the
    "page not found" of /fr/nothing would be in the browser's language, not French.
    """
    if getattr(g, "lang", None) is None:
        prefix = request.path.split("/", 2)[1]
        if prefix in LANGUAGES:
            g.lang = prefix


@root_bp.get("/")
def index() -> Response:
    """Send the browser to the home page in the language it prefers."""
    response = redirect(url_for("catalogue.home", lang=select_locale()), code=302)
    response.vary.add("Accept-Language")
    return response


@bp.get("/")
def home() -> str:
    """Home: search box, departments with their categories, labels."""
    return render_template(
        "home.html",
        departments=queries.departments_with_categories(),
        category_counts=queries.product_counts_by_category(),
        labels=queries.all_labels(),
        label_counts=queries.product_counts_by_label(),
    )


@bp.get("/search")
def search() -> str | tuple[str, int]:
    """Search results with facets, sorting and pagination."""
    config = current_app.config
    try:
        params = load_search_params(request.args, config["SEARCH_MAX_PAGE"])
    except InvalidParams as error:
        query = clean_text(request.args.get("q", "")).strip()[:MAX_QUERY_LENGTH]
        return render_template(
            "search.html", errors=error.fields, page=None, params=None, query=query
        ), 400
    search_request = to_search_request(
        params, g.lang, config["SEARCH_PAGE_SIZE"], facet_limit=FACET_VALUES_SHOWN
    )
    page = queries.search_catalogue(search_request)
    return render_template(
        "search.html", errors={}, params=params, page=page, query=params["q"]
    )


@bp.get("/products/<int:product_id>")
def product(product_id: int) -> str:
    """One product: metrics, data sheet, certifications, greener alternatives."""
    found = queries.product_by_id(product_id)
    return render_template(
        "product.html",
        product=found,
        alternatives=queries.better_alternatives(found, today()),
    )


@bp.get("/categories/<slug>")
def category(slug: str) -> str:
    """One category: description, key metrics, products ranked greener first."""
    config = current_app.config
    found = queries.category_by_slug(slug)
    number = load_page_param(request.args, config["SEARCH_MAX_PAGE"])
    listing = queries.category_products(found, number, config["SEARCH_PAGE_SIZE"])
    return render_template("category.html", category=found, listing=listing)


@bp.get("/labels/<slug>")
def label(slug: str) -> str:
    """One ecolabel: who runs it, what it certifies, how it is verified."""
    found = queries.label_by_slug(slug)
    return render_template(
        "label.html", label=found, product_count=queries.label_product_count(found)
    )
