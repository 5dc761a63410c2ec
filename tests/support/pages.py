"""What the ``open_page`` fixture (tests/e2e/conftest.py) gives the browser tests:
the page opened in fresh phones, each remembered so that the fixture can check and
close them afterwards."""

from __future__ import annotations

from playwright.sync_api import Browser, Locator, ViewportSize

from harness.browser import PHONE, WatchedPage, phone_page


class OpenPage:
    """Call it to open the page (``path`` of ``url``, the module's server by default;
    None: not yet) in a fresh phone (harness.browser.phone_page)."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.browser = browser
        self.url = url
        self.opened: list[tuple[WatchedPage, frozenset[str]]] = []

    def __call__(
        self,
        geolocation: dict[str, float] | None = None,
        *,
        url: str | None = None,
        path: str | None = "/",
        sensors: bool = True,
        init_script: str | None = None,
        viewport: ViewportSize = PHONE,
        allowed_errors: frozenset[str] = frozenset(),
        clock: bool = False,
    ) -> WatchedPage:
        """``allowed_errors``: console errors expected (those containing one of these);
        ``clock``: the page on a clock the test moves (WatchedPage.install_clock)."""
        watched = phone_page(
            self.browser,
            url or self.url,
            geolocation,  # type: ignore[arg-type]
            sensors=sensors,
            viewport=viewport,
            init_script=init_script,
        )
        self.opened.append((watched, allowed_errors))
        if clock:
            watched.install_clock()
        if path is not None:
            watched.page.goto(path)
        return watched

    def close(self) -> list[tuple[list[str], list[str]]]:
        """Close every page opened; what each logged as a console error (but the
        allowed ones), and the requests it made outside its origin."""
        found = []
        for watched, allowed in self.opened:
            errors = [e for e in watched.errors if not any(a in e for a in allowed)]
            watched.page.context.close()
            found.append((errors, watched.foreign))
        return found


def check_tappable(control: Locator) -> None:
    """A control a fingertip can hit: shown, and at least 44 by 44 CSS pixels."""
    box = control.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    assert box["width"] >= 44
