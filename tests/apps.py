"""Build and close test apps: one recipe shared by every test folder.

Each app gets its own instance folder, its schema from the Alembic migrations (as on a
real first start) and the reference data (departments, categories, labels).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from enviro_buyer import create_app

TEST_CONFIG = {
    "TESTING": True,
    "WTF_CSRF_ENABLED": False,
    "LOAD_CATALOGUE_ON_START": False,
    "TODAY": "2019-06-01",
}


def make_test_app(instance: Path, reference: Path | None = None, **overrides) -> Flask:
    """Build an app on ``instance``, schema migrated and reference data loaded.

    ``reference`` names another folder of reference data than catalogue_data/.
    """
    from flask_migrate import upgrade

    from enviro_buyer.catalogue.services import load_reference_data

    instance.mkdir(parents=True, exist_ok=True)
    app = create_app({**TEST_CONFIG, "INSTANCE_DIR": str(instance), **overrides})
    with app.app_context():
        upgrade()
        if reference is None:
            load_reference_data()
        else:
            load_reference_data(reference)
    return app


def close_app(app: Flask) -> None:
    """Release the app's searchers and database connections."""
    from enviro_buyer.extensions import db

    with app.app_context():
        search = app.extensions.get("enviro_buyer_search")
        if search is not None:
            search.close()
        db.session.remove()
        db.engine.dispose()
