"""Fixtures: the app built by its factory with a test config, and a client for it."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from browser import CHROMIUM, chromium_missing_message

from planettracker.app import create_app
from planettracker.config import Config


@pytest.fixture
def config() -> Config:
    return Config()


@pytest.fixture
async def client(aiohttp_client, config: Config) -> TestClient:  # type: ignore[no-untyped-def]
    return await aiohttp_client(await create_app(config))


def pytest_report_header() -> str:
    return chromium_missing_message() or f"browser tests: Chromium at {CHROMIUM}"
