"""The OpenAPI 3.1 description of the API, served at /openapi.json.

The parameter bounds come from ``planettracker.web.query`` and the answers' schemas
from their types in ``planettracker.web.contract``, which the renderers build, so that
the document, the validation and the answers cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from planettracker.sky.bodies import BODIES
from planettracker.sky.stars import CATALOGUE
from planettracker.web import contract, parameters, query
from planettracker.web.config import Config
from planettracker.web.problems import MAX_HEADER_FIELD_BYTES, MAX_HEADERS, MAX_REQUEST_LINE_BYTES

Schema = dict[str, Any]


PARAMETERS: dict[str, Schema] = {p.name: p.openapi() for p in parameters.TABLE}

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# A problem comes as text to a request that asked for text (format=text, or Accept:
# text/plain without JSON): the same members, "name: value" one a line after the
# status, title and detail (planettracker.web.problems.problem_text).
_PROBLEM_CONTENT: Schema = {
    "application/problem+json": {"schema": _PROBLEM_REF},
    "text/plain": {"schema": {"type": "string"}},
}

COMPONENTS: Schema = {
    "schemas": contract.schemas(),
    "responses": {
        "BadRequest": {
            "description": "A parameter is missing, malformed, out of range, unknown, or "
            "repeated; or a body sent with GET, or not HTTP/1.1. As text/plain when the "
            "request asked for text (format=text, or Accept: text/plain without JSON)",
            "content": _PROBLEM_CONTENT,
        },
        "NotHttp": {
            "description": "Not readable as HTTP/1.1, or a body sent with GET or HEAD",
            "content": _PROBLEM_CONTENT,
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


def _problem(description: str, text: bool = False) -> Schema:
    """A problem answer; ``text``: also as text/plain, to a request that asked for text."""
    content = _PROBLEM_CONTENT if text else {"application/problem+json": {"schema": _PROBLEM_REF}}
    return {"description": description, "content": content}


def _json_object(description: str) -> Schema:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }


def _json(ref: str, description: str, text: bool = False) -> Schema:
    """An answer of the contract's type ``ref`` ("Sky|BriefSky": either)."""
    refs = [{"$ref": f"#/components/schemas/{name}"} for name in ref.split("|")]
    schema = refs[0] if len(refs) == 1 else {"anyOf": refs}
    content: Schema = {"application/json": {"schema": schema}}
    if text:
        content["text/plain"] = {"schema": {"type": "string"}}
    return {"description": description, "content": content}


_SKY_PARAMETERS = [{"$ref": f"#/components/parameters/{name}"} for name in query.SKY_PARAMETERS]
_STAR_PARAMETERS = [{"$ref": f"#/components/parameters/{name}"} for name in query.STAR_PARAMETERS]
_TONIGHT_PARAMETERS = [
    {"$ref": f"#/components/parameters/{name}"} for name in query.TONIGHT_PARAMETERS
]


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
                        "200": _json(
                            "Sky|BriefSky", "The sky (JSON, or a table with format=text)", True
                        ),
                        "400": {"$ref": "#/components/responses/BadRequest"},
                        **_LIMITS,
                    },
                }
            },
            "/planets/{name}": {
                "get": {
                    "operationId": "getPlanet",
                    "summary": "One planet, or the Sun or the Moon",
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "description": "A planet, the Sun or the Moon, case-insensitive: "
                            + ", ".join(BODIES),
                            "schema": {"type": "string"},
                        },
                        *_SKY_PARAMETERS,
                    ],
                    "responses": {
                        "200": _json(
                            "Planet|BriefPlanet",
                            "The planet (JSON, or with format=text a table)",
                            True,
                        ),
                        "400": {"$ref": "#/components/responses/BadRequest"},
                        "404": _problem(
                            "Not a planet, the Sun or the Moon; valid_names lists them", True
                        ),
                        **_LIMITS,
                    },
                }
            },
            "/tonight": {
                "get": {
                    "operationId": "getTonight",
                    "summary": "What can be seen tonight, when, and where to look",
                    "description": "The night in progress at `at` if the Sun has set, else "
                    "the next one: twilight, when each planet and the Moon can be seen with "
                    "the naked eye and where, the Moon, close pairs; with track=1 the sky "
                    "every 10 minutes. format=text gives a terminal answer.\n\n"
                    "A body's best time is when it stands out most in its intervals: where "
                    "its margin over the naked eye's limiting magnitude at its place in the "
                    "sky is largest. The limit is B. E. Schaefer's model (Astronomy and "
                    "the limits of vision, Vistas in Astronomy 36, 1993, 311; as his "
                    "VISLIMIT program gives it, Sky & Telescope, May 1998, p. 57), in V: the "
                    "dark sky's brightness plus the Sun's twilight or daylight (one "
                    "magnitude brighter for each degree the Sun rises, brighter near the Sun "
                    "and the horizon; moonlight left out), and the eye's threshold against "
                    "it: about 6.5 in a dark sky, 0 at sunrise, -3 in daylight. The body is "
                    "dimmed by 0.3 magnitude per air mass (Kasten and Young 1989). So a "
                    "bright planet rising at dawn is best before the sky brightens, not at "
                    "sunrise; one setting at dusk, as the sky darkens (best.timing). "
                    "A reason names the cause: the Sun's glare, the horizon, too low, the "
                    "midnight sun, daylight, twilight too bright for its magnitude, or too "
                    "faint even in a dark sky (then binoculars or a telescope).",
                    "parameters": _TONIGHT_PARAMETERS,
                    "responses": {
                        "200": _json("Tonight", "Tonight (JSON, or with format=text a text)", True),
                        "400": {"$ref": "#/components/responses/BadRequest"},
                        **_LIMITS,
                    },
                }
            },
            "/stars": {
                "get": {
                    "operationId": "getStars",
                    "summary": "The bright stars above the horizon, brightest first: "
                    f"PyEphem's catalogue of {len(CATALOGUE)}, to magnitude "
                    f"{CATALOGUE[-1].magnitude:g}",
                    "parameters": _STAR_PARAMETERS,
                    "responses": {
                        "200": _json("Stars", "The stars (JSON, or a table: format=text)", True),
                        "400": {"$ref": "#/components/responses/BadRequest"},
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
