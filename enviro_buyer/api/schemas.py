"""Marshmallow schemas: search parameters in, products out.

``load_search_params`` validates the query string of the search page and of
``/api/v1/products`` alike, so both accept and refuse exactly the same input. A refusal
is an ``InvalidParams`` (a 400) carrying one translated message per bad field; the
page shows them next to the search box, the API returns them as JSON.

The output schemas turn catalogue rows into plain dicts of str, int and lists: every
translated text is resolved with ``str`` before it gets there, so no lazy string can
reach ``json.dumps``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate
from werkzeug.datastructures import MultiDict

from enviro_buyer.catalogue.models import Certification, Product
from enviro_buyer.catalogue.queries import SearchPage
from enviro_buyer.config import COUNTRIES, LANGUAGES
from enviro_buyer.errors import UserInputError
from enviro_buyer.i18n import _
from enviro_buyer.search.analysis import clean_text
from enviro_buyer.search.backend import FACET_FIELDS, SORTS, SearchRequest

MAX_QUERY_LENGTH = 500
# Bounds on filters keep a hand-made URL from asking for thousands of OR-ed terms.
MAX_FILTER_VALUES = 20
MAX_FILTER_LENGTH = 200
LIST_PARAMS = FACET_FIELDS
SINGLE_PARAMS = ("q", "sort", "page", "lang")


class InvalidParams(UserInputError):
    """Query parameters that cannot be used; ``fields`` maps each to its message."""

    def __init__(self, field_messages: Mapping[str, str]) -> None:
        self.fields = dict(field_messages)
        super().__init__(" ".join(self.fields.values()), field=next(iter(self.fields)))


def _filter_list() -> fields.List:
    """A repeatable filter parameter: up to MAX_FILTER_VALUES short values."""
    item = fields.String(validate=validate.Length(min=1, max=MAX_FILTER_LENGTH))
    return fields.List(
        item, load_default=list, validate=validate.Length(max=MAX_FILTER_VALUES)
    )


class SearchParamsSchema(Schema):
    """Search parameters of the search page and the products API."""

    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="", validate=validate.Length(max=MAX_QUERY_LENGTH))
    category = _filter_list()
    label = _filter_list()
    brand = _filter_list()
    country = fields.List(
        fields.String(validate=validate.OneOf(COUNTRIES)),
        load_default=list,
        validate=validate.Length(max=len(COUNTRIES)),
    )
    sort = fields.String(load_default=SORTS[0], validate=validate.OneOf(SORTS))
    page = fields.Integer(load_default=1, strict=False)
    lang = fields.String(load_default=None, validate=validate.OneOf(LANGUAGES))

    def __init__(self, max_page: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # A new list, not append: marshmallow copies fields shallowly, so appending
        # would change the class's field, and one call's bound would refuse the next
        # call's pages (load_lang_param's max of 1 broke page 2 for the whole worker).
        page = self.fields["page"]
        page.validators = [*page.validators, validate.Range(min=1, max=max_page)]

    @pre_load
    def normalise(self, data: Mapping[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Compose text to NFC, upper-case country codes, drop empty values.

        Control and bidi-override characters become spaces here, not only in the
        search parser, because the page echoes ``q`` in its title, heading and box.
        """
        cleaned: dict[str, Any] = {}
        for key, value in data.items():
            if key in LIST_PARAMS:
                values = [clean_text(v).strip() for v in value]
                if key == "country":
                    values = [v.upper() for v in values]
                cleaned[key] = list(dict.fromkeys(v for v in values if v))
            elif isinstance(value, str) and (text := clean_text(value).strip()):
                cleaned[key] = text
        return cleaned


def _field_message(name: str, max_page: int) -> str:
    """Return the translated message for a refused parameter ``name``."""
    if name == "q":
        return _(
            "The search text is too long: use at most %(max)s characters.",
            max=MAX_QUERY_LENGTH,
        )
    if name == "page":
        return _("The page must be a whole number from 1 to %(max)s.", max=max_page)
    if name == "sort":
        return _("Choose a sort order from the list.")
    if name == "country":
        return _("A country must be CA (Canada), US (United States) or MX (Mexico).")
    if name == "lang":
        return _("The language must be en, fr or es.")
    return _(
        "Use at most %(count)s values of %(max)s characters or fewer for each filter.",
        count=MAX_FILTER_VALUES,
        max=MAX_FILTER_LENGTH,
    )


def load_search_params(args: MultiDict[str, str], max_page: int) -> dict[str, Any]:
    """Validate search query parameters; raise ``InvalidParams`` when any is bad."""
    data: dict[str, Any] = {name: args.getlist(name) for name in LIST_PARAMS}
    for name in SINGLE_PARAMS:
        if name in args:
            data[name] = args.get(name, "")
    try:
        return SearchParamsSchema(max_page=max_page).load(data)
    except ValidationError as error:
        names = sorted(error.messages) if isinstance(error.messages, dict) else ["q"]
        raise InvalidParams({n: _field_message(n, max_page) for n in names}) from None


