"""Every key of typed state the app and its requests keep, in one place."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from planettracker.access import AccessLog
from planettracker.config import Config
from planettracker.ephemeris import Ephemeris
from planettracker.events import EventCache
from planettracker.magnetic import MagneticDeclination
from planettracker.timezones import TimeZoneLookup

ACCESS_LOG = web.AppKey("access_log", AccessLog)
CONFIG = web.AppKey("config", Config)
EPHEMERIS = web.AppKey("ephemeris", Ephemeris)  # geocentric positions of recent instants
EVENTS = web.AppKey("events", EventCache)
DECLINATION = web.AppKey("declination", MagneticDeclination)  # WMM, cached per 1-degree cell
TIMEZONES = web.AppKey("timezones", TimeZoneLookup)
STATIC_ROOT = web.AppKey("static_root", Path)  # static/, resolved: the page's files
OPENAPI = web.AppKey("openapi", bytes)  # the OpenAPI document, serialized once

REQUEST_ID = web.RequestKey("request_id", str)
REQUEST_STARTED = web.RequestKey("request_started", float)  # time.perf_counter()
