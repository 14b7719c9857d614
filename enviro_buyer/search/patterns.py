"""Certified model-number patterns and the concrete model numbers they cover.

Certifiers list one model for a family of variants: ``DUT36420***`` stands for
``DUT36420W``, ``DUT36420WA``… A buyer holds a concrete number, so the index must find
the pattern from it. The rules, read from the ENERGY STAR exports:

- ``*``, ``#`` and ``?`` stand for one variant character *or none* (a pattern often
  says "``* = A ~ Z, 0 ~ 9 or blank``"), so ``DUT36420W`` matches ``DUT36420***``;
- a short group in brackets or parentheses is optional: ``(X)`` and ``[#]`` are one
  variant character, ``(N,L)`` is N or L, ``(-CAN)`` is the suffix CAN or nothing;
- a long group, or one with ``=`` in it, is a comment and ignored;
- separators (``-``, ``.``, ``/``, spaces…) are ignored on both sides, and letters are
  compared folded, so ``a1-3.1cfddblk`` is ``A1-3.1CFDDBLK``;
- a list ``A, B or C`` holds several numbers; each is parsed on its own.

Each number gives a *key* (its letters and digits without wildcards and groups), a
*prefix* (the fixed letters and digits before the first wildcard or group) and, for a
pattern, a regular expression over keys. The index holds the keys and prefixes as
terms; the query side looks up every prefix of the number it was given and confirms
each candidate with the regular expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from enviro_buyer.search.analysis import fold, model_key

WILDCARDS = "*#?"
# Letters inside brackets that stand for "any variant character".
_ANY_MARKS = {"x", "*", "#", "?", ""}
# A bracket group longer than this is a remark, not part of the number.
MAX_GROUP = 12
MAX_ALTERNATIVES = 20
# A pattern is found from its prefix, so a prefix shorter than this is not indexed.
MIN_PATTERN_PREFIX = 2
_SEPARATOR = re.compile(r"\s*(?:[,;&]|\bor\b|\s\+\s)\s*", re.IGNORECASE)
_CLOSING = {"(": ")", "[": "]"}
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@dataclass(frozen=True)
class ModelNumber:
    """One model number as the index sees it."""

    key: str
    prefix: str
    # Full-match regular expression over keys; None when the number has no wildcard.
    regex: str | None = None

    @property
    def is_pattern(self) -> bool:
        """Tell whether this number stands for several concrete numbers."""
        return self.regex is not None


def _split_top_level(text: str) -> list[str]:
    """Split a list of numbers at , ; "or" "+" "&" outside brackets."""
    depth_at = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        depth_at.append(depth)
    parts: list[str] = []
    start = 0
    for match in _SEPARATOR.finditer(text):
        if match.end() > match.start() and depth_at[match.start()] == 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return [part for part in parts if part.strip()][:MAX_ALTERNATIVES]


def _group_element(content: str) -> tuple[str, tuple[str, ...]] | None:
    """Turn the inside of a bracket group into an optional element, or None (remark)."""
    if "=" in content or len(content) > MAX_GROUP:
        return None
    items = [model_key(item) for item in re.split(r"[,/|]", content)]
    if all(item in _ANY_MARKS for item in items) and any(
        mark in content.lower() for mark in "x*#?"
    ):
        return ("any", ())
    choices = tuple(item for item in items if item)
    return ("opt", choices) if choices else None


def _elements(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Read one folded number into literal, wildcard and optional-group elements."""
    elements: list[tuple[str, tuple[str, ...]]] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char in _CLOSING:
            end = text.find(_CLOSING[char], index + 1)
            if end == -1:
                index += 1
                continue
            element = _group_element(text[index + 1 : end])
            if element is not None:
                elements.append(element)
            index = end + 1
            continue
        if char in WILDCARDS:
            elements.append(("any", ()))
        elif char in _KEY_CHARS:
            elements.append(("lit", (char,)))
        index += 1
    return elements


def _from_elements(elements: list[tuple[str, tuple[str, ...]]]) -> ModelNumber:
    """Build the key, prefix and regular expression of one parsed number."""
    key = "".join(value[0] for kind, value in elements if kind == "lit")
    prefix_parts: list[str] = []
    for kind, value in elements:
        if kind != "lit":
            break
        prefix_parts.append(value[0])
    prefix = "".join(prefix_parts)
    if all(kind == "lit" for kind, _ in elements):
        return ModelNumber(key=key, prefix=key)
    pieces = []
    for kind, value in elements:
        if kind == "lit":
            pieces.append(re.escape(value[0]))
        elif kind == "any":
            pieces.append("[a-z0-9]?")
        else:
            pieces.append("(?:" + "|".join(re.escape(v) for v in value) + ")?")
    return ModelNumber(key=key, prefix=prefix, regex="".join(pieces))


@lru_cache(maxsize=65536)
def parse_model_numbers(text: str) -> tuple[ModelNumber, ...]:
    """Return the model numbers (plain or patterns) listed in ``text``."""
    numbers: list[ModelNumber] = []
    for part in _split_top_level(fold(text or "")):
        number = _from_elements(_elements(part.strip()))
        if number.key and number not in numbers:
            numbers.append(number)
    return tuple(numbers)


@lru_cache(maxsize=65536)
def _compiled(regex: str) -> re.Pattern[str]:
    """Compile a pattern's regular expression once."""
    return re.compile(regex)


def covers(model_number: str, key: str) -> bool:
    """Tell whether the listed ``model_number`` covers the concrete number ``key``."""
    for number in parse_model_numbers(model_number):
        if number.key == key:
            return True
        if number.regex is not None and _compiled(number.regex).fullmatch(key):
            return True
    return False
