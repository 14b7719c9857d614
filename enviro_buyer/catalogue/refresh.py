"""Bringing the search index up to date after a bulk write (import or load).

Bulk writes run with the commit-hook indexing paused, since indexing 35k products one
commit at a time would take minutes; afterwards the changed products are reindexed
together, or the whole index is rebuilt when it is missing or holds nothing yet (a
first start), which is faster than adding documents one batch at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from enviro_buyer.errors import SearchUnavailableError

logger = logging.getLogger(__name__)


def search_index_state() -> tuple[bool, int]:
    """Return whether the search index opens, and how many documents it holds."""
    from enviro_buyer.search.services import index_health

    health = index_health()
    return health.ok, health.documents if health.ok else 0


def refresh_search(changed_ids: Iterable[int], *, progress: bool = False) -> bool:
    """Reindex ``changed_ids``, or rebuild the index when it is missing or empty.

    Return False when the index could not be written: the database writes stand (it
    is the source of truth) and ``enviro-buyer index rebuild`` catches the index up.
    """
    from enviro_buyer.search.services import rebuild_index, reindex_products

    ids = sorted(set(changed_ids))
    if not ids:
        return True
    try:
        ok, documents = search_index_state()
        if not ok or documents == 0:
            count = rebuild_index(progress=progress)
            logger.info("Search index rebuilt with %s products", count)
        else:
            reindex_products(ids)
            logger.info("Search index refreshed for %s products", len(ids))
    except SearchUnavailableError as exc:
        logger.error(
            "Search index not updated for %s products (%s): run "
            "`enviro-buyer index rebuild`",
            len(ids),
            exc,
        )
        return False
    return True
