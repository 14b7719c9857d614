"""A small, fully known catalogue for the browser tests.

48 products in three categories (24 refrigerators, 12 dishwashers, 12 light bulbs), four
brands, the three markets and two labels: enough for every facet to have several values
and for one query to need two pages of 20. Every number is chosen so that the tests can
say in advance which product comes first under each sort.

Rows that the reference data may already hold (departments, categories, labels) are
looked up by slug first, so the catalogue works whether or not the reference data ships
them.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from enviro_buyer.catalogue.models import (
    BETTER_HIGHER,
    BETTER_LOWER,
    Category,
    Certification,
    Department,
    Ecolabel,
    Metric,
    Product,
)
from enviro_buyer.extensions import db

LANGS = ("en", "fr", "es")
BRANDS = ("Frostline", "Norte", "Aurora", "Vireo")
MARKET_SETS = (["US"], ["US", "CA"], ["CA"], ["MX"], ["US", "CA", "MX"])
FIRST_DATE = dt.date(2015, 1, 5)

# slug, department slug, names (en, fr, es), metric key, unit, better, product count
CATEGORIES = (
    (
        "refrigerators",
        "appliances",
        ("Refrigerators", "Réfrigérateurs", "Refrigeradores"),
        "annual_energy_use",
        "kWh/yr",
        BETTER_LOWER,
        24,
    ),
    (
        "dishwashers",
        "appliances",
        ("Dishwashers", "Lave-vaisselle", "Lavavajillas"),
        "annual_energy_use",
        "kWh/yr",
        BETTER_LOWER,
        12,
    ),
    (
        "light-bulbs",
        "lighting",
        ("Light bulbs", "Ampoules", "Bombillas"),
        "efficacy",
        "lm/W",
        BETTER_HIGHER,
        12,
    ),
)
DEPARTMENTS = {
    "appliances": ("Appliances", "Électroménagers", "Electrodomésticos"),
    "lighting": ("Lighting", "Éclairage", "Iluminación"),
}
METRIC_NAMES = {
    "annual_energy_use": (
        "Annual energy use",
        "Consommation annuelle",
        "Consumo anual",
    ),
    "efficacy": ("Efficacy", "Efficacité lumineuse", "Eficacia luminosa"),
}


@dataclass
class BrowserCatalogue:
    """What the browser tests need to know about the catalogue they run against."""

    category_slugs: list[str]
    label_slugs: list[str]
    # The category with more than one page of results, and facts about it.
    big_category: str
    big_count: int
    best_product_id: int
    newest_product_id: int
    product_id: int
    # Per language: a word that finds the big category, and the same word misspelt.
    search_words: dict[str, str] = field(default_factory=dict)
    misspelt_words: dict[str, str] = field(default_factory=dict)
    big_ids: list[int] = field(default_factory=list)
    # A brand among the big category's products, and the ids of its products there.
    facet_brand: str = BRANDS[0]
    facet_brand_ids: list[int] = field(default_factory=list)
    # Product id (as text: this travels as JSON) -> [brand, model number].
    products: dict[str, list[str]] = field(default_factory=dict)


def _department(slug: str, position: int) -> Department:
    """Return the department called ``slug``, creating it if the reference lacks it."""
    found = db.session.scalar(db.select(Department).filter_by(slug=slug))
    if found is not None:
        return found
    en, fr, es = DEPARTMENTS[slug]
    department = Department(slug=slug, name_en=en, name_fr=fr, name_es=es)
    department.position = position
    db.session.add(department)
    return department


def _category(spec: tuple, position: int) -> Category:
    """Return the category described by ``spec``, with its efficiency metric."""
    slug, department_slug, names, key, unit, better, _count = spec
    category = db.session.scalar(db.select(Category).filter_by(slug=slug))
    if category is None:
        en, fr, es = names
        category = Category(slug=slug, name_en=en, name_fr=fr, name_es=es)
        category.department = _department(department_slug, position)
        category.description_en = f"{en} certified for energy efficiency."
        category.description_fr = f"{fr} certifiés pour leur efficacité énergétique."
        category.description_es = f"{es} certificados por su eficiencia energética."
        category.source_names = []
        category.position = position
        db.session.add(category)

    if category.metric(key) is None:
        en, fr, es = METRIC_NAMES[key]
        metric = Metric(key=key, source_name=f"{en} ({unit})", unit=unit, better=better)
        metric.name_en, metric.name_fr, metric.name_es = en, fr, es
        metric.is_key = True
        metric.position = 0
        category.metrics.append(metric)
    category.efficiency_metric = key
    return category


def _label(slug: str, name: str, countries: list[str]) -> Ecolabel:
    """Return the label called ``slug`` (or named ``name``), creating it if missing."""
    label = db.session.scalar(db.select(Ecolabel).filter_by(slug=slug))
    label = label or db.session.scalar(db.select(Ecolabel).filter_by(name_en=name))
    if label is not None:
        return label
    label = Ecolabel(slug=slug, name_en=name, name_fr=name, name_es=name)
    for lang in LANGS:
        setattr(label, f"issuer_{lang}", "Test issuer")
        setattr(label, f"certifies_{lang}", "Energy use")
        setattr(label, f"description_{lang}", f"{name}: test description ({lang}).")
        setattr(label, f"verification_{lang}", f"{name}: test verification ({lang}).")
    label.countries = countries
    label.tiers = []
    db.session.add(label)
    return label


def _misspell(word: str) -> str:
    """Drop the fourth letter: one edit away, and no longer a word of the catalogue."""
    return word[:3] + word[4:]


def build_catalogue() -> BrowserCatalogue:
    """Fill the current app's migrated database; return facts about what it holds."""
    energy_star = _label("energy-star", "ENERGY STAR", ["CA", "US", "MX"])
    fide = _label("sello-fide", "Sello FIDE", ["MX"])
    categories = [_category(spec, i) for i, spec in enumerate(CATEGORIES)]

    serial = 0
    products: list[Product] = []
    for category, spec in zip(categories, CATEGORIES, strict=True):
        key, better, count = spec[3], spec[5], spec[6]
        for i in range(count):
            serial += 1
            brand = BRANDS[i % len(BRANDS)]
            markets = MARKET_SETS[i % len(MARKET_SETS)]
            # Values and dates never tie, so every sort has one right first product,
            # and neither the best nor the newest is the first product made.
            rank = (i * 5 + 11) % count
            value = 300.0 + 7 * rank if better == BETTER_LOWER else 60.0 + rank
            available = FIRST_DATE + dt.timedelta(days=37 * ((i * 7 + 3) % count))
            product = Product(
                category=category,
                brand=brand,
                model_number=f"{brand[:2]}-{category.slug[:3]}{100 + i}".upper(),
                model_name=f"{brand} {category.name_en} model {i + 1}",
                specs={key: value},
                efficiency_value=value,
                markets=list(markets),
                date_available=available,
            )
            product.certifications.append(
                Certification(
                    ecolabel=energy_star,
                    listing_id=f"ES-{serial:05d}",
                    certified_on=product.date_available,
                    source="browser test catalogue",
                )
            )
            if "MX" in markets:
                product.certifications.append(
                    Certification(
                        ecolabel=fide,
                        listing_id=f"FIDE-{serial:05d}",
                        certified_on=product.date_available,
                        source="browser test catalogue",
                    )
                )
            products.append(product)
    db.session.add_all(products)
    db.session.commit()

    big = [p for p in products if p.category is categories[0]]
    better = categories[0].metric(CATEGORIES[0][3]).better
    best = min(big, key=lambda p: p.efficiency_value * (1 if better == "lower" else -1))
    newest = max(big, key=lambda p: p.date_available)
    words = {
        lang: categories[0].text("name", lang).split()[0].lower() for lang in LANGS
    }
    return BrowserCatalogue(
        category_slugs=[c.slug for c in categories],
        label_slugs=[energy_star.slug, fide.slug],
        big_category=categories[0].slug,
        big_count=len(big),
        best_product_id=best.id,
        newest_product_id=newest.id,
        product_id=big[0].id,
        search_words=words,
        misspelt_words={lang: _misspell(word) for lang, word in words.items()},
        big_ids=[p.id for p in big],
        facet_brand=BRANDS[0],
        facet_brand_ids=[p.id for p in big if p.brand == BRANDS[0]],
        products={str(p.id): [p.brand, p.model_number] for p in products},
    )


def main(argv: list[str]) -> int:
    """Migrate and fill the instance folder ``argv[1]``; print the facts as JSON."""
    instance = Path(argv[1])
    instance.mkdir(parents=True, exist_ok=True)
    # The shared fixtures module builds test apps exactly as the rest of the suite does.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from apps import make_test_app

    app = make_test_app(instance)
    with app.app_context():
        facts = build_catalogue()
        # The commit hooks index rows as they arrive; a rebuild as well leaves the index
        # exactly as `enviro-buyer index rebuild` makes it in production.
        result = app.test_cli_runner().invoke(args=["index", "rebuild"])
        if result.exit_code != 0:
            print(result.output, file=sys.stderr)
            return 1
        db.session.remove()
        db.engine.dispose()
    print(json.dumps(asdict(facts)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
