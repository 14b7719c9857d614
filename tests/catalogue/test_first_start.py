"""The first start: ``enviro-buyer init`` on an empty instance folder, again on a
ready one, and ``enviro-buyer serve`` handing over to gunicorn.

The shipped catalogue is replaced by a tiny products folder (PRODUCTS_DATA_DIR),
made by importing the fixture exports and exporting them; the reference data is the
project's real catalogue_data/, as on a fresh clone.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest
from apps import close_app
from energystar_fixtures import EXPORTS, MORE, import_args, make_fixture_app
from sqlalchemy import func, select

from enviro_buyer import create_app
from enviro_buyer.catalogue.models import Category, Ecolabel, Product
from enviro_buyer.extensions import db
from enviro_buyer.paths import ROOT_DIR


@pytest.fixture
def products_folder(tmp_path) -> Path:
    """A products folder of 10 products in 5 categories."""
    source = make_fixture_app(tmp_path / "source")
    try:
        runner = source.test_cli_runner()
        assert runner.invoke(args=import_args(EXPORTS, MORE)).exit_code == 0
        folder = tmp_path / "products"
        result = runner.invoke(args=["catalogue", "export", "--to", str(folder)])
        assert result.exit_code == 0, result.output
    finally:
        close_app(source)
    return folder


def fresh_app(instance: Path, products: Path, load: bool = True):
    return create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": str(instance),
            "PRODUCTS_DATA_DIR": str(products),
            "LOAD_CATALOGUE_ON_START": load,
            "TODAY": "2019-06-01",
        }
    )


def test_first_start_on_an_empty_instance(tmp_path, products_folder, monkeypatch):
    monkeypatch.delenv("ENVIROBUYER_SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    assert not instance.exists()
    app = fresh_app(instance, products_folder)
    try:
        result = app.test_cli_runner().invoke(args=["init", "--lang", "en"])

        assert result.exit_code == 0, result.output
        for step in ("[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]"):
            assert step in result.output
        assert "10 products loaded" in result.output
        assert "built with 10 products" in result.output
        assert (instance / "secret_key").is_file()
        assert (instance / "enviro_buyer.sqlite3").is_file()

        with app.test_request_context("/en/"):
            from enviro_buyer.search.backend import SearchRequest
            from enviro_buyer.search.services import index_health, search

            assert db.session.scalar(select(func.count(Product.id))) == 10
            # Reference data from catalogue_data/, categories the folder brought.
            assert db.session.scalar(select(Ecolabel).filter_by(slug="energy-star"))
            assert db.session.scalar(select(Category).filter_by(slug="pool-pumps"))
            health = index_health()
            assert health.ok and health.documents == 10
            found = search(SearchRequest(text="AquaPro", with_highlights=False))
            assert found.total == 2

        # A second start finds everything in place and changes nothing.
        again = app.test_cli_runner().invoke(args=["init", "--lang", "en"])
        assert again.exit_code == 0, again.output
        assert "10 products already loaded" in again.output
        assert "10 products indexed" in again.output
        with app.app_context():
            assert db.session.scalar(select(func.count(Product.id))) == 10
    finally:
        close_app(app)


def test_first_start_without_loading_the_catalogue(tmp_path, products_folder):
    app = fresh_app(tmp_path / "instance", products_folder, load=False)
    try:
        result = app.test_cli_runner().invoke(args=["init", "--lang", "en"])

        assert result.exit_code == 0, result.output
        assert "LOAD_CATALOGUE_ON_START is off" in result.output
        with app.test_request_context("/en/"):
            from enviro_buyer.search.services import index_health

            assert db.session.scalar(select(func.count(Product.id))) == 0
            assert index_health().ok  # an empty index, so search pages work
    finally:
        close_app(app)


def test_first_start_with_a_broken_products_folder_says_so(tmp_path, products_folder):
    (products_folder / "manifest.json").write_text("{}", encoding="utf-8")
    app = fresh_app(tmp_path / "instance", products_folder)
    try:
        result = app.test_cli_runner().invoke(args=["init", "--lang", "en"])

        assert result.exit_code == 1
        assert "Set-up stopped" in result.stderr
        assert "manifest.json" in result.stderr
        assert "Traceback" not in result.output
    finally:
        close_app(app)


def test_serve_runs_init_then_execs_gunicorn(tmp_path, products_folder, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "execv", lambda path, args: calls.append((path, args)))
    monkeypatch.setenv("PORT", "5077")
    app = fresh_app(tmp_path / "instance", products_folder)
    try:
        runner = app.test_cli_runner()
        result = runner.invoke(args=["serve", "--workers", "3", "--lang", "en"])

        assert result.exit_code == 0, result.output
        assert "[5/5]" in result.output
        assert "http://127.0.0.1:5077" in result.output
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        path, args = calls[0]
        assert path == gunicorn
        assert args[0] == gunicorn
        assert args[args.index("--bind") + 1] == "127.0.0.1:5077"
        assert args[args.index("--workers") + 1] == "3"
        assert args[args.index("--chdir") + 1] == str(ROOT_DIR)
        assert args[-1] == "wsgi:app"

        result = runner.invoke(args=["serve", "--port", "5055", "--host", "0.0.0.0"])
        assert calls[1][1][calls[1][1].index("--bind") + 1] == "0.0.0.0:5055"

        result = runner.invoke(args=["serve", "--port", "0"])
        assert result.exit_code == 2
        assert len(calls) == 2
    finally:
        close_app(app)


def test_wsgi_module_builds_the_app_with_an_instance_secret(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("ENVIROBUYER_INSTANCE_DIR", str(instance))
    monkeypatch.delenv("ENVIROBUYER_SECRET_KEY", raising=False)
    spec = importlib.util.spec_from_file_location(
        "wsgi_under_test", ROOT_DIR / "wsgi.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    key = (instance / "secret_key").read_text(encoding="utf-8").strip()
    assert len(key) >= 32
    assert module.app.config["SECRET_KEY"] == key
    assert module.app.config["INSTANCE_DIR"] == str(instance.resolve())
    close_app(module.app)
