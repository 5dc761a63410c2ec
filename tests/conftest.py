"""Fixtures: the app built by its factory with a test config, and a client for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from playwright.sync_api import Browser, sync_playwright

from harness.browser import CHROMIUM, LAUNCH_ARGS, chromium_missing_message, require_chromium
from harness.server import Server
from planettracker.sky.magnetic import MagneticDeclination
from planettracker.web.access import AccessLog
from planettracker.web.app import create_app
from planettracker.web.config import Config
from planettracker.web.keys import OBSERVATORY
from planettracker.web.server import connection_settings
from tests.support.clock import FakeClock


@pytest.fixture
def config() -> Config:
    return Config()


class AppServer(TestServer):
    """aiohttp's test server, its runner given ``settings`` (aiohttp's own test
    server takes none for its runner)."""

    def __init__(self, app: web.Application, settings: dict[str, Any]) -> None:
        super().__init__(app)
        self.settings = settings

    async def _make_runner(self, **kwargs: Any) -> web.AppRunner:
        return web.AppRunner(self.app, **{**kwargs, **self.settings})


async def serve_app(
    aiohttp_client, app, config: Config, log: AccessLog | None = None
) -> TestClient:  # type: ignore[no-untyped-def]
    """A test client for ``app``, its connections set up as in production (limits,
    the access log, written to ``log``)."""
    settings = connection_settings(config, log if log is not None else AccessLog())
    return await aiohttp_client(AppServer(app, settings))


@pytest.fixture
async def client(aiohttp_client, config: Config) -> TestClient:  # type: ignore[no-untyped-def]
    return await serve_app(aiohttp_client, await create_app(config), config)


@pytest.fixture
async def expired_client(aiohttp_client, config: Config) -> TestClient:  # type: ignore[no-untyped-def]
    """A client of the app on a day when its magnetic model has expired (mid-2030)."""
    app = await create_app(config)
    app[OBSERVATORY].declination = MagneticDeclination(clock=FakeClock.on(2030, 6, 1))
    return await serve_app(aiohttp_client, app, config)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """The real server (the Procfile command), one worker, for a module's tests;
    modules that need another set-up define their own."""
    with Server(workers=1) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright, for a module's browser tests."""
    require_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


def pytest_report_header() -> str:
    return chromium_missing_message() or f"browser tests: Chromium at {CHROMIUM}"
