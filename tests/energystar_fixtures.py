"""Tiny ENERGY STAR exports and reference data for the importer, catalogue and
first-start tests, and an app builder that uses them.

The hand-written reference data (tests/importers/fixtures/catalogue_data) keeps those
tests independent of the project's real categories: four categories (fridges,
dehumidifiers, vending machines, commercial dishwashers), the department "other" and
the ENERGY STAR label. The exports under fixtures/exports, fixtures/more and
fixtures/bad each carry the quirks their tests name.
"""

from __future__ import annotations

from pathlib import Path

from apps import make_test_app
from flask import Flask

FIXTURES = Path(__file__).parent / "importers" / "fixtures"
REFERENCE = FIXTURES / "catalogue_data"
EXPORTS = FIXTURES / "exports"
MORE = FIXTURES / "more"
BAD = FIXTURES / "bad"
FRIDGES = EXPORTS / "certified-residential-refrigerators-2019-03-28.csv"


def make_fixture_app(instance: Path, **overrides) -> Flask:
    """An app on ``instance`` with the schema migrated and the tiny reference data."""
    return make_test_app(instance, reference=REFERENCE, **overrides)


def import_args(*paths: Path | str, lang: str = "en") -> list[str]:
    """Arguments of ``enviro-buyer import energystar`` without a progress bar."""
    return ["import", "energystar", "--quiet", "--lang", lang, *map(str, paths)]
