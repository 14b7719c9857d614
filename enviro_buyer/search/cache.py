"""Per-generation facts that make facets and sorting cheap.

A straightforward Whoosh setup counts a multi-valued facet by walking every document
on every search. Here each index generation (one opened reader) gets an ``IndexView``
built once from the columns of the schema:

- docnum -> product id, category, labels, countries, brand key, efficiency rank, date;
- for every facet value, the set of live docnums that have it (the filter sets);
- the facet counts over the whole index (the answer to an empty search);
- the docnums in "greenest first" and "newest first" order, built on first use;
- the written forms of the vocabulary words ("did you mean"), on first use.

A search then only intersects sets and counts the matching docnums. Category and
label vocabulary documents (see ``documents``) are not products: they are left out
of every count and stand, in a match, for the products of their category or label.
Column values are read per segment and kept by segment id, so after a commit that
adds one small segment only that segment is read again.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from itertools import chain
from operator import neg
from typing import Any

from enviro_buyer.search.analysis import brand_key
from enviro_buyer.search.schema import NO_RANK

FACETS = ("category", "label", "country", "brand")
EMPTY: frozenset[int] = frozenset()
# Docnums kept in the per-generation cache of posting sets (about 50 bytes each).
MAX_CACHED_DOCNUMS = 400_000
# Relevance ties are broken greener first by adding less than this to a score.
TIEBREAK = 1e-4
MAX_MEMO = 4096
# Facets with few values are counted by intersecting sets (C speed); the others by
# counting values over the matching docnums.
SMALL_FACET = 64
MAX_SEGMENTS_CACHED = 64


def _decode(value: Any) -> str:
    """Return a column value as text."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value or "")


class SegmentColumns:
    """The column values of one segment, indexed by the segment's own docnums."""

    def __init__(self, reader: Any) -> None:
        def column(name: str) -> list[Any]:
            if not reader.has_column(name):
                return [None] * reader.doc_count_all()
            return list(reader.column_reader(name, translate=False))

        split: dict[str, tuple[str, ...]] = {}

        def words(value: Any) -> tuple[str, ...]:
            # Few distinct combinations ("CA US"), so each is split once.
            text = _decode(value)
            found = split.get(text)
            if found is None:
                found = split[text] = tuple(text.split())
            return found

        names: dict[Any, str] = {}

        def text(value: Any) -> str:
            found = names.get(value)
            if found is None:
                found = names[value] = _decode(value)
            return found

        self.pid: list[int] = [int(v or 0) for v in column("pid")]
        self.category: list[str] = [text(v) for v in column("category")]
        self.labels: list[tuple[str, ...]] = [words(v) for v in column("labels")]
        self.countries: list[tuple[str, ...]] = [words(v) for v in column("countries")]
        self.brand_name: list[str] = [text(v) for v in column("brand_name")]
        keys = {name: brand_key(name) for name in set(self.brand_name)}
        self.brand: list[str] = [keys[name] for name in self.brand_name]
        self.rank: list[float] = [
            NO_RANK if v is None else float(v) for v in column("rank")
        ]
        self.newest: list[int] = [int(v or 0) for v in column("newest")]


