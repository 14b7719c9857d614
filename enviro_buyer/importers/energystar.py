"""Reading ENERGY STAR certified-product exports into normalised product records.

An export is a UTF-8 CSV file with one model per row. Its header names a few columns
with a fixed meaning (the id, brand, model number, dates, markets) and any number of
category-specific columns, each kept as a spec under the key ``split_header`` gives it.
Headers are matched without regard to case or surrounding spaces, because the same
field is spelled "Date Available on Market" in one file and " Date Available On
Market" in another.

Reading is pure: nothing here touches the database. A file that cannot be read at all
raises ``ImportFileError``; rows are read in ``importers.rows``, where a row that cannot
be read becomes a ``Rejection`` and the rest of the file goes on.

Column roles worth knowing:

- the id is "ENERGY STAR Unique ID", or "PD_ID" in older exports;
- the brand is "Brand Name" ("Service Brand Name" for connected thermostats). Vending
  machines have no brand column: their model number is the certifying partner's own
  (often a rebuilt machine), so the brand is the "ENERGY STAR Partner", and the
  original manufacturer stays in the specs. The partner also stands in for a brand
  left empty on a row;
- "Meets ENERGY STAR Most Efficient <year> Criteria" = Yes gives the certification the
  tier "Most Efficient <year>".
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from enviro_buyer.catalogue.metrics import split_header
from enviro_buyer.errors import ImportFileError
from enviro_buyer.i18n import _
from enviro_buyer.text import slugify

ENERGY_STAR = "energy-star"

# Normalised header spellings (lower case, single spaces) of the columns with a role.
ID_HEADERS = ("energy star unique id", "pd_id", "pd id")
BRAND_HEADERS = ("brand name", "brand", "service brand name")
PARTNER_HEADERS = ("energy star partner",)
MODEL_NUMBER_HEADERS = (
    "model number",
    "model number or rebuilt model number",
    "service model number",
)
MODEL_NAME_HEADERS = ("model name", "service model name")
ADDITIONAL_HEADERS = ("additional model information",)
MARKETS_HEADERS = ("markets",)
AVAILABLE_HEADERS = ("date available on market", "date available on the market")
CERTIFIED_HEADERS = ("date certified", "date qualified")
_MOST_EFFICIENT = re.compile(r"^meets energy star most efficient (\d{4}) criteria$")
_ROLE_HEADERS = frozenset(
    ID_HEADERS
    + BRAND_HEADERS
    + PARTNER_HEADERS
    + MODEL_NUMBER_HEADERS
    + MODEL_NAME_HEADERS
    + ADDITIONAL_HEADERS
    + MARKETS_HEADERS
    + AVAILABLE_HEADERS
    + CERTIFIED_HEADERS
)

# Keys whose values are codes, not quantities: "0123" or "812345678901" stay text.
_TEXT_KEYS = re.compile(
    r"(model-numbers?|model-number-s|model-name|upc|identifier|esuids?|-id)$"
)

# Longest metric key the metrics table holds.
MAX_KEY = 120

# Bytes looked at to tell a binary file from text.
_SNIFF_BYTES = 8192


def normalise_header(header: str) -> str:
    """Return a header in the form used for matching: lower case, single spaces."""
    return " ".join(header.split()).lower()


@dataclass
class RawExport:
    """A decoded CSV file: its header and its data rows with their first line."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]

    @property
    def name(self) -> str:
        """The file's name, used as the provenance of what it holds."""
        return self.path.name


@dataclass
class Roles:
    """Column positions of the fields that are not specs (None when absent)."""

    listing_id: int
    model_number: int
    brand: int | None = None
    partner: int | None = None
    model_name: int | None = None
    additional: int | None = None
    markets: int | None = None
    available: int | None = None
    certified: int | None = None
    most_efficient: int | None = None
    tier: str | None = None

    def positions(self) -> set[int]:
        """Positions that never become specs (the partner does: it is useful there)."""
        taken = {
            self.listing_id,
            self.model_number,
            self.brand,
            self.model_name,
            self.additional,
            self.markets,
            self.available,
            self.certified,
            self.most_efficient,
        }
        return {p for p in taken if p is not None}


@dataclass(frozen=True)
class SpecColumn:
    """A category-specific column and the metric it feeds."""

    position: int
    header: str
    key: str
    name: str
    unit: str
    as_text: bool


