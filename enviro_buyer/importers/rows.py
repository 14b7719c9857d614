"""Turning the rows of an ENERGY STAR export into normalised product records.

A row becomes a record (see ``catalogue.schemas.ProductRecordSchema``) or, when it
cannot be read, a ``Rejection`` naming its file, first line and reason: no id, no model
number, no brand, a date that is not one, a value too long for its column, a cell count
that differs from the header's, an id, brand or model number over several lines (a
stray quote), or an id already seen earlier in the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from enviro_buyer.i18n import _
from enviro_buyer.importers.energystar import ENERGY_STAR, RawExport, Roles, SpecColumn
from enviro_buyer.importers.report import Rejection
from enviro_buyer.importers.values import (
    clean_text,
    parse_date,
    parse_markets,
    spec_value,
)

# Column sizes of the products and certifications tables.
LIMITS = {"brand": 200, "model_number": 300, "model_name": 300, "listing_id": 120}


@dataclass
class ParsedExport:
    """The records and rejections read from one file."""

    records: list[dict[str, Any]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    rows_read: int = 0
    # Listing id -> line of each record, for the files that come after in the run.
    lines: dict[str, int] = field(default_factory=dict)


def _cell(cells: list[str], position: int | None) -> str | None:
    """Return the cleaned cell at ``position``, or None."""
    if position is None:
        return None
    return clean_text(cells[position])


class _RowError(ValueError):
    """A row cannot be read; the message is the translated reason."""


def _date(cells: list[str], position: int | None, header: list[str]) -> dt.date | None:
    """Read the date at ``position`` or raise _RowError naming the column."""
    text = _cell(cells, position)
    try:
        return parse_date(text)
    except ValueError:
        column = " ".join(header[position].split()) if position is not None else ""
        raise _RowError(
            _("%(column)s is not a date: %(value)s", column=column, value=text)
        ) from None


def _check_length(field_name: str, value: str) -> None:
    """Refuse a value too long for its column."""
    if len(value) > LIMITS[field_name]:
        raise _RowError(
            _(
                "%(field)s is longer than %(limit)s characters",
                field=field_name.replace("_", " "),
                limit=LIMITS[field_name],
            )
        )


def _record(
    raw: RawExport,
    cells: list[str],
    roles: Roles,
    columns: list[SpecColumn],
    category: str,
) -> dict[str, Any]:
    """Turn one row into a normalised product record or raise _RowError."""
    if len(cells) != len(raw.header):
        raise _RowError(
            _(
                "the row has %(found)s cells where the header has %(expected)s",
                found=len(cells),
                expected=len(raw.header),
            )
        )
    listing_id = _cell(cells, roles.listing_id)
    if listing_id is None:
        raise _RowError(_("no ENERGY STAR id"))
    model_number = _cell(cells, roles.model_number)
    if model_number is None:
        raise _RowError(_("no model number"))
    brand = _cell(cells, roles.brand) or _cell(cells, roles.partner)
    if brand is None:
        raise _RowError(_("no brand"))
    if any("\n" in v or "\r" in v for v in (listing_id, model_number, brand)):
        # Never so in a real export (a model name may be): a stray quote has joined
        # this row to the next ones, and importing it would make a bogus product.
        raise _RowError(
            _(
                "the id, brand or model number runs over several lines: "
                "a quote is probably missing"
            )
        )
    model_name = _cell(cells, roles.model_name) or ""
    for name, value in (
        ("listing_id", listing_id),
        ("brand", brand),
        ("model_number", model_number),
        ("model_name", model_name),
    ):
        _check_length(name, value)

    date_available = _date(cells, roles.available, raw.header)
    certified_on = _date(cells, roles.certified, raw.header)
    most_efficient = (_cell(cells, roles.most_efficient) or "").lower()
    tier = roles.tier if most_efficient in {"yes", "y", "true"} else None

    specs: dict[str, Any] = {}
    for column in columns:
        value = clean_text(cells[column.position])
        if value is not None:
            specs[column.key] = spec_value(value, as_text=column.as_text)

    return {
        "category": category,
        "brand": brand,
        "model_number": model_number,
        "model_name": model_name,
        "additional_info": _cell(cells, roles.additional) or "",
        "markets": parse_markets(_cell(cells, roles.markets)),
        "date_available": date_available,
        "specs": specs,
        "certifications": [
            {
                "ecolabel": ENERGY_STAR,
                "listing_id": listing_id,
                "tier": tier,
                "certified_on": certified_on,
                "expires_on": None,
                "withdrawn_on": None,
                "source": raw.name[:300],
            }
        ],
    }


def parse_export(
    raw: RawExport,
    roles: Roles,
    columns: list[SpecColumn],
    category: str,
    label: str | None = None,
    earlier: Mapping[str, tuple[str, int]] | None = None,
) -> ParsedExport:
    """Read every row of ``raw``: records for good rows, rejections for the others.

    ``earlier`` maps the listing ids imported from other files of the same run to
    their file and line. The certifier lists a few models in two categories (three
    upright freezers are also in the refrigerators file); the first listing is kept,
    so that importing the same files again changes nothing.
    """
    shown = label or str(raw.path)
    earlier = earlier or {}
    parsed = ParsedExport()
    first_line: dict[str, int] = {}
    for line, cells in raw.rows:
        parsed.rows_read += 1
        try:
            record = _record(raw, cells, roles, columns, category)
            listing_id = record["certifications"][0]["listing_id"]
            if listing_id in first_line:
                raise _RowError(
                    _(
                        "ENERGY STAR id %(id)s is already on line %(line)s",
                        id=listing_id,
                        line=first_line[listing_id],
                    )
                )
            if listing_id in earlier:
                other_file, other_line = earlier[listing_id]
                raise _RowError(
                    _(
                        "ENERGY STAR id %(id)s was already imported from %(file)s, "
                        "line %(line)s",
                        id=listing_id,
                        file=other_file,
                        line=other_line,
                    )
                )
        except _RowError as exc:
            parsed.rejections.append(Rejection(shown, line, str(exc)))
            continue
        first_line[listing_id] = line
        parsed.records.append(record)
    parsed.lines = first_line
    return parsed
