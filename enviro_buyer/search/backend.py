"""The interface every search backend implements, and the values it exchanges.

Views and the API build a ``SearchRequest`` and get a ``SearchResult`` back; they never
see Whoosh. A search server (Typesense) or PostgreSQL full-text search can take over by
implementing ``SearchBackend`` with the same behaviour.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FACET_FIELDS = ("category", "label", "country", "brand")
SORTS = ("relevance", "efficiency", "newest")


@dataclass(frozen=True)
class SearchRequest:
    """What a person or client asked for, already validated."""

    text: str = ""
    lang: str = "en"
    # Facet name (one of FACET_FIELDS) -> accepted values; values of one facet are ORed,
    # facets are ANDed. Values are category slugs, label slugs, country codes, brands.
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    with_facets: bool = True
    with_highlights: bool = True
    # Values listed per facet, most frequent first (selected values always appear);
    # None lists every value.
    facet_limit: int | None = 50


@dataclass
class Hit:
    """One matching product: its id, score and an HTML-safe highlighted snippet."""

    product_id: int
    score: float = 0.0
    highlight: str = ""


@dataclass
class FacetValue:
    """One value of a facet with the number of matching products that have it."""

    value: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    """What a search found: a page of hits, the total, facets and a suggestion."""

    total: int
    hits: list[Hit]
    page: int
    per_page: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    # A corrected query when some words of the query look misspelt, else None.
    suggestion: str | None = None
    # Set when part of the query was ignored (a bare wildcard, an over-long word).
    notice: str | None = None

    @property
    def pages(self) -> int:
        """Number of result pages."""
        return max(1, -(-self.total // self.per_page))


@dataclass
class Health:
    """Whether the backend can answer, and how many documents it holds."""

    ok: bool
    documents: int
    detail: str = ""


class SearchBackend(ABC):
    """Operations every search backend offers."""

    @abstractmethod
    def index(self, documents: Iterable[Mapping[str, Any]]) -> None:
        """Add or replace the given product documents (matched by their ``id``)."""

    @abstractmethod
    def delete(self, product_ids: Iterable[int]) -> None:
        """Remove the given products from the index."""

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult:
        """Answer one search with filters, facets, sort and page."""

    @abstractmethod
    def rebuild(self, documents: Iterable[Mapping[str, Any]]) -> int:
        """Build a fresh index from ``documents``, swap it in, return its size."""

    @abstractmethod
    def health(self) -> Health:
        """Report whether the index can be searched."""
