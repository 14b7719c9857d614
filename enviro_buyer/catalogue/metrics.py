"""How a certifier's column header becomes a metric key, a name and a unit.

ENERGY STAR headers carry the unit in a last pair of brackets: "Annual Energy Use
(kWh/yr)". A last bracket that names the quantity instead ("Efficiency (AFUE)") stays in
the name. The key is the slug of the name without its unit, so the same metric keeps its
key across files that spell its unit or capitals differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from enviro_buyer.text import slugify

_LAST_BRACKET = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]*)\)\s*$")
_SPACES = re.compile(r"\s+")

# Words that mark a bracket as a unit rather than part of a metric's name.
_UNIT_WORDS = {
    "kwh",
    "kwh/yr",
    "kwh/day",
    "w",
    "watts",
    "watt",
    "kw",
    "lumens",
    "lm/w",
    "in",
    "in.",
    "inches",
    "ft3",
    "cu. ft.",
    "cu-ft",
    "gallons",
    "gal",
    "hrs",
    "hours",
    "min",
    "min.",
    "mm",
    "years",
    "yrs",
    "yrs.",
    "%",
    "kelvin",
    "cfm",
    "sones",
    "btu/hr",
    "kbtu/hr",
    "pints/day",
    "l/kwh",
    "lbs",
    "mb/s",
    "gb",
    "ghz",
    "count",
    "f",
    "°f",
}
_UNIT_MARKERS = ("/", "%", "°")


@dataclass(frozen=True)
class MetricHeader:
    """A column header split into its stable key, display name and unit."""

    key: str
    name: str
    unit: str


def looks_like_unit(text: str) -> bool:
    """Tell whether a bracketed piece of a header is a unit of measure."""
    lowered = text.strip().lower()
    if lowered in _UNIT_WORDS:
        return True
    return any(marker in lowered for marker in _UNIT_MARKERS) and len(lowered) <= 40


def split_header(header: str) -> MetricHeader:
    """Split a header into key, name and unit: "Volume (cu. ft.)" -> volume, cu. ft."""
    cleaned = _SPACES.sub(" ", header).strip()
    name, unit = cleaned, ""
    match = _LAST_BRACKET.match(cleaned)
    if match and match.group("name") and looks_like_unit(match.group("unit")):
        name, unit = match.group("name").strip(), match.group("unit").strip()
    return MetricHeader(key=slugify(name), name=name, unit=unit)
