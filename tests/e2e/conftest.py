"""Fixtures of the tests against the real server: the server with two workers, as
deployed, and the page opened in a fresh phone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from harness.server import Server
from tests.support.pages import OpenPage


@pytest.fixture(scope="module")
def two_workers() -> Iterator[Server]:
    """The real server with two workers (the platform's WEB_CONCURRENCY), for a
    module's tests; once it has stopped, its log must hold no traceback and no error."""
    with Server(workers=2) as running:
        yield running
    assert "Traceback" not in running.output
    assert " ERROR " not in running.output


@pytest.fixture
def open_page(browser: Browser, server: Server) -> Iterator[OpenPage]:
    """Open the page in fresh phones (see OpenPage); afterwards check that none made a
    request outside its origin or logged a console error but those allowed."""
    pages = OpenPage(browser, server.url)
    yield pages
    for errors, foreign in pages.close():
        assert errors == [], "console errors"
        assert foreign == [], "requests outside the page's origin"
