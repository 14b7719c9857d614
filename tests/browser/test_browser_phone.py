"""On a 375-pixel-wide phone no page scrolls sideways.

The journeys also run on a phone (test_browser_journeys.py); this checks every kind of
page the site has, including the ones no journey passes through.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_checks import assert_fits_width
from browser_pages import LANGS, PAGE_KINDS, open_path, page_path

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", PAGE_KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_page_scrolls_sideways(
    lang: str, kind: str, phone_page: Any, catalogue: Any
) -> None:
    """The page is laid out at the phone's width and nothing sticks out of it."""
    path, status = page_path(kind, lang, catalogue)
    open_path(phone_page, path, status)

    assert_fits_width(phone_page)
