"""The benchmark's own arithmetic and its FTS5 reference answer what they claim."""

from pathlib import Path

from factories import make_product

from bench import fts5
from bench.latency import percentile, query_paths, summarize
from bench.queries import QUERIES


def test_percentile_uses_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]

    assert percentile(samples, 0.50) == 50.0
    assert percentile(samples, 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0


def test_summary_is_in_milliseconds() -> None:
    summary = summarize([0.001, 0.002, 0.003, 0.004])

    assert summary["p50_ms"] == 2.0
    assert summary["n"] == 4


def test_query_paths_carry_the_language_in_the_url_or_the_parameters() -> None:
    pages = query_paths("/search", QUERIES)
    api = query_paths("/api/v1/products", QUERIES)

    assert pages[3].startswith("/fr/search?q=r%C3%A9frig")
    assert "lang=fr" in api[3]
    assert len(pages) == len(api) == len(QUERIES)


def test_fts5_reference_finds_the_same_products_with_facets(app) -> None:
    with app.app_context():
        fridge_id = make_product(brand="Whirlpool", model_number="WRF555SDFZ").id
        make_product(brand="Frigidaire", model_number="FFHT1621", markets=["US"])
        database = Path(app.config["INSTANCE_DIR"]) / "enviro_buyer.sqlite3"

    conn, seconds = fts5.build(database)
    whirlpool = fts5.search(conn, {"q": "whirlpool"})
    canada = fts5.search(conn, {"q": "", "country": "CA"})

    assert seconds >= 0
    assert whirlpool["top"] == [fridge_id]
    assert whirlpool["facets"] >= 4
    assert canada["top"] == [fridge_id]
