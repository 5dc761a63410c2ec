"""Every key of typed state the app and its requests keep, in one place."""

from __future__ import annotations

from aiohttp import web

from planettracker.config import Config
from planettracker.events import EventCache
from planettracker.timezones import TimeZoneLookup

CONFIG = web.AppKey("config", Config)
EVENTS = web.AppKey("events", EventCache)
TIMEZONES = web.AppKey("timezones", TimeZoneLookup)
OPENAPI = web.AppKey("openapi", bytes)  # the OpenAPI document, serialized once

REQUEST_ID = web.RequestKey("request_id", str)
