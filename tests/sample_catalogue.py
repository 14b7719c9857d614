"""A small trilingual catalogue and compiled translations for the page and API tests.

The catalogue is written for the tests: two categories (one ranked lower-is-better,
one higher-is-better), two labels (one with tiers) and six products whose
certificates are active, expired and withdrawn as of the test suite's TODAY
(2019-06-01). Every content text has a French and a Spanish value, so an English word
on a French page can only come from the UI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from apps import close_app, make_test_app
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from enviro_buyer.paths import TRANSLATIONS_DIR

LANGS = ("en", "fr", "es")
# Small enough that six products make several pages.
PAGE_SIZE = 2


def compile_translations() -> list[Path]:
    """Compile every translations/*/LC_MESSAGES/messages.po whose .mo is missing or old.

    Compiled catalogues are build output (``make`` compiles them at install); a test
    run from a fresh checkout must not silently fall back to English for lack of them.
    Flask-Babel caches loaded catalogues per process, so the cache is emptied too.
    """
    compiled = []
    for po_path in sorted(TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        compiled.append(mo_path)

    from enviro_buyer.extensions import babel

    # ``domain_instance`` is a cached property: only a domain made already has a cache.
    domain = vars(babel).get("domain_instance")
    if domain is not None:
        domain.cache.clear()
    return compiled


@dataclass
class Sample:
    """Ids and slugs of the sample rows, for building URLs in tests."""

    products: dict[str, int] = field(default_factory=dict)
    fridges: str = "wt-fridges"
    lamps: str = "wt-lamps"
    energy_label: str = "wt-energymark"
    tiered_label: str = "wt-greentier"


def _texts(field_name: str, en: str, fr: str, es: str) -> dict[str, str]:
    """Return the three language columns of one content field."""
    return {f"{field_name}_en": en, f"{field_name}_fr": fr, f"{field_name}_es": es}


def build_sample_catalogue() -> Sample:
    """Write the sample catalogue into the current app's database and commit it."""
    from enviro_buyer.catalogue.models import (
        Category,
        Certification,
        Department,
        Ecolabel,
        Metric,
        Product,
    )
    from enviro_buyer.extensions import db

    sample = Sample()
    department = Department(
        slug="wt-home",
        position=99,
        **_texts("name", "Home equipment", "Équipement ménager", "Equipo doméstico"),
    )
    fridges = Category(
        slug=sample.fridges,
        department=department,
        efficiency_metric="annual-energy-use",
        **_texts("name", "Fridges", "Réfrigérateurs", "Refrigeradores"),
        **_texts(
            "description",
            "Fridges that keep food cold while using little electricity.",
            "Réfrigérateurs qui gardent les aliments au froid avec peu d'électricité.",
            "Refrigeradores que conservan los alimentos con poca electricidad.",
        ),
    )
    fridges.metrics = [
        Metric(
            key="annual-energy-use",
            source_name="Annual Energy Use (kWh/yr)",
            unit="kWh/yr",
            better="lower",
            is_key=True,
            position=1,
            **_texts(
                "name", "Annual energy use", "Consommation annuelle", "Consumo anual"
            ),
        ),
        Metric(
            key="volume",
            source_name="Total Volume (cu. ft.)",
            unit="cu. ft.",
            better=None,
            is_key=True,
            position=2,
            **_texts("name", "Total volume", "Volume total", "Volumen total"),
        ),
        Metric(
            key="defrost-type",
            source_name="Defrost Type",
            unit="",
            better=None,
            is_key=False,
            position=3,
            **_texts("name", "Defrost type", "", ""),
        ),
    ]
    lamps = Category(
        slug=sample.lamps,
        department=department,
        efficiency_metric="efficacy",
        **_texts("name", "Lamps", "Lampes", "Lámparas"),
        **_texts(
            "description",
            "Lamps that give much light for little power.",
            "Lampes qui éclairent beaucoup pour peu de puissance.",
            "Lámparas que iluminan mucho con poca potencia.",
        ),
    )
    lamps.metrics = [
        Metric(
            key="efficacy",
            source_name="Efficacy (lm/W)",
            unit="lm/W",
            better="higher",
            is_key=True,
            position=1,
            **_texts("name", "Efficacy", "Efficacité lumineuse", "Eficacia luminosa"),
        )
    ]
    energy = Ecolabel(
        slug=sample.energy_label,
        countries=["CA", "US"],
        tiers=[],
        website="https://example.org/energymark",
        **_texts("name", "EnergyMark", "EnergyMark", "EnergyMark"),
        **_texts(
            "issuer",
            "The Energy Agency",
            "L'Agence de l'énergie",
            "La Agencia de Energía",
        ),
        **_texts(
            "certifies",
            "Appliances that use less energy.",
            "Des appareils qui consomment moins d'énergie.",
            "Aparatos que consumen menos energía.",
        ),
        **_texts(
            "description",
            "A label for efficient appliances.",
            "Une étiquette pour les appareils efficaces.",
            "Una etiqueta para aparatos eficientes.",
        ),
        **_texts(
            "verification",
            "Tested by accredited laboratories.",
            "Essais par des laboratoires accrédités.",
            "Pruebas en laboratorios acreditados.",
        ),
    )
    tiered = Ecolabel(
        slug=sample.tiered_label,
        countries=["CA", "US", "MX"],
        tiers=["Bronze", "Silver", "Gold"],
        **_texts("name", "GreenTier", "GreenTier", "GreenTier"),
        **_texts("issuer", "Tier Council", "Conseil Tier", "Consejo Tier"),
        **_texts(
            "certifies",
            "Lamps with a low impact.",
            "Des lampes à faible impact.",
            "Lámparas de bajo impacto.",
        ),
        **_texts(
            "description",
            "A tiered label.",
            "Une étiquette à niveaux.",
            "Una etiqueta con niveles.",
        ),
        **_texts(
            "verification",
            "Audits every year.",
            "Audits chaque année.",
            "Auditorías cada año.",
        ),
    )
    db.session.add_all([department, fridges, lamps, energy, tiered])

    def product(name: str, category: Category, **values) -> Product:
        row = Product(category=category, **values)
        db.session.add(row)
        sample.products[name] = row
        return row

    def certify(row: Product, label: Ecolabel, listing: str, **values) -> None:
        db.session.add(
            Certification(
                product=row,
                ecolabel=label,
                listing_id=listing,
                source="ENERGY_STAR_Certified_Fridges.csv (2019-04)",
                **values,
            )
        )

    acme_big = product(
        "acme_big",
        fridges,
        brand="Acme",
        model_number="ACM-100*",
        model_name="CoolBox 100",
        specs={
            "annual-energy-use": 1234.5,
            "volume": 20.5,
            "defrost-type": "Automatic",
        },
        efficiency_value=1234.5,
        markets=["US", "CA"],
        date_available=dt.date(2018, 3, 14),
    )
    certify(acme_big, energy, "ES-1001", certified_on=dt.date(2018, 1, 15))
    acme_small = product(
        "acme_small",
        fridges,
        brand="Acme",
        model_number="ACM-200",
        model_name="CoolBox 200",
        specs={"annual-energy-use": 400.0, "volume": 18.0},
        efficiency_value=400.0,
        markets=["US"],
        date_available=dt.date(2019, 2, 1),
    )
    certify(acme_small, energy, "ES-1002", certified_on=dt.date(2019, 1, 2))
    boreal = product(
        "boreal",
        fridges,
        brand="Borealis",
        model_number="BOR-300",
        model_name="Polar",
        specs={"annual-energy-use": 350.0, "volume": 15.0},
        efficiency_value=350.0,
        markets=["CA", "MX"],
        date_available=dt.date(2017, 5, 5),
    )
    certify(
        boreal,
        energy,
        "ES-1003",
        certified_on=dt.date(2017, 5, 1),
        expires_on=dt.date(2019, 1, 1),
    )
    withdrawn = product(
        "withdrawn",
        fridges,
        brand="Borealis",
        model_number="BOR-400",
        model_name="Tundra",
        specs={"annual-energy-use": 500.0, "volume": 16.0},
        efficiency_value=500.0,
        markets=["CA"],
        date_available=dt.date(2016, 1, 1),
    )
    certify(
        withdrawn,
        energy,
        "ES-1004",
        certified_on=dt.date(2016, 1, 1),
        withdrawn_on=dt.date(2019, 3, 1),
    )
    lamp_a = product(
        "lamp_a",
        lamps,
        brand="Lumo",
        model_number="LMP-1",
        model_name="Glow",
        specs={"efficacy": 80.0},
        efficiency_value=80.0,
        markets=["MX"],
        date_available=dt.date(2018, 6, 1),
    )
    certify(lamp_a, energy, "ES-2001", certified_on=dt.date(2018, 6, 1))
    lamp_b = product(
        "lamp_b",
        lamps,
        brand="Lumo",
        model_number="LMP-2",
        model_name="Glow Max",
        specs={"efficacy": 95.5},
        efficiency_value=95.5,
        markets=["MX", "US"],
        date_available=dt.date(2019, 4, 1),
    )
    certify(lamp_b, tiered, "GT-77", tier="Gold", certified_on=dt.date(2019, 4, 1))

    db.session.commit()
    sample.products = {name: row.id for name, row in sample.products.items()}
    return sample


def make_sample_app(instance: Path, **overrides) -> tuple[Flask, Sample]:
    """Build an app on ``instance`` holding reference data, the sample and its index.

    Like the shared ``make_test_app``: schema from the migrations, reference data from
    catalogue_data/; then the sample catalogue, and a search index rebuilt from it.
    """
    from enviro_buyer.search.services import rebuild_index

    app = make_test_app(instance, **overrides)
    with app.app_context():
        sample = build_sample_catalogue()
        rebuild_index()
    return app, sample


# Fixtures, imported by tests/web/conftest.py and tests/api/conftest.py. The tests only
# read, so one site per test module is enough.


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile the .po catalogues before any page is rendered."""
    compile_translations()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, Sample]]:
    """An app holding the sample catalogue, with the sample's ids."""
    instance = tmp_path_factory.mktemp("site") / "instance"
    app, sample = make_sample_app(instance, SEARCH_PAGE_SIZE=PAGE_SIZE)
    yield app, sample
    close_app(app)


@pytest.fixture
def client(site: tuple[Flask, Sample]) -> FlaskClient:
    """A test client of the sample site."""
    return site[0].test_client()


@pytest.fixture
def sample(site: tuple[Flask, Sample]) -> Sample:
    """Ids and slugs of the sample catalogue."""
    return site[1]
