"""Catalogue services: reference data, product upserts, and the products folder
(export, load, and their round trip)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from pathlib import Path

import pytest
from apps import close_app
from energystar_fixtures import (
    EXPORTS,
    MORE,
    REFERENCE,
    import_args,
    make_fixture_app,
)
from sqlalchemy import func, select

from enviro_buyer.catalogue import services
from enviro_buyer.catalogue.datafiles import (
    iter_records,
    read_manifest,
)
from enviro_buyer.catalogue.models import (
    Category,
    Certification,
    Department,
    Ecolabel,
    Metric,
    Product,
)
from enviro_buyer.errors import ConfigError
from enviro_buyer.extensions import db
from enviro_buyer.paths import CATALOGUE_DATA_DIR

SHIPPED_PRODUCTS = CATALOGUE_DATA_DIR / "products"


@pytest.fixture
def fixture_app(tmp_path):
    app = make_fixture_app(tmp_path / "instance")
    yield app
    close_app(app)


def table_counts(app) -> dict[str, int]:
    with app.app_context():
        models = (Department, Category, Metric, Ecolabel, Product, Certification)
        return {
            m.__tablename__: db.session.scalar(select(func.count()).select_from(m))
            for m in models
        }


def catalogue_facts(app) -> dict[str, tuple]:
    """Everything a product record carries, by listing id, from the database."""
    with app.app_context():
        facts = {}
        for cert in db.session.scalars(select(Certification)):
            p = cert.product
            facts[cert.listing_id] = (
                p.category.slug,
                p.category.department.slug,
                p.brand,
                p.model_number,
                p.model_name,
                p.additional_info,
                p.markets,
                p.date_available,
                p.specs,
                p.efficiency_value,
                cert.ecolabel.slug,
                cert.tier,
                cert.certified_on,
                cert.source,
            )
        return facts


# Reference data


def test_reference_data_loads_once_and_again_changes_nothing(fixture_app):
    before = table_counts(fixture_app)
    assert before["departments"] == 3
    assert before["categories"] == 4
    assert before["ecolabels"] == 1

    with fixture_app.app_context():
        counts = services.load_reference_data(REFERENCE)
        fridges = db.session.scalar(select(Category).filter_by(slug="fridges"))
        assert fridges.department.slug == "appliances"
        assert fridges.name_fr == "Réfrigérateurs"
        assert [m.key for m in fridges.metrics if m.is_key] == [
            "annual-energy-use",
            "adjusted-volume",
            "capacity-total-volume",
        ]
    assert counts.created == 0
    assert table_counts(fixture_app) == before


def test_reloading_reference_data_reindexes_nothing(fixture_app, monkeypatch):
    from enviro_buyer.search import services as search_services

    result = fixture_app.test_cli_runner().invoke(args=import_args(EXPORTS))
    assert result.exit_code == 0, result.output
    reindexed = []
    monkeypatch.setattr(search_services, "reindex_products", reindexed.append)

    with fixture_app.app_context():
        services.load_reference_data(REFERENCE)

    # Rows set to the values they had are not dirty: the index has nothing to redo.
    assert reindexed == []


def test_edited_reference_data_updates_in_place(fixture_app, tmp_path):
    result = fixture_app.test_cli_runner().invoke(args=import_args(EXPORTS))
    assert result.exit_code == 0, result.output
    edited = tmp_path / "edited"
    shutil.copytree(REFERENCE, edited)
    categories = json.loads((edited / "categories.json").read_text(encoding="utf-8"))
    categories[0]["name"]["fr"] = "Frigos"
    categories[0]["metrics"] = categories[0]["metrics"][:1]  # drop two key metrics
    (edited / "categories.json").write_text(json.dumps(categories), encoding="utf-8")

    with fixture_app.app_context():
        services.load_reference_data(edited)
        fridges = db.session.scalar(select(Category).filter_by(slug="fridges"))
        metrics = {m.key: m for m in fridges.metrics}
        assert fridges.name_fr == "Frigos"
        assert metrics["annual-energy-use"].is_key
        # Dropped from the key list, still a column of the category's files.
        assert metrics["adjusted-volume"].is_key is False
        assert metrics["type"].is_key is False  # imported, untouched
        assert db.session.scalar(select(func.count(Product.id))) == 7


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: (d / "ecolabels.json").unlink(), "ecolabels.json is missing"),
        (
            lambda d: (d / "departments.json").write_text("[{", encoding="utf-8"),
            "departments.json cannot be read",
        ),
        (
            lambda d: _edit_categories(
                d, lambda c: c[1]["source_names"].append("residential-refrigerators")
            ),
            "residential-refrigerators is listed by both fridges and dehumidifiers",
        ),
        (
            lambda d: _edit_categories(d, lambda c: c[0].update(efficiency_metric="x")),
            "efficiency_metric",
        ),
        (
            lambda d: _edit_categories(d, lambda c: c[0].update(department="garden")),
            "unknown department garden",
        ),
        (
            lambda d: _edit_categories(d, lambda c: c[0]["name"].pop("es")),
            "categories.json has errors",
        ),
    ],
    ids=["missing", "bad-json", "stem-twice", "efficiency", "department", "no-spanish"],
)
def test_bad_reference_data_stops_with_the_file_named(
    fixture_app, tmp_path, edit, message
):
    broken = tmp_path / "broken"
    shutil.copytree(REFERENCE, broken)
    edit(broken)
    before = table_counts(fixture_app)

    with fixture_app.app_context(), pytest.raises(ConfigError) as caught:
        services.load_reference_data(broken)

    assert message in str(caught.value)
    assert table_counts(fixture_app) == before


def _edit_categories(folder: Path, change) -> None:
    path = folder / "categories.json"
    categories = json.loads(path.read_text(encoding="utf-8"))
    change(categories)
    path.write_text(json.dumps(categories), encoding="utf-8")


def test_shipped_reference_data_loads(app):
    # The ``app`` fixture loads catalogue_data/ itself; check what the importer needs.
    with app.app_context():
        assert db.session.scalar(select(Ecolabel).filter_by(slug="energy-star"))
        assert db.session.scalar(select(Department).filter_by(slug="other"))
        for category in db.session.scalars(select(Category)):
            if category.efficiency_metric:
                metric = category.metric(category.efficiency_metric)
                assert metric is not None and metric.better in {"lower", "higher"}


def test_today_follows_the_configuration(fixture_app):
    with fixture_app.app_context():
        assert services.today() == dt.date(2019, 6, 1)
        fixture_app.config["TODAY"] = ""
        assert services.today() == dt.date.today()


# Products


def record(listing_id: str, **changes) -> dict:
    base = {
        "category": "fridges",
        "brand": "Acme",
        "model_number": f"M-{listing_id}",
        "model_name": "",
        "additional_info": "",
        "markets": ["CA"],
        "date_available": dt.date(2019, 1, 1),
        "specs": {"annual-energy-use": 300, "type": "Compact"},
        "certifications": [
            {
                "ecolabel": "energy-star",
                "listing_id": listing_id,
                "tier": None,
                "certified_on": dt.date(2019, 1, 2),
                "expires_on": None,
                "withdrawn_on": None,
                "source": "test.csv",
            }
        ],
    }
    base.update(changes)
    return base


def test_upsert_creates_updates_and_counts_unchanged(fixture_app):
    with fixture_app.app_context():
        first = services.upsert_products([record("1"), record("2")])
        db.session.commit()
        assert len(first.created) == 2 and first.updated == [] and first.unchanged == 0

        changed = record("2", markets=["CA", "US"])
        changed["certifications"][0]["source"] = "newer.csv"
        second = services.upsert_products([record("1"), changed, record("3")])
        db.session.commit()

        assert second.unchanged == 1
        assert second.updated == [first.created[1]]
        assert len(second.created) == 1
        product = db.session.get(Product, first.created[1])
        assert product.markets == ["CA", "US"]
        assert product.efficiency_value == 300.0
        assert db.session.scalar(select(func.count(Product.id))) == 3

        # Only the source differs: the same facts from a newer file are no change.
        moved = record("1")
        moved["certifications"][0]["source"] = "newer.csv"
        third = services.upsert_products([moved])
        assert third.unchanged == 1


def test_upsert_refuses_unknown_slugs(fixture_app):
    with fixture_app.app_context():
        with pytest.raises(LookupError, match="unknown category"):
            services.upsert_products([record("1", category="garden")])
        bad = record("1")
        bad["certifications"][0]["ecolabel"] = "nope"
        with pytest.raises(LookupError, match="unknown ecolabel"):
            services.upsert_products([bad])


# The products folder


@pytest.fixture
def exported(fixture_app, tmp_path) -> Path:
    """The fixture exports imported, then exported to a products folder."""
    runner = fixture_app.test_cli_runner()
    result = runner.invoke(args=import_args(EXPORTS, MORE))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "products"
    result = runner.invoke(args=["catalogue", "export", "--to", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Exported 10 products in 5 categories" in result.output
    return folder


def test_export_writes_a_manifest_and_one_file_per_category(exported):
    manifest = read_manifest(exported)
    files = sorted(p.name for p in exported.glob("*.jsonl.gz"))
    assert files == sorted(entry["file"] for entry in manifest["categories"])
    pumps = next(e for e in manifest["categories"] if e["slug"] == "pool-pumps")
    assert pumps["department"] == "other"
    assert pumps["count"] == 2
    assert {m["key"] for m in pumps["metrics"]} >= {"energy-factor", "motor-horsepower"}
    lines = gzip.decompress((exported / "fridges.jsonl.gz").read_bytes()).splitlines()
    first = json.loads(lines[0])
    assert first["certifications"][0]["listing_id"] == "2001"
    assert first["date_available"] == "2018-01-15"
    assert first["specs"]["annual-energy-use"] == 380


def test_export_then_load_gives_the_same_catalogue(fixture_app, exported, tmp_path):
    fresh = make_fixture_app(tmp_path / "fresh")
    try:
        runner = fresh.test_cli_runner()
        result = runner.invoke(args=["catalogue", "load", "--from", str(exported)])
        assert result.exit_code == 0, result.output
        assert "created 10" in result.output

        assert catalogue_facts(fresh) == catalogue_facts(fixture_app)
        with fresh.app_context():
            pumps = db.session.scalar(select(Category).filter_by(slug="pool-pumps"))
            assert pumps.department.slug == "other"

        again = tmp_path / "again"
        result = runner.invoke(args=["catalogue", "export", "--to", str(again)])
        assert result.exit_code == 0, result.output
        for path in sorted(exported.iterdir()):
            assert (again / path.name).read_bytes() == path.read_bytes(), path.name

        # Loading into a database that has them is an upsert: nothing changes.
        before = table_counts(fresh)
        result = runner.invoke(args=["catalogue", "load", "--from", str(exported)])
        assert "unchanged 10" in result.output
        assert table_counts(fresh) == before
    finally:
        close_app(fresh)


def test_a_bad_line_loads_nothing(exported, tmp_path):
    path = exported / "fridges.jsonl.gz"
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    broken = json.loads(lines[1])
    broken["markets"] = ["FR"]
    lines[1] = json.dumps(broken)
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))

    fresh = make_fixture_app(tmp_path / "fresh")
    try:
        before = table_counts(fresh)
        result = fresh.test_cli_runner().invoke(
            args=["catalogue", "load", "--from", str(exported)]
        )
        assert result.exit_code == 1
        assert "fridges.jsonl.gz:2" in result.stderr
        assert "markets" in result.stderr
        assert table_counts(fresh) == before
    finally:
        close_app(fresh)


def test_shipped_products_are_valid_records():
    if not (SHIPPED_PRODUCTS / "manifest.json").is_file():
        pytest.skip("catalogue_data/products has not been generated")
    manifest = read_manifest(SHIPPED_PRODUCTS)
    total = 0
    listings: set[str] = set()
    for entry in manifest["categories"]:
        for product in iter_records(SHIPPED_PRODUCTS, entry):
            total += 1
            listings.add(product["certifications"][0]["listing_id"])
    assert total == sum(e["count"] for e in manifest["categories"])
    assert total == len(listings) > 35_000
