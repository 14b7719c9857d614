"""Fixtures of the importer tests: an app on the tiny reference data and a helper
that runs ``enviro-buyer import energystar`` on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from apps import close_app
from click.testing import Result
from energystar_fixtures import import_args, make_fixture_app
from flask import Flask


@pytest.fixture
def es_app(tmp_path: Path) -> Iterator[Flask]:
    """An app with the tiny reference data and no products."""
    app = make_fixture_app(tmp_path / "instance")
    yield app
    close_app(app)


@pytest.fixture
def run_import(es_app: Flask) -> Callable[..., Result]:
    """Run ``enviro-buyer import energystar`` on the given paths (no progress bar)."""
    runner = es_app.test_cli_runner()

    def run(*paths: Path | str, lang: str = "en") -> Result:
        return runner.invoke(args=import_args(*paths, lang=lang))

    return run
