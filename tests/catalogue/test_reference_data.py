"""The reference data shipped in catalogue_data/: departments, categories, ecolabels.

These files are written by hand in three languages and read by the loader and the
importer, so the checks here guard both their shape (the agreed format) and their
content (every text translated, every metric a real column of the certifier's files).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from enviro_buyer.catalogue.metrics import split_header
from enviro_buyer.catalogue.models import Category
from enviro_buyer.catalogue.services import create_category
from enviro_buyer.extensions import db
from enviro_buyer.paths import CATALOGUE_DATA_DIR
from enviro_buyer.text import slugify

LANGUAGES = ("en", "fr", "es")
COUNTRIES = {"CA", "US", "MX"}
KINDS = {"energy", "water", "chemicals", "forests", "electronics", "multi-attribute"}
REQUIRED_LABELS = {
    "energy-star",
    "epeat",
    "watersense",
    "safer-choice",
    "ul-ecologo",
    "green-seal",
    "fsc",
    "tco-certified",
    "sello-fide",
    "nom-ener",
}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TRAILING_DATE = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def load(name: str) -> Any:
    """Return the parsed content of ``catalogue_data/<name>.json``."""
    return json.loads((CATALOGUE_DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


DEPARTMENTS = load("departments")
CATEGORIES = load("categories")
ECOLABELS = load("ecolabels")
CATEGORY_IDS = [c["slug"] for c in CATEGORIES]
LABEL_IDS = [label["slug"] for label in ECOLABELS]


def file_stem(name: str) -> str:
    """Turn an export's file name into the stem that source_names lists."""
    stem = slugify(Path(name).stem)
    stem = stem.removeprefix("energy-star-").removeprefix("certified-")
    return TRAILING_DATE.sub("", stem)


