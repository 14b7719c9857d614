"""Cell-level normalisation of certifier exports: text, numbers, dates and markets.

Every function here is pure and raises ``ValueError`` on a value it cannot read, so
that the row parser can reject that one row with a reason and carry on.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re

from enviro_buyer.text import fold_accents, nfc

# Values that mean "nothing was given". Certifiers write "N/A" (sometimes "NA") where
# a column does not apply to a model; keeping them would make every such spec look set.
_MISSING = {"", "n/a", "na"}

# Plain decimal numbers only: "nan", "inf", "1e400" and "1,234" stay text, and so do
# codes with a leading zero ("007") whose zeros would be lost.
_NUMBER = re.compile(r"^[+-]?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d{1,3})?$")
_SHORT_DECIMAL = re.compile(r"^[+-]?\.\d+$")

_DATE_FORMATS = (
    "%m/%d/%Y",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
)

# Country names as certifiers spell them (accents folded, lower case) -> our codes.
# Other countries in the list (Switzerland, Taiwan, Japan …) are outside our markets.
_COUNTRIES = {
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "us": "US",
    "canada": "CA",
    "mexico": "MX",
}


def clean_text(raw: str | None) -> str | None:
    """Return the cell as tidy text, or None when it is empty or "N/A"."""
    if raw is None:
        return None
    text = nfc(html.unescape(raw)).strip()
    if text.lower() in _MISSING:
        return None
    return text


def parse_number(text: str) -> int | float | None:
    """Return ``text`` as an int or float when it is a plain decimal, else None."""
    if _SHORT_DECIMAL.match(text):
        return float(text)
    if not _NUMBER.match(text):
        return None
    if "." in text or "e" in text.lower():
        number = float(text)
        return number if math.isfinite(number) else None
    return int(text)


def spec_value(text: str, *, as_text: bool = False) -> str | int | float:
    """Return a spec cell as a number where it reads as one, else as the text."""
    if as_text:
        return text
    number = parse_number(text)
    return text if number is None else number


def parse_date(text: str | None) -> dt.date | None:
    """Read "MM/DD/YYYY", "MM/DD/YYYY 12:00:00 AM" or an ISO date; raise ValueError."""
    if text is None:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_markets(text: str | None) -> list[str]:
    """Turn "United States, Canada" into ["US", "CA"]; other countries are left out."""
    if text is None:
        return []
    codes: list[str] = []
    for part in text.split(","):
        name = " ".join(fold_accents(part).lower().replace(".", "").split())
        code = _COUNTRIES.get(name)
        if code and code not in codes:
            codes.append(code)
    return codes
