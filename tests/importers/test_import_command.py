"""``enviro-buyer import energystar``: counts, re-imports, rejected rows, files that
fail as a whole, exit status and messages."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from energystar_fixtures import BAD, EXPORTS, FRIDGES, MORE, import_args
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from enviro_buyer.catalogue.models import Category, Certification, Metric, Product
from enviro_buyer.extensions import db


def counts(app) -> dict[str, int]:
    """Rows per catalogue table."""
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(
                select(func.count()).select_from(model)
            )
            for model in (Product, Certification, Category, Metric)
        }


def figure(output: str, label: str) -> int:
    """Read one figure of the summary ("Created: 7")."""
    match = re.search(rf"^{label}: ([\d,]+)", output, re.MULTILINE)
    assert match, output
    return int(match.group(1).replace(",", ""))


def test_folder_argument_imports_every_csv_with_a_summary(es_app, run_import):
    result = run_import(EXPORTS)

    assert result.exit_code == 0, result.output
    assert "Files: 4 (0 failed)" in result.output
    assert figure(result.output, "Rows read") == 12
    assert figure(result.output, "Created") == 7
    assert figure(result.output, "Updated") == 0
    assert figure(result.output, "Unchanged") == 0
    assert figure(result.output, "Rejected") == 5
    assert counts(es_app)["products"] == 7
    assert counts(es_app)["certifications"] == 7


def test_rejected_rows_name_file_line_and_reason(es_app, run_import):
    result = run_import(FRIDGES)

    assert result.exit_code == 0, result.output
    name = str(FRIDGES)
    expected = [
        f"{name}:6: no ENERGY STAR id",
        f"{name}:7: no model number",
        f"{name}:8: Date Available On Market is not a date: 13/45/2018",
        f"{name}:9: ENERGY STAR id 2001 is already on line 2",
        f"{name}:10: the row has 4 cells where the header has 14",
    ]
    for line in expected:
        assert line in result.output
    # The rows around them were imported: line 4 is a record spanning two lines.
    with es_app.app_context():
        ids = set(db.session.scalars(select(Certification.listing_id)))
    assert ids == {"2001", "2002", "2003"}


def test_stray_quote_rejects_the_joined_row_instead_of_importing_it(
    es_app, run_import, tmp_path
):
    # The quote opened on line 3 closes on line 4: csv reads one row of the right
    # width whose brand holds a line break and the whole next row.
    path = tmp_path / "certified-dehumidifiers-2019-04-04.csv"
    path.write_text(
        "ENERGY STAR Unique ID,Brand Name,Model Number,Capacity\n"
        "9001,Acme,AC-1,50\n"
        '9002,"Acme,AC-2,\n'
        '9003,Boreal",BO-3,70\n'
        "9004,Acme,AC-4,40\n",
        encoding="utf-8",
    )

    result = run_import(path)

    assert result.exit_code == 0, result.output
    assert f"{path}:3: the id, brand or model number runs over several" in (
        result.output
    )
    with es_app.app_context():
        brands = set(db.session.scalars(select(Product.brand)))
        ids = set(db.session.scalars(select(Certification.listing_id)))
    assert ids == {"9001", "9004"}
    assert brands == {"Acme"}


def test_reimport_updates_in_place_without_duplicates(es_app, run_import, tmp_path):
    first = run_import(EXPORTS)
    assert first.exit_code == 0, first.output
    before = counts(es_app)
    with es_app.app_context():
        old_id = db.session.scalar(
            select(Certification.product_id).filter_by(listing_id="2001")
        )

    same = run_import(EXPORTS)
    assert figure(same.output, "Created") == 0
    assert figure(same.output, "Updated") == 0
    assert figure(same.output, "Unchanged") == 7
    assert counts(es_app) == before

    # A newer export: one model uses less energy, one is new, the rest as before.
    newer = tmp_path / "certified-residential-refrigerators-2019-06-01.csv"
    text = FRIDGES.read_text(encoding="utf-8")
    text = text.replace("21.5,380,012345678905", "21.5,375,012345678905")
    text += (
        "2010,Acme,AR-1000,New model,,Top Freezer,20,22,399,,"
        "05/01/2019,05/02/2019,Canada,No\n"
    )
    newer.write_text(text, encoding="utf-8")
    result = run_import(newer)

    assert result.exit_code == 0, result.output
    assert figure(result.output, "Created") == 1
    assert figure(result.output, "Updated") == 1
    assert figure(result.output, "Unchanged") == 2
    assert counts(es_app)["products"] == before["products"] + 1
    with es_app.app_context():
        cert = db.session.scalar(select(Certification).filter_by(listing_id="2001"))
        assert cert.product_id == old_id
        assert cert.product.specs["annual-energy-use"] == 375
        assert cert.product.efficiency_value == 375.0
        assert cert.source == newer.name


def test_same_listing_in_two_files_keeps_the_first(es_app, run_import, tmp_path):
    copy = tmp_path / "certified-residential-refrigerators-copy.csv"
    copy.write_text(FRIDGES.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_import(FRIDGES, copy)

    assert result.exit_code == 0, result.output
    assert (
        f"{copy}:2: ENERGY STAR id 2001 was already imported from {FRIDGES}, line 2"
        in (result.output)
    )
    assert counts(es_app)["products"] == 3


def write_binary(folder: Path) -> Path:
    path = folder / "certified-photo-2019-04-04.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
    return path


def write_latin1(folder: Path) -> Path:
    path = folder / "certified-latin-2019-04-04.csv"
    text = "ENERGY STAR Unique ID,Brand Name,Model Number\n9001,Caf\xe9 Co,CC-1\n"
    path.write_bytes(text.encode("latin-1"))
    return path


def write_repeated_column(folder: Path) -> Path:
    # Spelt differently, but the same column once case and spaces are ignored.
    path = folder / "certified-dehumidifiers-2019-04-04.csv"
    path.write_text(
        "ENERGY STAR Unique ID,Brand Name,Model Number, model  NUMBER,Capacity\n"
        "9001,Acme,AC-1,AC-1-B,50\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda d: BAD / "prices.csv",
            'is not an ENERGY STAR export: it has no "ENERGY',
        ),
        (lambda d: BAD / "empty.csv", "is empty: no header row"),
        (
            lambda d: BAD / "certified-broken-quotes-2019-04-04.csv",
            "is not valid CSV at line 3",
        ),
        (write_binary, "is a binary file, not a CSV export"),
        (write_latin1, "is not UTF-8 text"),
        (lambda d: d / "missing.csv", "no such file or folder"),
        (lambda d: d, "the folder holds no .csv file"),
        (
            write_repeated_column,
            'has more than one "Model Number" column: it is unclear which one',
        ),
    ],
    ids=[
        "not-energystar",
        "empty",
        "broken-quotes",
        "binary",
        "latin1",
        "missing",
        "no-csv",
        "repeated-column",
    ],
)
def test_bad_file_fails_cleanly_and_writes_nothing(
    es_app, run_import, tmp_path, make, message
):
    folder = tmp_path / "input"
    folder.mkdir()
    path = make(folder)
    before = counts(es_app)

    result = run_import(path)

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"{path}: {message}" in result.stderr
    assert counts(es_app) == before


def test_good_files_go_on_when_another_fails(es_app, run_import):
    result = run_import(
        BAD / "prices.csv", EXPORTS / "ENERGY_STAR_Certified_Dehumidifiers.csv"
    )

    assert result.exit_code == 1
    assert "Files: 2 (1 failed)" in result.output
    assert figure(result.output, "Created") == 2
    assert counts(es_app)["products"] == 2


def test_database_failure_rolls_back_the_whole_file(
    es_app, run_import, monkeypatch, caplog
):
    from enviro_buyer.catalogue import services

    def refuse(records):
        raise OperationalError("INSERT INTO products", {}, Exception("disk I/O error"))

    monkeypatch.setattr(services, "upsert_products", refuse)
    before = counts(es_app)

    result = run_import(MORE / "certified-pool-pumps-2019-04-04.csv")

    assert result.exit_code == 1
    assert "the database refused it: disk I/O error" in result.stderr
    # A locked or broken database is not a bug: no traceback on the terminal.
    shown = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert not [r for r in shown if r.exc_info], [r.getMessage() for r in shown]
    # The category and metrics made for the file were rolled back with it.
    assert counts(es_app) == before
    with es_app.app_context():
        assert db.session.scalar(select(Category).filter_by(slug="pool-pumps")) is None


def test_products_stay_saved_when_the_index_cannot_follow(
    es_app, run_import, monkeypatch
):
    from enviro_buyer.errors import SearchUnavailableError
    from enviro_buyer.search import services as search_services

    def locked(*args, **kwargs):
        raise SearchUnavailableError("the index lock is taken")

    monkeypatch.setattr(search_services, "rebuild_index", locked)
    monkeypatch.setattr(search_services, "reindex_products", locked)

    result = run_import(EXPORTS)

    assert result.exit_code == 0, result.output
    assert "run `enviro-buyer index rebuild`" in result.stderr
    assert counts(es_app)["products"] == 7


def test_import_before_init_says_what_to_do(tmp_path):
    from flask_migrate import upgrade

    from enviro_buyer import create_app

    app = create_app({"TESTING": True, "INSTANCE_DIR": str(tmp_path)})
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=import_args(FRIDGES))

    assert result.exit_code == 1
    assert "run `enviro-buyer init` first" in result.stderr


def test_cli_language_follows_option_then_lang(monkeypatch):
    from enviro_buyer.catalogue.cli import cli_language

    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    assert cli_language(None) == "fr"
    assert cli_language("es") == "es"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert cli_language(None) == "en"
    monkeypatch.delenv("LANG")
    assert cli_language(None) == "en"


def test_unknown_language_is_refused(es_app, run_import):
    result = run_import(EXPORTS, lang="de")

    assert result.exit_code == 2
    assert "--lang" in result.output
    assert counts(es_app)["products"] == 0


def test_progress_bar_goes_to_stderr(es_app):
    runner = es_app.test_cli_runner()
    result = runner.invoke(args=["import", "energystar", "--lang", "en", str(FRIDGES)])

    assert result.exit_code == 0, result.output
    assert "Importing" in result.stderr
    assert "Importing" not in result.stdout
