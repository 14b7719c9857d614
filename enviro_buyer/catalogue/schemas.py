"""Marshmallow schemas of the catalogue's data files and normalised product records.

``ProductRecordSchema`` is the one shape a certified product takes between the
importer, the database and ``catalogue_data/products``: the importer produces it, the
export dumps it, the first-start load validates every line against it. The reference
schemas check the files the project writes by hand (departments, categories, ecolabels)
so that a typo stops the start with a message naming the file and the field.
"""

from __future__ import annotations

import math
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from enviro_buyer.catalogue.models import BETTER_HIGHER, BETTER_LOWER
from enviro_buyer.config import COUNTRIES

SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error="Not a slug: {input}")


class Specs(fields.Field):
    """Metric key -> value, where a value is text or a finite number."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any):
        if not isinstance(value, dict):
            raise ValidationError("Specs must be an object.")
        for key, item in value.items():
            if not isinstance(key, str) or not key or len(key) > 120:
                raise ValidationError(f"Bad spec key: {key!r}.")
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise ValidationError(f"Spec {key} must be text or a number.")
            if isinstance(item, float) and not math.isfinite(item):
                raise ValidationError(f"Spec {key} must be a finite number.")
        return value

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any):
        return dict(value or {})


class TranslatedSchema(Schema):
    """One text per language; English is required, French and Spanish fall back."""

    en = fields.Str(required=True, validate=validate.Length(min=1))
    fr = fields.Str(load_default="")
    es = fields.Str(load_default="")


class FullyTranslatedSchema(Schema):
    """One text per language, none of them empty (texts written by the project)."""

    en = fields.Str(required=True, validate=validate.Length(min=1))
    fr = fields.Str(required=True, validate=validate.Length(min=1))
    es = fields.Str(required=True, validate=validate.Length(min=1))


# An everyday search word or short phrase of a category ("fridge", "chauffe-eau").
KEYWORD = fields.Str(validate=validate.Length(min=1, max=60))


class KeywordsSchema(Schema):
    """A category's everyday search words, one list per language (may be empty)."""

    en = fields.List(KEYWORD, load_default=list)
    fr = fields.List(KEYWORD, load_default=list)
    es = fields.List(KEYWORD, load_default=list)


class CertificationRecordSchema(Schema):
    """A product's listing under one label."""

    ecolabel = fields.Str(required=True, validate=SLUG)
    listing_id = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    tier = fields.Str(
        allow_none=True, load_default=None, validate=validate.Length(max=80)
    )
    certified_on = fields.Date(allow_none=True, load_default=None)
    expires_on = fields.Date(allow_none=True, load_default=None)
    withdrawn_on = fields.Date(allow_none=True, load_default=None)
    source = fields.Str(load_default="", validate=validate.Length(max=300))


class ProductRecordSchema(Schema):
    """A certified product as normalised by the importer."""

    category = fields.Str(required=True, validate=SLUG)
    brand = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    model_number = fields.Str(required=True, validate=validate.Length(min=1, max=300))
    model_name = fields.Str(load_default="", validate=validate.Length(max=300))
    additional_info = fields.Str(load_default="")
    markets = fields.List(
        fields.Str(validate=validate.OneOf(COUNTRIES)), load_default=list
    )
    date_available = fields.Date(allow_none=True, load_default=None)
    specs = Specs(load_default=dict)
    certifications = fields.List(
        fields.Nested(CertificationRecordSchema),
        required=True,
        validate=validate.Length(min=1),
    )


class DepartmentSchema(Schema):
    """An entry of departments.json."""

    slug = fields.Str(required=True, validate=SLUG)
    name = fields.Nested(FullyTranslatedSchema, required=True)


class MetricSchema(Schema):
    """A key metric of a category in categories.json."""

    key = fields.Str(required=True, validate=[SLUG, validate.Length(max=120)])
    name = fields.Nested(FullyTranslatedSchema, required=True)
    unit = fields.Str(load_default="", validate=validate.Length(max=60))
    better = fields.Str(
        allow_none=True,
        load_default=None,
        validate=validate.OneOf([BETTER_LOWER, BETTER_HIGHER]),
    )


class CategorySchema(Schema):
    """An entry of categories.json."""

    slug = fields.Str(required=True, validate=SLUG)
    department = fields.Str(required=True, validate=SLUG)
    name = fields.Nested(FullyTranslatedSchema, required=True)
    description = fields.Nested(FullyTranslatedSchema, required=True)
    keywords = fields.Nested(KeywordsSchema, load_default=dict)
    source_names = fields.List(fields.Str(validate=SLUG), load_default=list)
    efficiency_metric = fields.Str(allow_none=True, load_default=None)
    metrics = fields.List(fields.Nested(MetricSchema), load_default=list)

    @validates_schema
    def check_efficiency_metric(self, data: dict[str, Any], **kwargs: Any) -> None:
        """The efficiency metric must be a listed metric with a direction."""
        key = data.get("efficiency_metric")
        if key is None:
            return
        metric = next((m for m in data.get("metrics", []) if m["key"] == key), None)
        if metric is None or metric["better"] is None:
            raise ValidationError(
                f"{key} must be one of the category's metrics, with better set",
                "efficiency_metric",
            )


class EcolabelSchema(Schema):
    """An entry of ecolabels.json."""

    slug = fields.Str(required=True, validate=SLUG)
    name = fields.Nested(FullyTranslatedSchema, required=True)
    issuer = fields.Nested(FullyTranslatedSchema, required=True)
    certifies = fields.Nested(FullyTranslatedSchema, required=True)
    description = fields.Nested(FullyTranslatedSchema, required=True)
    verification = fields.Nested(FullyTranslatedSchema, required=True)
    countries = fields.List(
        fields.Str(validate=validate.OneOf(COUNTRIES)), required=True
    )
    tiers = fields.List(
        fields.Str(validate=validate.Length(min=1, max=80)), load_default=list
    )
    kind = fields.Str(load_default="", validate=validate.Length(max=40))
    website = fields.Str(load_default="", validate=validate.Length(max=300))


class ManifestMetricSchema(Schema):
    """A metric as exported with the products that use it."""

    key = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    source_name = fields.Str(load_default="", validate=validate.Length(max=300))
    name = fields.Nested(TranslatedSchema, required=True)
    unit = fields.Str(load_default="", validate=validate.Length(max=60))
    better = fields.Str(
        allow_none=True,
        load_default=None,
        validate=validate.OneOf([BETTER_LOWER, BETTER_HIGHER]),
    )
    is_key = fields.Bool(load_default=False)


class ManifestCategorySchema(Schema):
    """A category of the products folder: enough to recreate it where it is missing."""

    slug = fields.Str(required=True, validate=SLUG)
    department = fields.Str(required=True, validate=SLUG)
    name = fields.Nested(TranslatedSchema, required=True)
    keywords = fields.Nested(KeywordsSchema, load_default=dict)
    source_names = fields.List(fields.Str(), load_default=list)
    efficiency_metric = fields.Str(allow_none=True, load_default=None)
    metrics = fields.List(fields.Nested(ManifestMetricSchema), load_default=list)
    file = fields.Str(
        required=True, validate=validate.Regexp(r"^[a-z0-9-]+\.jsonl\.gz$")
    )
    count = fields.Int(required=True, validate=validate.Range(min=0))


class ManifestSchema(Schema):
    """manifest.json of catalogue_data/products."""

    format = fields.Int(required=True, validate=validate.Equal(1))
    categories = fields.List(fields.Nested(ManifestCategorySchema), required=True)
