"""Fixtures: the app built by its factory with a test config, and a client for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiohttp.test_utils import TestClient
from browser import CHROMIUM, LAUNCH_ARGS, chromium_missing_message, require_chromium
from playwright.sync_api import Browser, sync_playwright
from server import Server

from planettracker.app import create_app
from planettracker.config import Config


@pytest.fixture
def config() -> Config:
    return Config()


@pytest.fixture
async def client(aiohttp_client, config: Config) -> TestClient:  # type: ignore[no-untyped-def]
    return await aiohttp_client(await create_app(config))


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