def texts_of(entry: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Return every translated text of an entry (and of its metrics) by field path."""
    found = {
        field: value
        for field, value in entry.items()
        if isinstance(value, dict)
        and set(value) & set(LANGUAGES)
        and field != "keywords"
    }
    for metric in entry.get("metrics", []):
        found[f"metric {metric['key']}"] = metric["name"]
    return found


def assert_translated(entry: dict[str, Any]) -> None:
    """Check every text of ``entry`` has a clean, non-empty value per language."""
    for field, text in texts_of(entry).items():
        assert set(text) == set(LANGUAGES), (entry["slug"], field)
        for lang, value in text.items():
            where = (entry["slug"], field, lang)
            assert isinstance(value, str) and value.strip(), where
            assert value == value.strip(), where
            assert "  " not in value, where
            assert unicodedata.is_normalized("NFC", value), where


@pytest.mark.parametrize("name", ["departments", "categories", "ecolabels"])
def test_files_are_pretty_printed_utf8(name: str) -> None:
    path = CATALOGUE_DATA_DIR / f"{name}.json"
    text = path.read_text(encoding="utf-8")

    assert text == json.dumps(load(name), indent=2, ensure_ascii=False) + "\n"


def test_departments_have_the_agreed_shape() -> None:
    slugs = [d["slug"] for d in DEPARTMENTS]

    assert all(list(d) == ["slug", "name"] for d in DEPARTMENTS)
    assert len(slugs) == len(set(slugs))
    assert all(SLUG.match(slug) for slug in slugs)
    assert "other" in slugs
    for department in DEPARTMENTS:
        assert_translated(department)


def test_every_department_but_other_holds_a_category() -> None:
    used = {c["department"] for c in CATEGORIES}

    assert {d["slug"] for d in DEPARTMENTS} - used == {"other"}


def test_category_slugs_and_source_names_are_unique() -> None:
    stems = [stem for c in CATEGORIES for stem in c["source_names"]]

    assert len(CATEGORY_IDS) == len(set(CATEGORY_IDS))
    assert len(stems) == len(set(stems))
    assert all(SLUG.match(stem) for stem in stems)


def test_categories_of_a_department_are_listed_together() -> None:
    order = [c["department"] for c in CATEGORIES]
    runs = [dept for i, dept in enumerate(order) if i == 0 or order[i - 1] != dept]

    assert len(runs) == len(set(runs))


@pytest.mark.parametrize("category", CATEGORIES, ids=CATEGORY_IDS)
def test_category_shape_and_texts(category: dict[str, Any]) -> None:
    departments = {d["slug"] for d in DEPARTMENTS}
    keys = [m["key"] for m in category["metrics"]]

    assert list(category) == [
        "slug",
        "department",
        "name",
        "description",
        "keywords",
        "source_names",
        "efficiency_metric",
        "metrics",
    ]
    assert SLUG.match(category["slug"])
    assert category["department"] in departments
    assert category["source_names"]
    assert 2 <= len(keys) <= 6
    assert len(keys) == len(set(keys))
    assert_translated(category)
    for lang in ("fr", "es"):
        assert category["description"][lang] != category["description"]["en"]


@pytest.mark.parametrize("category", CATEGORIES, ids=CATEGORY_IDS)
def test_every_category_has_everyday_words_in_each_language(
    category: dict[str, Any],
) -> None:
    keywords = category["keywords"]

    assert list(keywords) == list(LANGUAGES)
    for lang, words in keywords.items():
        where = (category["slug"], lang)
        assert 2 <= len(words) <= 8, where
        assert len({w.casefold() for w in words}) == len(words), where
        for word in words:
            assert isinstance(word, str) and word.strip(), where
            assert word == " ".join(word.split()), (where, word)
            assert len(word) <= 60, (where, word)
            assert unicodedata.is_normalized("NFC", word), (where, word)


@pytest.mark.parametrize(
    ("slug", "lang", "word"),
    [
        ("light-bulbs", "es", "bombillas"),
        ("light-bulbs", "fr", "ampoules"),
        ("light-bulbs", "en", "bulbs"),
        ("refrigerators", "fr", "frigidaire"),
        ("refrigerators", "es", "nevera"),
        ("clothes-washers", "fr", "lave-linge"),
        ("water-heaters", "es", "boiler"),
        ("room-air-conditioners", "es", "minisplit"),
        ("computers", "es", "ordenador"),
        ("imaging-equipment", "fr", "imprimante"),
    ],
)
def test_regional_words_are_listed(slug: str, lang: str, word: str) -> None:
    category = next(c for c in CATEGORIES if c["slug"] == slug)

    assert word in category["keywords"][lang]


def test_everyday_words_reach_the_database(app: Flask) -> None:
    with app.app_context():
        rows = {c.slug: c for c in db.session.scalars(select(Category))}
        for entry in CATEGORIES:
            row = rows[entry["slug"]]
            for lang in LANGUAGES:
                assert row.keywords(lang) == entry["keywords"][lang]


def test_shipped_products_manifest_carries_the_same_everyday_words() -> None:
    # `enviro-buyer catalogue export` copies them from the database into the
    # manifest, which recreates a category wherever categories.json lacks it.
    manifest = json.loads(
        (CATALOGUE_DATA_DIR / "products" / "manifest.json").read_text(encoding="utf-8")
    )
    by_slug = {c["slug"]: c for c in CATEGORIES}

    assert manifest["categories"]
    for entry in manifest["categories"]:
        assert entry["keywords"] == by_slug[entry["slug"]]["keywords"], entry["slug"]


def test_a_category_recreated_from_the_manifest_keeps_its_words(app: Flask) -> None:
    with app.app_context():
        category = create_category(
            "wt-heat-lamps",
            {"en": "Heat lamps"},
            keywords={"en": [" heat  lamp ", "heat lamp", ""], "es": ["foco térmico"]},
        )
        db.session.commit()

        assert category.keywords("en") == ["heat lamp"]
        assert category.keywords("fr") == []
        assert category.keywords("es") == ["foco térmico"]


@pytest.mark.parametrize("category", CATEGORIES, ids=CATEGORY_IDS)
def test_metrics_have_a_unit_and_a_direction(category: dict[str, Any]) -> None:
    for metric in category["metrics"]:
        assert list(metric) == ["key", "name", "unit", "better"]
        assert SLUG.match(metric["key"])
        assert isinstance(metric["unit"], str)
        assert metric["better"] in ("lower", "higher", None)


@pytest.mark.parametrize("category", CATEGORIES, ids=CATEGORY_IDS)
def test_efficiency_metric_is_a_listed_metric_with_a_direction(
    category: dict[str, Any],
) -> None:
    key = category["efficiency_metric"]
    if key is None:
        return
    by_key = {m["key"]: m for m in category["metrics"]}

    assert key in by_key
    assert by_key[key]["better"] in ("lower", "higher")


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        (
            "certified-residential-refrigerators-2019-03-28.csv",
            "residential-refrigerators",
        ),
        ("ENERGY_STAR_Certified_Dehumidifiers.csv", "dehumidifiers"),
        (
            "certified-data-center-storage-fileio-2019-04-04.csv",
            "data-center-storage-fileio",
        ),
        ("Certified Light Bulbs 2019-03-14.csv", "light-bulbs"),
    ],
)
def test_file_stem_follows_the_agreed_rule(name: str, stem: str) -> None:
    assert file_stem(name) == stem


def test_labels_include_every_programme_the_issue_names() -> None:
    assert len(LABEL_IDS) == len(set(LABEL_IDS))
    assert set(LABEL_IDS) >= REQUIRED_LABELS


@pytest.mark.parametrize("label", ECOLABELS, ids=LABEL_IDS)
def test_label_shape_and_texts(label: dict[str, Any]) -> None:
    assert list(label) == [
        "slug",
        "name",
        "issuer",
        "certifies",
        "description",
        "verification",
        "countries",
        "tiers",
        "kind",
        "website",
    ]
    assert SLUG.match(label["slug"])
    assert_translated(label)
    for field in ("certifies", "description", "verification"):
        for lang in ("fr", "es"):
            assert label[field][lang] != label[field]["en"], (field, lang)
    assert label["countries"]
    assert set(label["countries"]) <= COUNTRIES
    assert len(label["countries"]) == len(set(label["countries"]))
    assert isinstance(label["tiers"], list)
    assert label["kind"] in KINDS
    assert label["website"].startswith("https://")


@pytest.mark.parametrize(
    ("slug", "countries"),
    [
        ("energy-star", {"CA", "US"}),
        ("epeat", {"CA", "US", "MX"}),
        ("sello-fide", {"MX"}),
        ("nom-ener", {"MX"}),
        ("watersense", {"US"}),
    ],
)
def test_labels_apply_where_their_programme_runs(
    slug: str, countries: set[str]
) -> None:
    label = next(entry for entry in ECOLABELS if entry["slug"] == slug)

    assert set(label["countries"]) == countries


def test_epeat_tiers_run_from_bronze_to_gold() -> None:
    epeat = next(label for label in ECOLABELS if label["slug"] == "epeat")

    assert epeat["tiers"] == ["Bronze", "Silver", "Gold"]


# The checks below read the real ENERGY STAR exports; they skip when those are absent.


def read_export(path: Path) -> tuple[list[str], list[list[str]]]:
    """Return the header and the rows of one export."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def files_by_category(energystar_dir: Path) -> dict[str, list[Path]]:
    """Map each category slug to the export files whose stem it lists."""
    owner = {stem: c["slug"] for c in CATEGORIES for stem in c["source_names"]}
    found: dict[str, list[Path]] = {}
    for path in sorted(energystar_dir.glob("*.csv")):
        found.setdefault(owner.get(file_stem(path.name), ""), []).append(path)
    return found


def test_every_real_export_maps_to_exactly_one_category(energystar_dir: Path) -> None:
    paths = sorted(energystar_dir.glob("*.csv"))
    stems = [file_stem(path.name) for path in paths]
    owners = {
        stem: [c["slug"] for c in CATEGORIES if stem in c["source_names"]]
        for stem in stems
    }

    assert len(paths) == 42
    assert {stem: len(slugs) for stem, slugs in owners.items() if len(slugs) != 1} == {}
    assert {s for c in CATEGORIES for s in c["source_names"]} == set(stems)


def test_listed_metrics_are_real_columns_with_their_units(energystar_dir: Path) -> None:
    by_category = files_by_category(energystar_dir)
    missing = []

    for category in CATEGORIES:
        columns = set()
        for path in by_category.get(category["slug"], []):
            header, _ = read_export(path)
            columns |= {(split_header(h).key, split_header(h).unit) for h in header}
        missing += [
            (category["slug"], m["key"], m["unit"])
            for m in category["metrics"]
            if (m["key"], m["unit"]) not in columns
        ]

    assert missing == []


def test_efficiency_metrics_are_filled_in_most_rows(energystar_dir: Path) -> None:
    by_category = files_by_category(energystar_dir)
    sparse = []

    for category in CATEGORIES:
        key = category["efficiency_metric"]
        if key is None:
            continue
        unit = next(m["unit"] for m in category["metrics"] if m["key"] == key)
        filled = total = 0
        for path in by_category.get(category["slug"], []):
            header, rows = read_export(path)
            split = [split_header(h) for h in header]
            index = next(
                (i for i, s in enumerate(split) if (s.key, s.unit) == (key, unit)),
                len(header),  # a missing column counts as empty in every row
            )
            total += len(rows)
            filled += sum(
                1
                for row in rows
                if index < len(row) and row[index].strip().upper() not in ("", "N/A")
            )
        if filled * 2 < total:
            sparse.append((category["slug"], key, filled, total))

    assert sparse == []
