"""JSON API v1: the search page's twin and one product's full record.

The language of names and of text analysis comes from ``?lang=`` or Accept-Language
(``select_locale``). Bad parameters get a 400 whose body names each bad field with a
translated message; an unknown product gets a JSON 404 from ``errors.py``.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from enviro_buyer.api.schemas import (
    InvalidParams,
    ProductDetailSchema,
    load_lang_param,
    load_search_params,
    search_payload,
    to_search_request,
)
from enviro_buyer.catalogue.queries import product_by_id, search_catalogue
from enviro_buyer.catalogue.services import today
from enviro_buyer.i18n import select_locale

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(InvalidParams)
def invalid_params(error: InvalidParams) -> tuple[Response, int]:
    """Answer refused parameters with a 400 naming each bad field."""
    body = {"status": 400, "message": error.message, "fields": error.fields}
    return jsonify({"error": body}), 400


@bp.get("/products")
def products() -> Response:
    """Search products: the JSON twin of the search page."""
    params = load_search_params(request.args, current_app.config["SEARCH_MAX_PAGE"])
    lang = select_locale()
    search_request = to_search_request(
        params, lang, current_app.config["SEARCH_PAGE_SIZE"]
    )
    page = search_catalogue(search_request)
    return jsonify(search_payload(page, lang, today()))


@bp.get("/products/<int:product_id>")
def product(product_id: int) -> Response:
    """Return one product with its specs and certifications."""
    load_lang_param(request.args)
    lang = select_locale()
    found = product_by_id(product_id)
    return jsonify(ProductDetailSchema(lang=lang, today=today()).dump(found))
