"""The OpenAPI 3.1 description of the API, served at /openapi.json.

The parameter bounds come from ``planettracker.web.query`` and the members of the
answers from ``planettracker.web.render``, so that the document, the validation and
the answers cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from planettracker.sky.bodies import PLANETS
from planettracker.sky.tracker import STANDARD_TEMPERATURE_C
from planettracker.sky.visibility import STATES
from planettracker.web import query
from planettracker.web.config import Config
from planettracker.web.problems import MAX_HEADER_FIELD_BYTES, MAX_HEADERS, MAX_REQUEST_LINE_BYTES
from planettracker.web.render import BODY_FIELDS, BRIEF_FIELDS, EVENT_FIELDS, OBSERVER_FIELDS

Schema = dict[str, Any]


def _number(minimum: float, maximum: float, description: str) -> Schema:
    return {"type": "number", "minimum": minimum, "maximum": maximum, "description": description}


def _parameter(name: str, schema: Schema, description: str, **extra: Any) -> Schema:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **extra,
    }


_FLAG = {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]}
_INSTANT = {"type": "string", "format": "date-time", "description": "ISO 8601, UTC"}
_NULLABLE_INSTANT = {
    "type": ["string", "null"],
    "format": "date-time",
    "description": "ISO 8601, UTC; null when the body does not rise or set",
}

PARAMETERS: dict[str, Schema] = {
    "lat": _parameter(
        "lat",
        _number(*query.LAT_RANGE, "degrees"),
        "Latitude in decimal degrees, north positive. Give lat and lon together; "
        "both absent means the Royal Observatory, Greenwich.",
    ),
    "lon": _parameter(
        "lon",
        _number(*query.LON_RANGE, "degrees"),
        "Longitude in decimal degrees, east positive. Give lat and lon together.",
    ),
    "elevation": _parameter(
        "elevation",
        _number(*query.ELEVATION_RANGE, "metres"),
        "Metres above sea level (default 0). Needs lat and lon.",
    ),
    "at": _parameter(
        "at",
        {"type": "string", "format": "date-time", "maxLength": query.MAX_VALUE_LENGTH},
        "ISO 8601 instant (2026-03-01T21:30:00Z or with an offset; without one, UTC) "
        "between 1900-01-01 and 2100-01-01. Default: now.",
    ),
    "temperature": _parameter(
        "temperature",
        _number(*query.TEMPERATURE_RANGE, "degrees Celsius"),
        f"Air temperature for refraction, degrees Celsius (default {STANDARD_TEMPERATURE_C:g}).",
    ),
    "pressure": _parameter(
        "pressure",
        _number(*query.PRESSURE_RANGE, "mbar"),
        "Air pressure for refraction, mbar (default: the standard atmosphere at the "
        "elevation). 0 turns refraction off.",
    ),
    "events": _parameter("events", _FLAG, "1 adds the next rise, transit and set of each body."),
    "format": _parameter(
        "format",
        {"type": "string", "enum": list(query.FORMATS)},
        "json (default) or text: an aligned plain-text table.",
    ),
    "color": _parameter("color", _FLAG, "1 adds ANSI colours to format=text."),
    "brief": _parameter(
        "brief",
        _FLAG,
        "1 keeps only what a chart needs of each body (" + ", ".join(BRIEF_FIELDS) + "), "
        "for a smaller answer: what the page polls.",
    ),
}

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

_BODY_PROPERTIES: Schema = {
    "name": {"type": "string"},
    "az": {
        "type": "number",
        "minimum": 0,
        "exclusiveMaximum": 360,
        "description": "Azimuth, degrees from north through east",
    },
    "alt": {
        "type": "number",
        "minimum": -90,
        "maximum": 90,
        "description": "Apparent (refracted) altitude above the horizon, degrees",
    },
    "ra": {
        "type": "number",
        "minimum": 0,
        "maximum": 360,
        "description": "Apparent topocentric right ascension of date, degrees",
    },
    "dec": {
        "type": "number",
        "minimum": -90,
        "maximum": 90,
        "description": "Apparent topocentric declination of date, degrees",
    },
    "magnitude": {"type": "number", "description": "Visual magnitude (smaller is brighter)"},
    "constellation": {"type": "string"},
    "distance_au": {"type": "number", "minimum": 0, "description": "Distance from Earth, au"},
    "phase": {
        "type": "number",
        "minimum": 0,
        "maximum": 100,
        "description": "Percent of the disc illuminated",
    },
    "elongation": {
        "type": "number",
        "minimum": 0,
        "maximum": 180,
        "description": "Angle from the Sun, degrees",
    },
    "direction": {"type": "string", "description": "16-point compass direction, e.g. SSE"},
    "above_horizon": {"type": "boolean"},
    "naked_eye": {
        "type": "boolean",
        "description": "Above the horizon and bright enough for the sky's darkness",
    },
    "rise": _NULLABLE_INSTANT,
    "transit": {**_NULLABLE_INSTANT, "description": "ISO 8601, UTC: next meridian crossing"},
    "set": _NULLABLE_INSTANT,
    "always_up": {"type": "boolean"},
    "never_up": {"type": "boolean"},
}
if tuple(_BODY_PROPERTIES) != (*BODY_FIELDS, *EVENT_FIELDS):  # pragma: no cover
    raise AssertionError("the Body schema and render.BODY_FIELDS disagree")
_BODY_REQUIRED = list(BRIEF_FIELDS)  # the others are left out with brief=1

COMPONENTS: Schema = {
    "schemas": {
        "Body": {
            "type": "object",
            "description": "A body's place in the observer's sky. With brief=1, only "
            + ", ".join(BRIEF_FIELDS)
            + ". rise, transit, set, always_up and never_up are present only with events=1.",
            "properties": _BODY_PROPERTIES,
            "required": _BODY_REQUIRED,
            "additionalProperties": False,
        },
        "Observer": {
            "type": "object",
            "properties": {
                "lat": {"type": "number"},
                "lon": {"type": "number"},
                "elevation": {"type": "number", "description": "metres"},
                "temperature": {"type": "number", "description": "degrees Celsius"},
                "pressure": {"type": "number", "description": "mbar"},
                "timezone": {"type": "string", "description": "IANA time zone name"},
                "default": {"type": "boolean", "description": "true: Greenwich, no place given"},
                "magnetic_declination": {
                    "type": ["number", "null"],
                    "minimum": -180,
                    "maximum": 180,
                    "description": "Degrees from true north to magnetic north at this place "
                    "today, east positive (true heading = magnetic heading + this), from the "
                    "World Magnetic Model 2025, to 0.01 degree; for today's date whatever "
                    "`at` asks, since a compass reads today's field. null outside the "
                    "model's life span (2025.0 to 2030.0).",
                },
            },
            "required": list(OBSERVER_FIELDS),
            "additionalProperties": False,
        },
        "Planet": {
            "type": "object",
            "description": "A planet's Body fields, then the instant and observer used.",
            "properties": {
                **_BODY_PROPERTIES,
                "name": {"type": "string", "enum": list(PLANETS)},
                "at": _INSTANT,
                "observer": {"$ref": "#/components/schemas/Observer"},
            },
            "required": [*_BODY_REQUIRED, "at", "observer"],
            "additionalProperties": False,
        },
        "Sky": {
            "type": "object",
            "properties": {
                "at": _INSTANT,
                "observer": {"$ref": "#/components/schemas/Observer"},
                "sky": {"type": "string", "enum": list(STATES)},
                "sun": {"$ref": "#/components/schemas/Body"},
                "moon": {"$ref": "#/components/schemas/Body"},
                "planets": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Body"},
                    "minItems": len(PLANETS),
                    "maxItems": len(PLANETS),
                },
            },
            "required": ["at", "observer", "sky", "sun", "moon", "planets"],
            "additionalProperties": False,
        },
        "Location": {
            "type": "object",
            "properties": {
                "lat": _number(*query.LAT_RANGE, "degrees north"),
                "lon": _number(*query.LON_RANGE, "degrees east"),
                "elevation": _number(*query.ELEVATION_RANGE, "metres"),
            },
            "required": ["lat", "lon"],
            "additionalProperties": False,
        },
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details",
            "properties": {
                "type": {"type": "string", "format": "uri-reference"},
                "title": {"type": "string"},
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": {"type": "string"},
                "parameter": {"type": "string", "description": "the offending parameter"},
                "valid_names": {"type": "array", "items": {"type": "string"}},
                "request_id": {"type": "string"},
            },
            "required": ["type", "title", "status", "detail", "request_id"],
        },
    },
    "responses": {
        "BadRequest": {
            "description": "A parameter is missing, malformed, out of range, unknown, or "
            "repeated; or a body sent with GET, or not HTTP/1.1",
            "content": {"application/problem+json": {"schema": _PROBLEM_REF}},
        },
        "NotHttp": {
            "description": "Not readable as HTTP/1.1, or a body sent with GET or HEAD",
            "content": {"application/problem+json": {"schema": _PROBLEM_REF}},
        },
        "UriTooLong": {
            "description": f"The URL is longer than {MAX_REQUEST_LINE_BYTES} bytes",
            "content": {"application/problem+json": {"schema": _PROBLEM_REF}},
        },
        "HeadersTooLarge": {
            "description": f"A header longer than {MAX_HEADER_FIELD_BYTES} bytes, or more "
            f"than {MAX_HEADERS} headers",
            "content": {"application/problem+json": {"schema": _PROBLEM_REF}},
        },
    },
}
# Any request can meet the limits of the connection (planettracker.web.server).
_DEFAULTS = Config()
_LIMITS = {
    "414": {"$ref": "#/components/responses/UriTooLong"},
    "431": {"$ref": "#/components/responses/HeadersTooLarge"},
}
_NOT_HTTP = {"400": {"$ref": "#/components/responses/NotHttp"}}


def _problem(description: str) -> Schema:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _PROBLEM_REF}},
    }


def _json_object(description: str) -> Schema:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }


def _json(ref: str, description: str, text: bool = False) -> Schema:
    content: Schema = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}
    if text:
        content["text/plain"] = {"schema": {"type": "string"}}
    return {"description": description, "content": content}


_SKY_PARAMETERS = [{"$ref": f"#/components/parameters/{name}"} for name in query.SKY_PARAMETERS]


_OPTIONS = {
    "summary": "The methods this address takes (Allow); on the JSON API, a CORS preflight",
    "responses": {
        "204": {
            "description": "No content: the Allow header lists the methods",
            "headers": {"Allow": {"schema": {"type": "string"}}},
        },
        **_NOT_HTTP,
        **_LIMITS,
    },
}


def openapi_document() -> Schema:
    """The whole document, as a JSON-serializable dict."""
    document = _document()
    for path, item in document["paths"].items():
        operation = next(iter(item.values()))["operationId"]
        item["options"] = {**_OPTIONS, "operationId": f"{operation}Options"}
        if path == "/planets/{name}":
            item["options"]["parameters"] = item["get"]["parameters"][:1]
    return document


def _document() -> Schema:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "PlanetTracker",
            "version": "1.0.0",
            "summary": "Where the planets are in your sky: azimuth, altitude and more.",
        },
        "paths": {
            "/planets": {
                "get": {
                    "operationId": "getSky",
                    "summary": "The seven planets, the Sun, the Moon and the sky's state",
                    "parameters": _SKY_PARAMETERS,
                    "responses": {
                        "200": _json("Sky", "The sky (JSON, or a table with format=text)", True),
                        "400": {"$ref": "#/components/responses/BadRequest"},
                        **_LIMITS,
                    },
                }
            },
            "/planets/{name}": {
                "get": {
                    "operationId": "getPlanet",
                    "summary": "One planet",
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "description": "A planet, case-insensitive: " + ", ".join(PLANETS),
                            "schema": {"type": "string"},
                        },
                        *_SKY_PARAMETERS,
                    ],
                    "responses": {
                        "200": _json(
                            "Planet", "The planet (JSON, or with format=text a table)", True
                        ),
                        "400": {"$ref": "#/components/responses/BadRequest"},
                        "404": _problem("Not one of the seven planets; valid_names lists them"),
                        **_LIMITS,
                    },
                }
            },
            "/geo_location": {
                "post": {
                    "operationId": "checkLocation",
                    "summary": "Validate a location and answer it normalized (nothing is stored)",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": {"$ref": "#/components/schemas/Location"}
                            },
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Location"}
                            },
                        },
                    },
                    "responses": {
                        "200": _json("Location", "The location, normalized"),
                        "400": _problem(
                            "A field is missing, malformed or out of range, or the body unreadable"
                        ),
                        "408": _problem(
                            f"The body did not all arrive in time ({_DEFAULTS.body_timeout_s:g} s "
                            "unless the operator set BODY_TIMEOUT_S)"
                        ),
                        "413": _problem(
                            f"The body is larger than {_DEFAULTS.max_body_bytes // 1024} KiB"
                        ),
                        "415": _problem("Neither a form nor JSON"),
                        **_LIMITS,
                    },
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "Health check",
                    "responses": {
                        "200": {
                            "description": "The service is up",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"status": {"const": "ok"}},
                                        "required": ["status"],
                                    }
                                }
                            },
                        },
                        **_NOT_HTTP,
                        **_LIMITS,
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {
                        "200": _json_object("OpenAPI 3.1 document"),
                        **_NOT_HTTP,
                        **_LIMITS,
                    },
                }
            },
            "/": {
                "get": {
                    "operationId": "index",
                    "summary": "The page for browsers (Accept: text/html); usage and the sky "
                    "at Greenwich as plain text for anything else",
                    "responses": {
                        "200": {
                            "description": "HTML page or plain-text usage",
                            "content": {
                                "text/html": {"schema": {"type": "string"}},
                                "text/plain": {"schema": {"type": "string"}},
                            },
                        },
                        **_NOT_HTTP,
                        **_LIMITS,
                    },
                }
            },
        },
        "components": {**COMPONENTS, "parameters": PARAMETERS},
    }
