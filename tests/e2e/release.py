"""The service with the page's files from another folder, for the tests of releases
(test_offline): the Procfile's command runs it with only the app swapped, as the
benchmark swaps in its ceiling. ``RELEASE_STATIC_DIR`` names the folder."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from aiohttp import web

from planettracker.web.app import create_app
from planettracker.web.config import Config
from planettracker.web.server import graceful_runner


async def serve() -> web.AppRunner:
    config = replace(Config.from_env(), static_dir=Path(os.environ["RELEASE_STATIC_DIR"]))
    return graceful_runner(await create_app(config), config)