def load_page_param(args: MultiDict[str, str], max_page: int) -> int:
    """Validate a lone ``page`` parameter (category listings)."""
    return load_search_params(MultiDict({"page": args.get("page", "")}), max_page)[
        "page"
    ]


def load_lang_param(args: MultiDict[str, str]) -> str | None:
    """Validate a lone ``lang`` parameter (product API); None when absent."""
    return load_search_params(MultiDict({"lang": args.get("lang", "")}), 1)["lang"]


def to_search_request(
    params: Mapping[str, Any],
    lang: str,
    per_page: int,
    facet_limit: int | None = SearchRequest.facet_limit,
) -> SearchRequest:
    """Build the backend's ``SearchRequest`` from validated parameters."""
    filters = {name: tuple(params[name]) for name in FACET_FIELDS if params[name]}
    return SearchRequest(
        text=params["q"],
        lang=lang,
        filters=filters,
        sort=params["sort"],
        page=params["page"],
        per_page=per_page,
        facet_limit=facet_limit,
    )


class _LocalizedSchema(Schema):
    """A schema that renders content in one language as of one day."""

    def __init__(self, lang: str, today: dt.date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.today = today


class ProductSummarySchema(_LocalizedSchema):
    """A product as listed in search results."""

    id = fields.Integer()
    brand = fields.String()
    model_number = fields.String()
    model_name = fields.String()
    category = fields.Method("dump_category")
    labels = fields.Method("dump_labels")
    markets = fields.List(fields.String())

    def dump_category(self, product: Product) -> dict[str, str]:
        """Return the category's slug and name in the requested language."""
        category = product.category
        return {"slug": category.slug, "name": category.text("name", self.lang)}

    def dump_labels(self, product: Product) -> list[dict[str, Any]]:
        """Return each certification's label, listing id, tier and status today."""
        return [
            {
                "slug": cert.ecolabel.slug,
                "name": cert.ecolabel.text("name", self.lang),
                "listing_id": cert.listing_id,
                "tier": cert.tier,
                "status": cert.status(self.today),
            }
            for cert in product.certifications
        ]


class ProductDetailSchema(ProductSummarySchema):
    """A product with its specs and certifications."""

    additional_info = fields.String()
    date_available = fields.Date()
    provenance = fields.String()
    efficiency_value = fields.Float(allow_none=True)
    specs = fields.Method("dump_specs")
    certifications = fields.Method("dump_certifications")

    def dump_specs(self, product: Product) -> list[dict[str, Any]]:
        """Return every spec with its metric's name (in the language) and unit."""
        category = product.category
        specs = []
        for key, value in product.specs.items():
            metric = category.metric(key)
            specs.append(
                {
                    "key": key,
                    "name": metric.text("name", self.lang) if metric else key,
                    "value": value,
                    "unit": metric.unit if metric else "",
                }
            )
        return specs

    def dump_certifications(self, product: Product) -> list[dict[str, Any]]:
        """Return every certification with its dates and status as of today."""
        certifications = product.certifications
        return [_certification(c, self.lang, self.today) for c in certifications]


def _certification(cert: Certification, lang: str, today: dt.date) -> dict[str, Any]:
    """Serialise one certification."""

    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "label": {"slug": cert.ecolabel.slug, "name": cert.ecolabel.text("name", lang)},
        "listing_id": cert.listing_id,
        "tier": cert.tier,
        "certified_on": iso(cert.certified_on),
        "expires_on": iso(cert.expires_on),
        "withdrawn_on": iso(cert.withdrawn_on),
        "status": cert.status(today),
        "source": cert.source,
    }


def search_payload(page: SearchPage, lang: str, today: dt.date) -> dict[str, Any]:
    """Return the JSON body of a search: total, page, items, facets, suggestion."""
    result = page.result
    items = ProductSummarySchema(lang=lang, today=today, many=True).dump(
        [hit.product for hit in page.hits]
    )
    facets = {
        name: [
            {
                "value": entry.value,
                "label": str(entry.label),
                "count": entry.count,
                "selected": entry.selected,
            }
            for entry in entries
        ]
        for name, entries in page.facets.items()
    }
    return {
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "pages": result.pages,
        "items": items,
        "facets": facets,
        "suggestion": result.suggestion,
        # Set when nothing matched the query and the items are those of the suggestion.
        "corrected_from": page.corrected_from,
        "notice": str(result.notice) if result.notice else None,
    }
