"""Every key of typed state the app and its requests keep, in one place."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from planettracker.sky.observatory import Observatory
from planettracker.web.compression import Precompressed
from planettracker.web.config import Config

CONFIG = web.AppKey("config", Config)
OBSERVATORY = web.AppKey("observatory", Observatory)  # the astronomy shared by requests
STATIC_ROOT = web.AppKey("static_root", Path)  # static/, resolved: the page's files
# The OpenAPI document, serialized and compressed once.
OPENAPI = web.AppKey("openapi", Precompressed)
# The routes' resources whose answers any site's scripts may read (routes.py).
SHARED_RESOURCES = web.AppKey("shared_resources", frozenset)

REQUEST_ID = web.RequestKey("request_id", str)
