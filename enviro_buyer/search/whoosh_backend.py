"""Whoosh as the search backend: a pool of open searchers over the live index.

A search runs in four steps, each cheap on 35k products:

1. the user text becomes a plan of plain words and their alternatives (``query``);
   the products it matches are set operations over posting sets read once per index
   generation, without scoring (``matching``);
2. filters and facets are set operations over the ``IndexView`` of the searcher's
   index generation (``cache``): each facet is counted over the matches filtered by
   the *other* facets (multi-select faceting, so a person can widen a choice);
3. the page is the top of the filtered matches: ranked by boost × idf for relevance
   (``matching``), or taken from a precomputed order for "efficiency" and "newest"
   (and for a search without words, which lists the greenest first);
4. only the hits of the page are highlighted, and misspelt words corrected.

Searchers stay open between requests (a small pool, one per concurrent request) and
are replaced by a fresh one when the index changes or when one turns out closed.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from whoosh.reading import ReaderClosed

from enviro_buyer.errors import SearchUnavailableError
from enviro_buyer.i18n import _
from enviro_buyer.search.backend import (
    FACET_FIELDS,
    SORTS,
    Health,
    Hit,
    SearchBackend,
    SearchRequest,
    SearchResult,
)
from enviro_buyer.search.cache import IndexView, SegmentCache
from enviro_buyer.search.highlight import snippet
from enviro_buyer.search.matching import match, matched_words, rank
from enviro_buyer.search.query import (
    ParsedQuery,
    QueryPlan,
    build_plan,
    parse_user_text,
)
from enviro_buyer.search.results import facet_values, notice_text
from enviro_buyer.search.schema import schema_is_current
from enviro_buyer.search.store import IndexStore, document_problem
from enviro_buyer.search.suggest import spelling_table, suggest

logger = logging.getLogger(__name__)

MAX_PER_PAGE = 100
POOL_SIZE = 8
# A new generation's view replaces the old one (searches still running keep theirs).
VIEWS_KEPT = 1


class WhooshBackend(SearchBackend):
    """The embedded search backend: a Whoosh index in a folder of the instance."""

    def __init__(
        self, index_dir: str | Path, lock_timeout: float = 30.0, max_page: int = 500
    ) -> None:
        self.store = IndexStore(index_dir, lock_timeout)
        self.max_page = max_page
        self._segments = SegmentCache()
        self._views: OrderedDict[tuple[str, int], IndexView] = OrderedDict()
        self._views_lock = threading.Lock()
        self._idle: list[tuple[str, Any]] = []
        self._pool_lock = threading.Lock()

    # Writing

    def index(self, documents: Iterable[Mapping[str, Any]]) -> None:
        """Add or replace documents, waiting for the write lock."""
        self.update(documents, ())

    def delete(self, product_ids: Iterable[int]) -> None:
        """Remove products from the index, waiting for the write lock."""
        self.update((), (str(pid) for pid in product_ids))

    def update(
        self, documents: Iterable[Mapping[str, Any]], removed: Iterable[str]
    ) -> None:
        """Replace ``documents`` and remove the ids in ``removed``, in one commit.

        Ids are product ids as text, or ``category:<slug>`` and ``label:<slug>``.
        """
        names = self.store.schema_names
        accepted = []
        for document in documents:
            problem = document_problem(document, names)
            if problem:
                logger.warning(
                    "Document %s not indexed: %s", document.get("id"), problem
                )
            else:
                accepted.append(document)
        removed = list(removed)
        if not (accepted or removed):
            return
        with self.store.writer() as writer:
            for document_id in removed:
                writer.delete_by_term("id", document_id)
            for document in accepted:
                writer.update_document(**document)

    def rebuild(
        self, documents: Iterable[Mapping[str, Any]], expected: int | None = None
    ) -> int:
        """Write a fresh index from ``documents``, swap it in, return its products.

        ``expected`` (the number of products coming) lets a large rebuild use
        several processes.
        """
        count = self.store.rebuild(documents, expected=expected)
        self.close()
        return count

    # Searchers

    def _take(self, name: str) -> Any | None:
        """Take an idle searcher of generation ``name``; close those of others."""
        with self._pool_lock:
            stale = [s for n, s in self._idle if n != name]
            self._idle = [(n, s) for n, s in self._idle if n == name]
            found = self._idle.pop()[1] if self._idle else None
        for searcher in stale:
            searcher.close()
        return found

    def _give(self, name: str, searcher: Any) -> None:
        """Return a searcher to the pool (or close it when the pool is full)."""
        with self._pool_lock:
            if len(self._idle) < POOL_SIZE and not searcher.is_closed:
                self._idle.append((name, searcher))
                return
        searcher.close()

    def close(self) -> None:
        """Close every idle searcher (they are reopened on demand)."""
        with self._pool_lock:
            idle, self._idle = self._idle, []
        for _name, searcher in idle:
            searcher.close()

    @contextmanager
    def searcher(self) -> Iterator[tuple[str, Any] | None]:
        """Lend an up-to-date searcher of the live index, or None when there is none."""
        found = self.store.current()
        if found is None:
            yield None
            return
        name, index = found
        searcher = self._take(name)
        if searcher is not None and not searcher.is_closed:
            try:
                if not searcher.up_to_date():
                    # XXX: not Searcher.refresh(): it reuses segment readers by
                    # segment id, so a segment that gained deletions keeps its old
                    # deletion set, and a merged-away segment can stay in the reader
                    # (updated products then count twice). A fresh searcher reads
                    # the current TOC; segment columns stay cached by segment id.
                    searcher.close()
                    searcher = None
            except (ReaderClosed, OSError):
                searcher = None
        if searcher is None or searcher.is_closed:
            searcher = index.searcher()
        try:
            yield name, searcher
        except BaseException:
            searcher.close()
            raise
        self._give(name, searcher)

    def view(self, name: str, searcher: Any) -> IndexView:
        """Return the facet and sort cache of the searcher's index generation."""
        key = (name, searcher.reader().generation())
        with self._views_lock:
            found = self._views.get(key)
            if found is None:
                found = self._views[key] = IndexView(searcher, self._segments)
                while len(self._views) > VIEWS_KEPT:
                    self._views.popitem(last=False)
                kept = set().union(*(v.segment_ids for v in self._views.values()))
                self._segments.retain(kept)
            return found

    # Searching

    def search(self, request: SearchRequest) -> SearchResult:
        """Answer one search with filters, facets, sort and page."""
        parsed = parse_user_text(request.text)
        for attempt in range(2):
            try:
                with self.searcher() as found:
                    if found is None:
                        logger.warning(
                            "Search without an index in %s: run `enviro-buyer index "
                            "rebuild`",
                            self.store.root,
                        )
                        return self._empty(request, parsed)
                    return self._search(request, parsed, *found)
            except (ReaderClosed, FileNotFoundError) as exc:
                # The reader was closed under us, or its generation was removed by
                # two quick rebuilds: drop the pool and retry once on a fresh one.
                self.close()
                if attempt:
                    raise SearchUnavailableError(
                        f"the search index could not be read: {exc}"
                    ) from None
        raise AssertionError("unreachable")

    def _page_bounds(self, request: SearchRequest) -> tuple[int, int]:
        """Return the page number and page size, clamped to sane values."""
        per_page = min(max(int(request.per_page), 1), MAX_PER_PAGE)
        page = min(max(int(request.page), 1), self.max_page)
        return page, per_page

    def _empty(self, request: SearchRequest, parsed: ParsedQuery) -> SearchResult:
        """Return a result with nothing in it."""
        page, per_page = self._page_bounds(request)
        return SearchResult(
            total=0,
            hits=[],
            page=page,
            per_page=per_page,
            facets={name: [] for name in FACET_FIELDS} if request.with_facets else {},
            notice=notice_text(parsed.notices),
        )

    def _search(
        self, request: SearchRequest, parsed: ParsedQuery, name: str, searcher: Any
    ) -> SearchResult:
        """Run the search on one searcher."""
        view = self.view(name, searcher)
        page, per_page = self._page_bounds(request)
        plan = QueryPlan()
        matches: frozenset[int] = view.live
        if parsed.words:
            plan = build_plan(parsed, request.lang, searcher)
            matches = match(plan, view, searcher.reader())

        chosen = {
            facet: view.docs_with(facet, values)
            for facet, values in request.filters.items()
            if facet in FACET_FIELDS and values
        }
        results = matches
        for docs in chosen.values():
            results = results & docs

        offset = (page - 1) * per_page
        docnums: list[tuple[int, float]] = []
        if results and offset < len(results):
            if request.sort not in SORTS:
                logger.info("Unknown sort %r; using relevance", request.sort)
            if parsed.words and request.sort not in ("efficiency", "newest"):
                ranked = rank(plan, results, view, searcher, offset + per_page)
                docnums = ranked[offset:]
            else:
                order = view.order(
                    "newest" if request.sort == "newest" else "efficiency"
                )
                page_docs = islice(
                    filter(results.__contains__, order), offset, offset + per_page
                )
                docnums = [(docnum, 0.0) for docnum in page_docs]

        hits = []
        for docnum, score in docnums:
            highlight = ""
            if request.with_highlights:
                stored = searcher.stored_fields(docnum)
                highlight = snippet(stored, request.lang, plan.terms)
            hits.append(
                Hit(product_id=view.pid[docnum], score=score, highlight=highlight)
            )

        return SearchResult(
            total=len(results),
            hits=hits,
            page=page,
            per_page=per_page,
            facets=facet_values(view, request, matches, chosen)
            if request.with_facets
            else {},
            suggestion=self._suggestion(parsed, plan, request.lang, view, searcher),
            notice=notice_text(parsed.notices),
        )

    @staticmethod
    def _suggestion(
        parsed: ParsedQuery,
        plan: QueryPlan,
        lang: str,
        view: IndexView,
        searcher: Any,
    ) -> str | None:
        """Return the query with its misspelt words corrected, if it has any."""
        if not parsed.words:
            return None
        known = matched_words(plan, view, searcher.reader())
        spellings = view.spellings(lambda: spelling_table(searcher, view.vocabulary))
        return suggest(
            parsed, lang, searcher, known=known, memo=view.memo, spellings=spellings
        )

    # Health

    def health(self) -> Health:
        """Report whether the index opens and answers, and its size."""
        try:
            with self.searcher() as found:
                if found is None:
                    return Health(
                        False, 0, _("no index yet: run `enviro-buyer index rebuild`")
                    )
                name, searcher = found
                if not schema_is_current(searcher.schema):
                    return Health(
                        False,
                        searcher.doc_count(),
                        _(
                            "the index was built by another version: run "
                            "`enviro-buyer index rebuild`"
                        ),
                    )
                products = len(self.view(name, searcher).live)
                return Health(True, products, _("generation %(name)s", name=name))
        except (SearchUnavailableError, OSError, ReaderClosed) as exc:
            return Health(False, 0, str(exc))