class SegmentCache:
    """Column values of recently seen segments, by segment id (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._segments: OrderedDict[str, SegmentColumns] = OrderedDict()

    def retain(self, segment_ids: set[str]) -> None:
        """Forget the segments not in ``segment_ids`` (merged away or rebuilt)."""
        with self._lock:
            for segment_id in [k for k in self._segments if k not in segment_ids]:
                del self._segments[segment_id]

    def get(self, reader: Any) -> SegmentColumns:
        """Return the columns of the segment ``reader`` reads, loading them once."""
        segment_id = reader.segment().segment_id()
        with self._lock:
            found = self._segments.get(segment_id)
            if found is not None:
                self._segments.move_to_end(segment_id)
                return found
        columns = SegmentColumns(reader)
        with self._lock:
            self._segments[segment_id] = columns
            while len(self._segments) > MAX_SEGMENTS_CACHED:
                self._segments.popitem(last=False)
        return columns


def _most_common_spelling(counts: Counter[str]) -> str:
    """Pick the display form of a brand: most used, then capitalised, then first."""
    return max(
        counts.items(),
        key=lambda item: (
            item[1],
            item[0] != item[0].lower(),
            [-ord(c) for c in item[0]],
        ),
    )[0]


class IndexView:
    """Facet values, filter sets and sort orders of one opened index generation."""

    def __init__(self, searcher: Any, segments: SegmentCache) -> None:
        self.pid: list[int] = []
        self.category: list[str] = []
        self.labels: list[tuple[str, ...]] = []
        self.countries: list[tuple[str, ...]] = []
        self.brand: list[str] = []
        self.rank: list[float] = []
        self.newest: list[int] = []
        found: list[int] = []
        spellings: dict[str, Counter[str]] = {}
        self.segment_ids: set[str] = set()
        for reader, offset in searcher.reader().leaf_readers():
            if reader.segment() is None:
                # An index without segments (nothing written yet) reads as empty.
                continue
            columns = segments.get(reader)
            self.segment_ids.add(reader.segment().segment_id())
            for name in ("pid", "category", "labels", "countries", "brand"):
                getattr(self, name).extend(getattr(columns, name))
            self.rank += columns.rank
            self.newest += columns.newest
            if reader.has_deletions():
                segment_live = list(reader.all_doc_ids())
            else:
                segment_live = range(reader.doc_count_all())
            for docnum in segment_live:
                if columns.pid[docnum]:
                    key = columns.brand[docnum]
                    names = spellings.setdefault(key, Counter())
                    names[columns.brand_name[docnum]] += 1
            found.extend(offset + docnum for docnum in segment_live)

        # Products have a product id; category and label vocabulary documents do not.
        live = [d for d in found if self.pid[d]]
        self.live: frozenset[int] = frozenset(live)
        self.brand_names = {k: _most_common_spelling(c) for k, c in spellings.items()}
        self.values: dict[str, dict[str, frozenset[int]]] = {
            "category": self._sets(live, ((self.category[d],) for d in live)),
            "label": self._sets(live, (self.labels[d] for d in live)),
            "country": self._sets(live, (self.countries[d] for d in live)),
            "brand": self._sets(live, ((self.brand[d],) for d in live)),
        }
        # Vocabulary document -> the products of its category or label.
        self.vocabulary: dict[int, frozenset[int]] = {}
        for docnum in found:
            if self.pid[docnum]:
                continue
            if self.category[docnum]:
                members = self.values["category"].get(self.category[docnum], EMPTY)
            else:
                tables = self.values["label"]
                members = EMPTY.union(
                    *(tables.get(s, EMPTY) for s in self.labels[docnum])
                )
            self.vocabulary[docnum] = members
        self._vocabulary_docs = frozenset(self.vocabulary)
        self._live_order = live
        self._orders: dict[str, list[int]] = {}
        self._lock = threading.Lock()
        self._sets_cache: OrderedDict[Any, frozenset[int]] = OrderedDict()
        self._cached_docnums = 0
        self._tiebreak: list[float] | None = None
        self._memo: OrderedDict[Any, Any] = OrderedDict()
        self._spellings: Any = None
        self.totals: dict[str, Counter[str]] = {}
        self.totals = {name: self.count(name, self.live) for name in FACETS}
        # Nearly every search needs these; building them now keeps that cost out
        # of the searches that follow an index change.
        self.tiebreak()

    @staticmethod
    def _sets(
        docnums: list[int], values: Iterable[tuple[str, ...]]
    ) -> dict[str, frozenset[int]]:
        """Map each value to the docnums that have it."""
        found: dict[str, list[int]] = {}
        for docnum, keys in zip(docnums, values, strict=True):
            for key in keys:
                if key:
                    found.setdefault(key, []).append(docnum)
        return {key: frozenset(members) for key, members in found.items()}

    def cached(self, key: Any, compute: Any) -> frozenset[int]:
        """Return the docnum set called ``key``, computing and keeping it on a miss."""
        with self._lock:
            found = self._sets_cache.get(key)
            if found is not None:
                self._sets_cache.move_to_end(key)
                return found
        found = frozenset(compute())
        with self._lock:
            if key not in self._sets_cache:
                self._sets_cache[key] = found
                self._cached_docnums += len(found)
                while self._cached_docnums > MAX_CACHED_DOCNUMS and self._sets_cache:
                    _key, dropped = self._sets_cache.popitem(last=False)
                    self._cached_docnums -= len(dropped)
        return found

    def _read_term(
        self, reader: Any, fieldname: str, text: str
    ) -> tuple[frozenset[int], frozenset[int]]:
        """Return (all products, products through vocabulary documents) of a term."""
        if (fieldname, text) not in reader:
            return EMPTY, EMPTY
        docs = frozenset(reader.postings(fieldname, text).all_ids())
        vocabulary = docs & self._vocabulary_docs
        if not vocabulary:
            return docs, EMPTY
        expanded = EMPTY.union(*(self.vocabulary[d] for d in vocabulary))
        return (docs - vocabulary) | expanded, expanded

    def term_docs(self, reader: Any, fieldname: str, text: str) -> frozenset[int]:
        """Return the products holding one term (postings read once, then cached).

        A category or label vocabulary document holding the term stands for all the
        products of its category or label.
        """
        return self.cached(
            (fieldname, text), lambda: self._read_term(reader, fieldname, text)[0]
        )

    def vocabulary_docs(self, reader: Any, fieldname: str, text: str) -> frozenset[int]:
        """Return the products a term reaches through their category or label name."""
        return self.cached(
            ("vocabulary", fieldname, text),
            lambda: self._read_term(reader, fieldname, text)[1],
        )

    def memo(self, key: Any, compute: Any) -> Any:
        """Return a small computed value kept for this generation (spelling fixes)."""
        with self._lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > MAX_MEMO:
                self._memo.popitem(last=False)
        return value

    def spellings(self, compute: Callable[[], Any]) -> Any:
        """Return the spelling table of this generation, computed on first use.

        Kept apart from ``memo``: every correction needs it, so it must not be
        evicted by a run of other corrections.
        """
        found = self._spellings
        if found is None:
            found = compute()
            with self._lock:
                if self._spellings is None:
                    self._spellings = found
                found = self._spellings
        return found

    def tiebreak(self) -> list[float]:
        """Return per docnum a bonus below TIEBREAK, larger for greener products."""
        if self._tiebreak is None:
            order = self.order("efficiency")
            bonus = [0.0] * len(self.pid)
            step = TIEBREAK / (len(order) + 1)
            for position, docnum in enumerate(order):
                bonus[docnum] = (len(order) - position) * step
            self._tiebreak = bonus
        return self._tiebreak

    @staticmethod
    def normalise(facet: str, value: str) -> str:
        """Return the cache key of a filter value (brands and countries ignore case)."""
        if facet == "brand":
            return brand_key(value)
        if facet == "country":
            return value.strip().upper()
        return value.strip()

    def docs_with(self, facet: str, values: Iterable[str]) -> frozenset[int]:
        """Return the live docnums having any of ``values`` in ``facet``."""
        table = self.values[facet]
        sets = [
            table.get(self.normalise(facet, value), frozenset()) for value in values
        ]
        if len(sets) == 1:
            return sets[0]
        return frozenset().union(*sets)

    def count(self, facet: str, docs: frozenset[int] | set[int]) -> Counter[str]:
        """Count the facet values of ``docs`` (keys: slugs, codes, brand keys)."""
        if not docs:
            return Counter()
        if docs is self.live and facet in self.totals:
            return self.totals[facet]
        table = self.values[facet]
        if len(table) <= SMALL_FACET:
            counts = Counter()
            for value, members in table.items():
                # CPython walks the smaller of the two sets.
                hits = len(docs & members)
                if hits:
                    counts[value] = hits
            return counts
        if facet == "brand":
            return Counter(map(self.brand.__getitem__, docs))
        if facet == "category":
            return Counter(map(self.category.__getitem__, docs))
        column = self.labels if facet == "label" else self.countries
        return Counter(chain.from_iterable(map(column.__getitem__, docs)))

    def _standing(self) -> list[float]:
        """Return per docnum its place in its category, 1.0 greenest, -1.0 unranked.

        Efficiency figures of different categories (kWh per year, lumens per watt)
        cannot be compared; a product's standing within its category can.
        """
        # Sort keys built once with C-level zip/map: sorting 35k products with a
        # Python key function costs several times more.
        keys = list(
            zip(map(neg, self.rank), map(neg, self.newest), self.pid, strict=True)
        )
        standing = [-1.0] * len(self.pid)
        for members in self.values["category"].values():
            ranked = sorted(
                (d for d in members if self.rank[d] != NO_RANK), key=keys.__getitem__
            )
            for position, docnum in enumerate(ranked):
                standing[docnum] = 1.0 - position / len(ranked)
        return standing

    def order(self, sort: str) -> list[int]:
        """Return live docnums greenest first ("efficiency") or newest first.

        "Greenest" is the standing within the product's own category, so a search
        across categories lists the best of each first.
        """
        with self._lock:
            found = self._orders.get(sort)
            if found is not None:
                return found
            if sort == "newest":
                first, second = self.newest, self.rank
            else:
                first, second = self._standing(), self.newest
            keys = list(zip(map(neg, first), map(neg, second), self.pid, strict=True))
            found = self._orders[sort] = sorted(self._live_order, key=keys.__getitem__)
            return found
