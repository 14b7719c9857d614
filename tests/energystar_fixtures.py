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

from flask import Flask

from enviro_buyer import create_app

FIXTURES = Path(__file__).parent / "importers" / "fixtures"
REFERENCE = FIXTURES / "catalogue_data"
EXPORTS = FIXTURES / "exports"
MORE = FIXTURES / "more"
BAD = FIXTURES / "bad"
FRIDGES = EXPORTS / "certified-residential-refrigerators-2019-03-28.csv"


def make_fixture_app(instance: Path, **overrides) -> Flask:
    """An app on ``instance`` with the schema migrated and the tiny reference data."""
    from flask_migrate import upgrade

    from enviro_buyer.catalogue.services import load_reference_data

    config = {
        "TESTING": True,
        "INSTANCE_DIR": str(instance),
        "WTF_CSRF_ENABLED": False,
        "LOAD_CATALOGUE_ON_START": False,
        "TODAY": "2019-06-01",
    }
    config.update(overrides)
    instance.mkdir(parents=True, exist_ok=True)
    app = create_app(config)
    with app.app_context():
        upgrade()
        load_reference_data(REFERENCE)
    return app


def close_app(app: Flask) -> None:
    """Release the app's database connections."""
    from enviro_buyer.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def import_args(*paths: Path | str, lang: str = "en") -> list[str]:
    """Arguments of ``enviro-buyer import energystar`` without a progress bar."""
    return ["import", "energystar", "--quiet", "--lang", lang, *map(str, paths)]