def read_export(path: Path, label: str | None = None) -> RawExport:
    """Read and decode a CSV export; raise ImportFileError if it is not one."""
    shown = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            shown, _("cannot be read: %(error)s", error=exc.strerror)
        ) from None
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ImportFileError(shown, _("is a binary file, not a CSV export"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            shown,
            _(
                "is not UTF-8 text (byte %(position)s cannot be decoded)",
                position=exc.start,
            ),
        ) from None

    # Strict quoting: a stray quote would otherwise swallow the rows after it silently.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = cells
            else:
                rows.append((start, cells))
    except csv.Error as exc:
        raise ImportFileError(
            shown,
            _(
                "is not valid CSV at line %(line)s: %(error)s",
                line=reader.line_num,
                error=exc,
            ),
        ) from None
    if header is None:
        raise ImportFileError(shown, _("is empty: no header row"))
    return RawExport(path=path, header=header, rows=rows)


def _find(normalised: list[str], names: Iterable[str]) -> int | None:
    """Return the position of the first column spelled as one of ``names``."""
    for name in names:
        if name in normalised:
            return normalised.index(name)
    return None


def _repeated_role_column(normalised: list[str]) -> int | None:
    """Return the position of a role column the header names twice, if any.

    Two "Model Number" columns leave no sound choice: reading the first would turn
    the second into a spec and rewrite every product without a word of warning.
    """
    for name in dict.fromkeys(normalised):
        if name in _ROLE_HEADERS and normalised.count(name) > 1:
            return normalised.index(name)
    return None


def find_roles(raw: RawExport, label: str | None = None) -> Roles:
    """Locate the columns with a role; raise ImportFileError if this is no export."""
    shown = label or str(raw.path)
    normalised = [normalise_header(h) for h in raw.header]
    listing_id = _find(normalised, ID_HEADERS)
    model_number = _find(normalised, MODEL_NUMBER_HEADERS)
    brand = _find(normalised, BRAND_HEADERS)
    partner = _find(normalised, PARTNER_HEADERS)

    if listing_id is None:
        raise ImportFileError(
            shown,
            _(
                'is not an ENERGY STAR export: it has no "ENERGY STAR Unique ID" '
                'or "PD_ID" column'
            ),
        )
    if model_number is None:
        raise ImportFileError(
            shown, _('is not an ENERGY STAR export: it has no "Model Number" column')
        )
    if brand is None and partner is None:
        raise ImportFileError(
            shown,
            _(
                'is not an ENERGY STAR export: it has no "Brand Name" or '
                '"ENERGY STAR Partner" column'
            ),
        )

    repeated = _repeated_role_column(normalised)
    if repeated is not None:
        raise ImportFileError(
            shown,
            _(
                'has more than one "%(column)s" column: it is unclear which one '
                "to read",
                column=" ".join(raw.header[repeated].split()),
            ),
        )

    roles = Roles(
        listing_id=listing_id,
        model_number=model_number,
        brand=brand,
        partner=partner,
        model_name=_find(normalised, MODEL_NAME_HEADERS),
        additional=_find(normalised, ADDITIONAL_HEADERS),
        markets=_find(normalised, MARKETS_HEADERS),
        available=_find(normalised, AVAILABLE_HEADERS),
        certified=_find(normalised, CERTIFIED_HEADERS),
    )
    for position, name in enumerate(normalised):
        match = _MOST_EFFICIENT.match(name)
        if match:
            roles.most_efficient = position
            roles.tier = f"Most Efficient {match.group(1)}"
            break
    return roles


def _short_key(key: str) -> str:
    """Fit a key into its column, keeping it unique with a hash of the full key."""
    if len(key) <= MAX_KEY:
        return key
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{key[: MAX_KEY - 9].rstrip('-')}-{digest}"


def header_keys(raw: RawExport, roles: Roles) -> list[str]:
    """Metric keys of the file's spec columns, before any clash is resolved."""
    skip = roles.positions()
    return [
        _short_key(split_header(h).key)
        for i, h in enumerate(raw.header)
        if i not in skip and split_header(h).key
    ]


def spec_columns(
    raw: RawExport, roles: Roles, known_units: Mapping[str, str]
) -> list[SpecColumn]:
    """Plan the spec columns, giving each a key unique within the file.

    Some files publish one quantity in two units under one name ("Water Use
    (gallons/rack)" and "Water Use (gallons/hr)"). The column whose unit is the one the
    category already knows for that key keeps the plain key; the others get their unit
    added to it ("water-use-gallons-hr").
    """
    skip = roles.positions()
    splits = [
        (i, h, split_header(h)) for i, h in enumerate(raw.header) if i not in skip
    ]
    splits = [(i, h, s) for i, h, s in splits if s.key]

    by_key: dict[str, list[int]] = {}
    for n, (_i, _h, split) in enumerate(splits):
        by_key.setdefault(_short_key(split.key), []).append(n)

    keys: dict[int, str] = {}
    for key, members in by_key.items():
        plain = members[0]
        known = known_units.get(key)
        for n in members:
            if known is not None and splits[n][2].unit == known:
                plain = n
                break
        for n in members:
            if n == plain:
                keys[n] = key
            else:
                keys[n] = _short_key(f"{key}-{slugify(splits[n][2].unit) or n}")

    taken: set[str] = set()
    columns: list[SpecColumn] = []
    for n, (position, header, split) in enumerate(splits):
        key = keys[n]
        suffix = 2
        while key in taken:
            key = _short_key(f"{keys[n]}-{suffix}")
            suffix += 1
        taken.add(key)
        columns.append(
            SpecColumn(
                position=position,
                header=" ".join(header.split()),
                key=key,
                name=split.name,
                unit=split.unit,
                as_text=bool(_TEXT_KEYS.search(key)),
            )
        )
    return columns
