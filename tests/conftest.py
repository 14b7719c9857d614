"""Fixtures shared by every test: an app on a fresh instance folder, its client, its CLI
runner, and factories for catalogue rows.

Each test gets its own SQLite database and search index under a temporary folder; the
schema comes from the Alembic migrations, exactly as on a real first start.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apps import close_app, make_test_app
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from enviro_buyer.paths import SHARED_DATA_DIR

ENERGYSTAR_DIR = SHARED_DATA_DIR / "energystar_us_2019-04"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """An app with an empty catalogue (reference data only) on a temporary folder."""
    app = make_test_app(tmp_path / "instance")
    yield app
    close_app(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner bound to ``app``."""
    return app.test_cli_runner()


@pytest.fixture
def energystar_dir() -> Path:
    """The real ENERGY STAR exports in ../shared/data; skips when they are absent."""
    if not ENERGYSTAR_DIR.is_dir():
        pytest.skip(f"real data not found at {ENERGYSTAR_DIR}")
    return ENERGYSTAR_DIR
