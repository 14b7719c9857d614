"""Fixtures of the search tests.

``catalogue`` is built once per module (searching does not change it); tests that
write use the function-scoped ``app`` fixture of tests/conftest.py and
``factories.make_product``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apps import close_app
from search_sample import Catalogue, build_catalogue, make_search_app


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalogue]:
    """A module's app holding the sample products, indexed."""
    app = make_search_app(Path(tmp_path_factory.mktemp("search")) / "instance")
    sample = Catalogue(app, build_catalogue(app))
    yield sample
    close_app(app)
