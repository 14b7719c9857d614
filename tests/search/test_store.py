"""The index on disk: atomic rebuilds, waiting writers, fresh searchers."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from enviro_buyer.errors import SearchUnavailableError
from enviro_buyer.search.backend import SearchRequest
from enviro_buyer.search.store import GENERATION, POINTER
from enviro_buyer.search.whoosh_backend import WhooshBackend


def doc(pid: int, brand: str, category: str = "refrigerators") -> dict:
    """Return a minimal product document."""
    return {
        "id": str(pid),
        "pid": pid,
        "category": category,
        "brand": brand.lower(),
        "brand_name": brand.encode(),
        "countries": b"US",
        "text_en": brand,
        "brand_text": brand,
    }


def ids(backend: WhooshBackend, text: str = "") -> set[int]:
    """Return the product ids a search finds."""
    result = backend.search(SearchRequest(text=text, per_page=100))
    return {hit.product_id for hit in result.hits}


def generations(root: Path) -> list[str]:
    """Return the generation folders under ``root``."""
    return sorted(
        p.name for p in root.iterdir() if p.is_dir() and GENERATION.match(p.name)
    )


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[WhooshBackend]:
    """A backend on an empty folder, with a short lock timeout."""
    backend = WhooshBackend(tmp_path / "index", lock_timeout=2.0)
    yield backend
    backend.close()


def test_no_index_searches_empty_and_reports_unhealthy(backend) -> None:
    assert backend.search(SearchRequest(text="anything")).total == 0
    health = backend.health()
    assert not health.ok
    assert "rebuild" in health.detail


def test_an_empty_index_answers_empty(backend) -> None:
    backend.rebuild([])
    assert backend.search(SearchRequest(text="anything")).total == 0
    assert backend.search(SearchRequest()).total == 0
    health = backend.health()
    assert health.ok
    assert health.documents == 0


def test_rebuild_swaps_a_new_generation_in_and_removes_old_ones(
    backend, tmp_path
) -> None:
    root = tmp_path / "index"
    assert backend.rebuild([doc(1, "Zanussi")]) == 1
    (first,) = generations(root)
    assert (root / POINTER).read_text().strip() == first

    assert backend.rebuild([doc(2, "Liebherr"), doc(3, "Miele")]) == 2
    second = (root / POINTER).read_text().strip()
    # The previous generation stays for searches still running on it...
    assert set(generations(root)) == {first, second}
    assert ids(backend) == {2, 3}
    assert backend.health().ok and backend.health().documents == 2

    backend.rebuild([doc(4, "Smeg")])
    third = (root / POINTER).read_text().strip()
    # ...and goes at the next rebuild.
    assert set(generations(root)) == {second, third}
    assert ids(backend) == {4}


def test_searches_keep_working_during_a_rebuild(backend) -> None:
    backend.rebuild([doc(1, "Zanussi")])
    halfway = threading.Event()
    resume = threading.Event()

    def slow_documents():
        yield doc(2, "Liebherr")
        halfway.set()
        assert resume.wait(10)
        yield doc(3, "Miele")

    rebuild = threading.Thread(target=backend.rebuild, args=(slow_documents(),))
    rebuild.start()
    assert halfway.wait(10)
    # The old index answers while the new one is being written.
    assert ids(backend) == {1}
    assert ids(backend, "zanussi") == {1}
    resume.set()
    rebuild.join(10)
    assert ids(backend) == {2, 3}


def test_a_searcher_open_across_a_rebuild_still_reads(backend) -> None:
    backend.rebuild([doc(1, "Zanussi")])
    with backend.searcher() as (_name, searcher):
        backend.rebuild([doc(2, "Liebherr")])
        # The search that was running finishes on the old generation.
        assert searcher.doc_count() == 1
        assert searcher.stored_fields(0)["id"] == "1"
    assert ids(backend) == {2}


def test_a_search_on_a_removed_generation_is_retried(backend, tmp_path) -> None:
    backend.rebuild([doc(1, "Zanussi")])
    assert ids(backend) == {1}
    other = WhooshBackend(tmp_path / "index")
    # Two rebuilds elsewhere: the generation this backend's pool read is deleted.
    other.rebuild([doc(2, "Liebherr")])
    other.rebuild([doc(3, "Miele")])
    other.close()
    assert ids(backend, "miele") == {3}


def test_a_failed_rebuild_leaves_the_live_index_alone(backend, tmp_path) -> None:
    backend.rebuild([doc(1, "Zanussi")])
    before = generations(tmp_path / "index")

    def broken():
        yield doc(2, "Liebherr")
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(broken())
    # Nothing half built is left behind.
    assert generations(tmp_path / "index") == before
    assert ids(backend) == {1}


def test_a_bad_document_is_skipped_not_fatal(backend) -> None:
    bad = {"id": "9", "pid": 9, "no_such_field": "x"}
    assert backend.rebuild([doc(1, "Zanussi"), bad, doc(2, "Miele")]) == 2
    assert ids(backend) == {1, 2}


def test_a_second_writer_waits_for_the_first(backend) -> None:
    backend.rebuild([])
    holding = threading.Event()

    def first_writer():
        with backend.store.writer() as writer:
            writer.add_document(**doc(1, "Zanussi"))
            holding.set()
            time.sleep(0.5)

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert holding.wait(10)
    started = time.monotonic()
    backend.index([doc(2, "Miele")])
    waited = time.monotonic() - started
    thread.join(10)
    assert waited > 0.1
    assert ids(backend) == {1, 2}


def test_a_writer_gives_up_after_the_lock_timeout(tmp_path) -> None:
    backend = WhooshBackend(tmp_path / "index", lock_timeout=0.2)
    backend.rebuild([])
    with backend.store.writer(), pytest.raises(SearchUnavailableError):
        backend.index([doc(1, "Zanussi")])
    backend.index([doc(1, "Zanussi")])
    assert ids(backend) == {1}
    backend.close()


def test_a_writer_waiting_through_a_rebuild_writes_into_the_new_index(backend) -> None:
    backend.rebuild([doc(1, "Zanussi")])
    halfway = threading.Event()
    resume = threading.Event()

    def slow_documents():
        yield doc(2, "Liebherr")
        halfway.set()
        assert resume.wait(10)

    rebuild = threading.Thread(target=backend.rebuild, args=(slow_documents(),))
    rebuild.start()
    assert halfway.wait(10)
    writer = threading.Thread(target=backend.index, args=([doc(3, "Miele")],))
    writer.start()
    time.sleep(0.2)
    resume.set()
    rebuild.join(10)
    writer.join(10)
    assert ids(backend) == {2, 3}


def test_a_closed_searcher_is_replaced(backend) -> None:
    backend.rebuild([doc(1, "Zanussi")])
    with backend.searcher() as (_name, searcher):
        pass
    searcher.close()
    assert ids(backend, "zanussi") == {1}


def test_a_searcher_whose_reader_was_closed_is_replaced(backend) -> None:
    backend.rebuild([doc(1, "Zanussi")])
    with backend.searcher() as (_name, searcher):
        pass
    # The searcher looks open, but its reader is gone: the search meets
    # ReaderClosed and runs again on a fresh searcher.
    searcher.reader().close()
    assert not searcher.is_closed
    assert ids(backend, "zanussi") == {1}


def test_changes_by_another_process_are_seen(backend, tmp_path) -> None:
    backend.rebuild([doc(1, "Zanussi")])
    assert ids(backend) == {1}
    other = WhooshBackend(tmp_path / "index")
    other.index([doc(2, "Miele")])
    other.delete([1])
    assert ids(backend) == {2}
    other.rebuild([doc(3, "Liebherr")])
    assert ids(backend) == {3}
    other.close()


def test_updates_replace_documents(backend) -> None:
    backend.rebuild([doc(1, "Zanussi"), doc(2, "Miele")])
    assert ids(backend) == {1, 2}
    for brand in ("Liebherr", "Bosch", "Smeg"):
        backend.index([doc(1, brand)])
    result = backend.search(SearchRequest(facet_limit=None))
    assert result.total == 2
    assert {v.value: v.count for v in result.facets["brand"]} == {"Smeg": 1, "Miele": 1}
