"""Every key of typed state the app and its requests keep, in one place."""

from __future__ import annotations

import enum

from aiohttp import web

from planettracker.sky.observatory import Observatory
from planettracker.web.compression import Precompressed
from planettracker.web.config import Config

CONFIG = web.AppKey("config", Config)
OBSERVATORY = web.AppKey("observatory", Observatory)  # the astronomy shared by requests
# The page's files by URL, read and compressed at start-up (static.StaticFile).
STATIC = web.AppKey("static", dict)
# The OpenAPI document, serialized and compressed once.
OPENAPI = web.AppKey("openapi", Precompressed)
# The routes' resources whose answers any site's scripts may read (routes.py).
SHARED_RESOURCES = web.AppKey("shared_resources", frozenset)


class FileKind(enum.Enum):
    """What a file of the page is to the browser, which decides the headers of its
    answer (planettracker.web.headers)."""

    PAGE = "page"  # a document
    WORKER = "worker"  # the service worker's script
    ASSET = "asset"  # what a document loads: scripts, styles, images, the manifest


REQUEST_ID = web.RequestKey("request_id", str)
FILE_KIND = web.RequestKey("file_kind", FileKind)  # set when the answer is a file
