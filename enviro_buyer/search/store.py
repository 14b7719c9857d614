"""Where the index lives on disk, how writers take turns, and how a rebuild swaps in.

Layout under ``SEARCH_INDEX_DIR`` (``instance/index`` by default)::

    CURRENT              names the live generation ("gen-20190601-120000-3fa2c1d0")
    gen-…/               one complete Whoosh index per generation
    REBUILD              lock file: one rebuild (or first creation) at a time

A rebuild writes a whole new generation beside the live one, then replaces
``CURRENT`` with ``os.replace`` (atomic on POSIX and Windows): a reader sees the old
index or the new one, never half of either. During the build it holds the live
index's write lock, so commit-hook writers wait and then write into the new
generation instead of one about to disappear. After the swap the previous generation
is kept (Whoosh opens some segment files lazily, so a search still running on it, in
this or another process, must find them) and older ones are deleted; every process
moves to the new generation at its next search, when it sees ``CURRENT`` change.

Whoosh refuses a second writer at once with ``LockError``. Writers here retry until
``SEARCH_LOCK_TIMEOUT`` runs out, re-reading ``CURRENT`` between tries.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, FileIndex, LockError

from enviro_buyer.errors import SearchUnavailableError
from enviro_buyer.search.schema import build_schema

logger = logging.getLogger(__name__)

POINTER = "CURRENT"
REBUILD_LOCK = "REBUILD"
GENERATION = re.compile(r"^gen-[0-9]{8}-[0-9]{6}-[0-9a-f]{8}$")
RETRY_DELAY = 0.05
# Memory the rebuild writer may use before spilling sorted runs to disk.
REBUILD_LIMIT_MB = 256
# Segments are left as separate files: a reader then reads the term dictionary from
# the file as needed, where from a compound file Whoosh copies it into memory
# (about 26 MB per process for the full catalogue).
COMPOUND = False
# From this many documents on, a rebuild indexes in several processes (one segment
# each); below it, starting processes costs more than it saves.
PARALLEL_FROM = 5000


# Column fields and the Python type their value must have.
_COLUMN_TYPES = {
    "pid": int,
    "rank": float,
    "newest": int,
    "labels": bytes,
    "countries": bytes,
    "brand_name": bytes,
}


def document_problem(document: Mapping[str, Any], names: frozenset[str]) -> str:
    """Say what makes a document unfit for the index ("" when nothing does).

    Whoosh checks field names only when adding, and a value of the wrong type can
    fail half-way through a document; checking first keeps the writer consistent.
    """
    unknown = set(document) - names
    if unknown:
        return f"unknown fields {sorted(unknown)}"
    if not isinstance(document.get("id"), str) or not document["id"]:
        return "no id"
    for name, kind in _COLUMN_TYPES.items():
        if name in document and not isinstance(document[name], kind):
            return f"{name} is not {kind.__name__}"
    return ""


class IndexStore:
    """The live index of one folder: open it, write to it, rebuild it."""

    def __init__(self, root: str | Path, lock_timeout: float = 30.0) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self._lock = threading.Lock()
        self._pointer_stamp: tuple[int, int] | None = None
        self._name: str | None = None
        self._index: FileIndex | None = None
        self.schema_names = frozenset(build_schema().names())

    # Reading the pointer

    def _read_pointer(self) -> tuple[tuple[int, int] | None, str | None]:
        """Return the pointer file's identity and the generation it names."""
        path = self.root / POINTER
        try:
            info = path.stat()
            name = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None, None
        if not GENERATION.match(name):
            raise SearchUnavailableError(
                f"{path} names no index generation: run `enviro-buyer index rebuild`"
            )
        return (info.st_ino, info.st_mtime_ns), name

    def current_name(self) -> str | None:
        """Return the name of the live generation, or None when there is no index."""
        return self._read_pointer()[1]

    def current(self) -> tuple[str, FileIndex] | None:
        """Return the live generation and its opened index, following any swap."""
        try:
            stamp = (self.root / POINTER).stat()
            key = (stamp.st_ino, stamp.st_mtime_ns)
        except FileNotFoundError:
            key = None
        with self._lock:
            if key is not None and key == self._pointer_stamp and self._index:
                return self._name or "", self._index
            for _attempt in range(3):
                stamp_key, name = self._read_pointer()
                if name is None:
                    self._pointer_stamp = self._name = self._index = None
                    return None
                try:
                    index = whoosh_index.open_dir(str(self.root / name))
                except (EmptyIndexError, FileNotFoundError):
                    # The generation was swapped out and removed between reading the
                    # pointer and opening it: read the pointer again.
                    continue
                self._pointer_stamp, self._name, self._index = stamp_key, name, index
                return name, index
        raise SearchUnavailableError(
            f"the search index in {self.root} cannot be opened: "
            "run `enviro-buyer index rebuild`"
        )

    def open_or_create(self) -> tuple[str, FileIndex]:
        """Return the live index, creating an empty one if there is none yet."""
        found = self.current()
        if found is not None:
            return found
        self.root.mkdir(parents=True, exist_ok=True)
        rebuild_lock = FileStorage(str(self.root)).lock(REBUILD_LOCK)
        with self._hold(rebuild_lock, "another index rebuild"):
            # Another process may have built the index while we waited.
            if self.current() is None:
                logger.info(
                    "No search index in %s yet: creating an empty one", self.root
                )
                self._build([])
        found = self.current()
        if found is None:
            raise SearchUnavailableError(f"the search index in {self.root} is missing")
        return found

    # Writing

    @contextmanager
    def writer(self) -> Iterator[Any]:
        """Yield a writer on the live index, waiting for the lock; commit on success."""
        deadline = time.monotonic() + self.lock_timeout
        delay = RETRY_DELAY
        while True:
            name, index = self.open_or_create()
            try:
                writer = index.writer(compound=COMPOUND)
            except (LockError, FileNotFoundError, EmptyIndexError):
                if time.monotonic() + delay > deadline:
                    raise SearchUnavailableError(
                        f"the search index stayed locked for {self.lock_timeout:g} s "
                        "(a rebuild may be running); try again"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
                continue
            if self.current_name() != name:
                # A rebuild swapped a new generation in while we waited.
                writer.cancel()
                continue
            break
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    # Rebuilding

    def _new_generation(self) -> str:
        """Return a fresh, sortable generation name."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return f"gen-{stamp}-{secrets.token_hex(4)}"

    @contextmanager
    def _hold(self, lock: Any, what: str) -> Iterator[None]:
        """Hold a Whoosh lock, waiting up to the lock timeout for it."""
        deadline = time.monotonic() + self.lock_timeout
        while not lock.acquire(False):
            if time.monotonic() > deadline:
                raise SearchUnavailableError(
                    f"{what} stayed locked for {self.lock_timeout:g} s; try again"
                )
            time.sleep(RETRY_DELAY)
        try:
            yield
        finally:
            lock.release()

    def rebuild(
        self, documents: Iterable[Mapping[str, Any]], expected: int | None = None
    ) -> int:
        """Write ``documents`` to a new generation, swap it in, count its products."""
        self.root.mkdir(parents=True, exist_ok=True)
        rebuild_lock = FileStorage(str(self.root)).lock(REBUILD_LOCK)
        procs = 1
        if expected and expected >= PARALLEL_FROM:
            procs = min(os.cpu_count() or 1, 4)
        with self._hold(rebuild_lock, "another index rebuild"):
            live = self.current()
            if live is None:
                return self._build(documents, procs)
            with self._hold(live[1].lock("WRITELOCK"), "the search index"):
                return self._build(documents, procs)

    def _build(self, documents: Iterable[Mapping[str, Any]], procs: int = 1) -> int:
        """Build a generation from ``documents`` and make it the live one."""
        name = self._new_generation()
        folder = self.root / name
        folder.mkdir()
        count = 0
        try:
            schema_names = self.schema_names
            index = whoosh_index.create_in(str(folder), build_schema())
            if procs > 1:
                # Each process writes its own segment; they are not merged at the
                # end, since searching two segments costs next to nothing.
                writer = index.writer(
                    limitmb=REBUILD_LIMIT_MB // procs,
                    procs=procs,
                    multisegment=True,
                    compound=COMPOUND,
                )
            else:
                writer = index.writer(limitmb=REBUILD_LIMIT_MB, compound=COMPOUND)
            try:
                for document in documents:
                    problem = document_problem(document, schema_names)
                    if problem:
                        # One bad record must not cost the whole index.
                        logger.warning(
                            "Document %s not indexed: %s", document.get("id"), problem
                        )
                        continue
                    writer.add_document(**document)
                    if document.get("pid"):
                        count += 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        previous = self.current_name()
        self._swap(name)
        self._remove_old_generations(keep={name, previous})
        logger.info("Search index rebuilt: %s documents in %s", count, folder)
        return count

    def _swap(self, name: str) -> None:
        """Point CURRENT at ``name`` atomically."""
        temporary = self.root / f"{POINTER}.{secrets.token_hex(4)}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.root / POINTER)

    def _remove_old_generations(self, keep: set[str | None]) -> list[str]:
        """Delete the generation folders not in ``keep`` (under the rebuild lock)."""
        removed = []
        for path in self.root.iterdir():
            if path.is_dir() and GENERATION.match(path.name) and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
                if path.exists():
                    logger.warning("Old index %s is still in use; kept for now", path)
                else:
                    removed.append(path.name)
        for path in self.root.glob(f"{POINTER}.*.tmp"):
            path.unlink(missing_ok=True)
        return removed
