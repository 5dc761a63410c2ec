"""The OpenAPI 3.1 description of the API, served at /openapi.json.

The parameter bounds come from ``planettracker.web.query`` and the members of the
answers from ``planettracker.web.render``, so that the document, the validation and
the answers cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from planettracker.sky.bodies import BODIES, COMPASS_POINTS, PLANETS
from planettracker.sky.stars import CATALOGUE, DIRECTIONS, LANDMARK_MAGNITUDE, LANDMARK_SEPARATION
from planettracker.sky.tonight import (
    DEFAULT_MIN_ALT,
    MIN_ALT_RANGE,
    PHASES,
    REASONS,
    SEEN,
    TIMINGS,
)
from planettracker.sky.tracker import STANDARD_TEMPERATURE_C
from planettracker.sky.visibility import STATES
from planettracker.web import query
from planettracker.web.config import Config
from planettracker.web.problems import MAX_HEADER_FIELD_BYTES, MAX_HEADERS, MAX_REQUEST_LINE_BYTES
from planettracker.web.render import (
    BODY_FIELDS,
    BRIEF_FIELDS,
    EVENT_FIELDS,
    LANDMARK_FIELDS,
    OBSERVER_FIELDS,
    STAR_FIELDS,
)
from planettracker.web.render_tonight import (
    BEST_FIELDS,
    INTERVAL_FIELDS,
    MOON_FIELDS,
    NIGHT_BODY_FIELDS,
    NIGHT_FIELDS,
    PAIR_FIELDS,
    STAGE_FIELDS,
    TRACK_FIELDS,
    TRACKED_FIELDS,
    TWILIGHT_FIELDS,
)

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
        "json (default) or text: an aligned plain-text table (and errors as text, with "
        "the same status).",
    ),
    "color": _parameter("color", _FLAG, "1 adds ANSI colours to format=text."),
    "min_alt": _parameter(
        "min_alt",
        _number(*MIN_ALT_RANGE, "degrees"),
        "/tonight: the lowest apparent altitude worth looking at, degrees "
        f"(default {DEFAULT_MIN_ALT:g}).",
    ),
    "track": _parameter(
        "track",
        _FLAG,
        "/tonight: 1 adds every body's az/alt every 10 minutes (whole 10 minutes of UTC) "
        "from an hour before sunset to an hour after sunrise.",
    ),
    "brief": _parameter(
        "brief",
        _FLAG,
        "1 keeps only what a chart needs of each body (" + ", ".join(BRIEF_FIELDS) + "), "
        "its angles to 0.01 degree, for a smaller answer: what the page polls.",
    ),
}

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# A problem comes as text to a request that asked for text (format=text, or Accept:
# text/plain without JSON): the same members, "name: value" one a line after the
# status, title and detail (planettracker.web.problems.problem_text).
_PROBLEM_CONTENT: Schema = {
    "application/problem+json": {"schema": _PROBLEM_REF},
    "text/plain": {"schema": {"type": "string"}},
}

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
        "description": "Apparent altitude above the horizon, degrees: refracted for "
        "temperature and pressure (libastro's formula, within 0.3' of Bennett's, which "
        "Skyfield uses). A body whose true altitude is more than 1 degree under the "
        "horizon is not refracted (Skyfield's rule: nobody sees it there), so alt is then "
        "its geometric altitude.",
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
    "constellation": {
        "type": "string",
        "description": "The constellation (IAU boundaries) the observer sees the body in: "
        "that of its topocentric position, not the Earth's centre's, which for the Moon "
        "can be another (its parallax reaches a degree)",
    },
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
        "description": "Can a person see it without binoculars now? A planet: above the "
        "horizon and bright enough for the sky's darkness (by day only at least "
        "15 degrees from the Sun) once the air near the horizon has dimmed it. The Sun: "
        "whenever it is above the horizon (but never look at it: see caution). The Moon: "
        "whenever it is above the horizon and bright enough for the sky, except within "
        "7 degrees of the Sun, where no crescent can be seen (Danjon's limit)",
    },
    "near": {
        "oneOf": [{"$ref": "#/components/schemas/Landmark"}, {"type": "null"}],
        "description": f"The nearest star brighter than magnitude {LANDMARK_MAGNITUDE:g} "
        f"above the horizon within {LANDMARK_SEPARATION:g} degrees, to find the body by; "
        "null when there is none, when the body is below the horizon, and for the Sun",
    },
    "caution": {
        "type": ["string", "null"],
        "description": "While the Sun is up, for the Sun and for a body within 15 degrees "
        "of it: a sentence saying never to look at the Sun nor point binoculars or a "
        "telescope at it or near it; otherwise null. Not in brief answers",
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


def _object(properties: Schema, fields: tuple[str, ...], description: str = "") -> Schema:
    """An object schema whose members are exactly ``fields`` (render's lists), in order."""
    if tuple(properties) != fields:  # pragma: no cover
        raise AssertionError(f"schema {sorted(properties)} and fields {fields} disagree")
    schema: Schema = {
        "type": "object",
        "properties": properties,
        "required": list(fields),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(name: str) -> Schema:
    return {"oneOf": [_ref(name), {"type": "null"}]}


def _instant(description: str) -> Schema:
    return {**_INSTANT, "description": f"ISO 8601, UTC: {description}"}


def _maybe_instant(description: str) -> Schema:
    return {**_NULLABLE_INSTANT, "description": f"ISO 8601, UTC: {description}; null if none"}


_ALT = {"type": "number", "minimum": -90, "maximum": 90}
_AZ = {"type": "number", "minimum": 0, "exclusiveMaximum": 360}
_INTERVALS = {"type": "array", "items": _ref("Interval")}
_TWILIGHT_DESCRIPTIONS = {
    "sunset": "the upper limb sets (refracted horizon)",
    "civil_dusk": "the Sun's centre goes 6 degrees under the horizon",
    "nautical_dusk": "12 degrees under",
    "astronomical_dusk": "18 degrees under: fully dark from then",
    "astronomical_dawn": "the Sun's centre comes back to 18 degrees under",
    "nautical_dawn": "12 degrees under",
    "civil_dawn": "6 degrees under",
    "sunrise": "the upper limb rises",
}
TONIGHT_SCHEMAS: Schema = {
    "Interval": _object({"start": _instant("start"), "end": _instant("end")}, INTERVAL_FIELDS),
    "Night": _object(
        {
            "start": _instant(
                "the night's start: sunset; where the Sun does not set, its last upper "
                "transit (polar night) or the instant asked about (midnight sun)"
            ),
            "end": _instant(
                "the night's end: sunrise; where the Sun does not rise, its next upper "
                "transit, or 24 hours after the start (midnight sun)"
            ),
            "darkest": {
                "type": "string",
                "enum": list(STATES),
                "description": "How dark the sky gets: night, or the brightest twilight it "
                "stays in (white nights), or day (midnight sun)",
            },
            **{field: _maybe_instant(_TWILIGHT_DESCRIPTIONS[field]) for field in TWILIGHT_FIELDS},
        },
        NIGHT_FIELDS,
        "The night and its twilight; stages that do not happen are null",
    ),
    "Stage": _object(
        {
            "sky": {"type": "string", "enum": list(STATES)},
            "start": _instant("start"),
            "end": _instant("end"),
        },
        STAGE_FIELDS,
        "A stretch of one sky state, for the chart's bands (from the track's start to its end)",
    ),
    "Best": _object(
        {
            "at": _instant(
                "when it stands out most while it can be seen: where its margin over the "
                "naked eye's limiting magnitude there is largest (see /tonight)"
            ),
            "az": {**_AZ, "description": "Azimuth then, degrees from north through east"},
            "alt": {**_ALT, "description": "Apparent altitude then, degrees"},
            "direction": {"type": "string", "enum": list(COMPASS_POINTS)},
            "margin": {
                "type": "number",
                "description": "Magnitudes brighter than the faintest the eye sees at that "
                "point of the sky then, once the air has dimmed it (Schaefer's model)",
            },
            "sun_alt": {
                "type": "number",
                "minimum": -90,
                "maximum": 90,
                "description": "The Sun's geometric altitude then, degrees",
            },
            "timing": {
                "type": "string",
                "enum": list(TIMINGS),
                "description": "What sets that moment: near its highest; before its highest, "
                "as the dawn brightens the sky; after it, as the dusk darkens it",
            },
        },
        BEST_FIELDS,
    ),
    "NightBody": _object(
        {
            "name": {"type": "string", "enum": list(SEEN)},
            "visible": {"type": "boolean", "description": "Can be seen with the naked eye tonight"},
            "intervals": {
                **_INTERVALS,
                "description": "When it can be seen: above min_alt while the sky is dark "
                "enough for its brightness (the naked_eye rule, along the night)",
            },
            "best": _nullable("Best"),
            "reason": {
                "type": ["string", "null"],
                "enum": [*REASONS, None],
                "description": "Why it cannot be seen; null when it can",
            },
            "sentence": {
                "type": "string",
                "description": "When and where to look, in the place's local time",
            },
            "magnitude": {"type": "number"},
            "elongation": {"type": "number", "minimum": 0, "maximum": 180},
            "max_alt": {**_ALT, "description": "Its highest apparent altitude in the night"},
            "rise": _maybe_instant(
                "the rise in the night, or the one before it if up at its start"
            ),
            "transit": _maybe_instant("the upper transit in the night (or of the pass it is in)"),
            "set": _maybe_instant("the first set in the night"),
            "always_up": {"type": "boolean", "description": "Above the horizon all night"},
            "never_up": {"type": "boolean", "description": "Below the horizon all night"},
        },
        NIGHT_BODY_FIELDS,
    ),
    "Moon": _object(
        {
            "phase": {"type": "string", "enum": list(PHASES)},
            "illuminated": {"type": "number", "minimum": 0, "maximum": 100},
            "dark": {
                **_nullable("Interval"),
                "description": "The darkest stretch of the night; null when it stays day",
            },
            "up_in_dark": {**_INTERVALS, "description": "When the Moon is up in it"},
            "sentence": {"type": "string"},
        },
        MOON_FIELDS,
    ),
    "Pair": _object(
        {
            "bodies": {
                "type": "array",
                "items": {"type": "string", "enum": list(SEEN)},
                "minItems": 2,
                "maxItems": 2,
            },
            "separation": {
                "type": "number",
                "minimum": 0,
                "description": "The least separation, degrees (while both can be seen, "
                "if they can together)",
            },
            "at": _instant("when"),
            "visible": {"type": "boolean", "description": "Both can be seen then"},
            "sentence": {"type": "string"},
        },
        PAIR_FIELDS,
        "Two of the seven planets and the Moon within 5 degrees of each other",
    ),
    "Track": _object(
        {
            "start": _instant("the first sample"),
            "step_s": {"type": "integer", "const": 600},
            "times": {"type": "array", "items": _INSTANT},
            "bodies": {
                "type": "object",
                "description": "Per body (the Sun too): az and apparent alt (degrees) at "
                "each of times",
                "properties": {
                    name: {
                        "type": "object",
                        "properties": {
                            "az": {"type": "array", "items": _AZ},
                            "alt": {"type": "array", "items": _ALT},
                        },
                        "required": ["az", "alt"],
                        "additionalProperties": False,
                    }
                    for name in BODIES
                },
                "required": list(BODIES),
                "additionalProperties": False,
            },
        },
        TRACK_FIELDS,
    ),
}
TONIGHT_SCHEMAS["Tonight"] = {
    **_object(
        {
            "at": _INSTANT,
            "observer": _ref("Observer"),
            "min_alt": {"type": "number", "minimum": 0, "maximum": 60},
            "night": _ref("Night"),
            "stages": {"type": "array", "items": _ref("Stage")},
            "bodies": {
                "type": "array",
                "items": _ref("NightBody"),
                "minItems": len(SEEN),
                "maxItems": len(SEEN),
                "description": "The seven planets and the Moon, best seen first",
            },
            "moon": _ref("Moon"),
            "pairs": {"type": "array", "items": _ref("Pair")},
            "track": _ref("Track"),
        },
        TRACKED_FIELDS,
        "What can be seen tonight, when, and where to look. track only with track=1.",
    ),
    "required": [field for field in TRACKED_FIELDS if field != "track"],
}

_STAR_NAMES = sorted(star.name for star in CATALOGUE)
_LANDMARK_PROPERTIES: Schema = {
    "name": {"type": "string", "enum": _STAR_NAMES, "description": "The star's proper name"},
    "separation": {
        "type": "number",
        "minimum": 0,
        "maximum": LANDMARK_SEPARATION,
        "description": "Angle between the star and the body in the observer's sky, degrees, to 0.1",
    },
    "direction": {
        "type": "string",
        "enum": list(DIRECTIONS),
        "description": "Where the body stands from the star as a person sees it, "
        "taking the local vertical as up (towards the zenith): 'upper left' means "
        "up and to the left of the star",
    },
}
_STAR_PROPERTIES: Schema = {
    "name": _LANDMARK_PROPERTIES["name"],
    "az": _BODY_PROPERTIES["az"],
    "alt": {**_BODY_PROPERTIES["alt"], "minimum": 0},
    "magnitude": {"type": "number", "description": "Visual magnitude (the catalogue's)"},
    "direction": {
        "type": "string",
        "enum": list(COMPASS_POINTS),
        "description": "16-point compass direction, e.g. SSE",
    },
}
COMPONENTS: Schema = {
    "schemas": {
        **TONIGHT_SCHEMAS,
        "Body": {
            "type": "object",
            "description": "A body's place in the observer's sky. With brief=1, only "
            + ", ".join(BRIEF_FIELDS)
            + " (and near with events=1). rise, transit, set, always_up and never_up are "
            "present only with events=1.",
            "properties": _BODY_PROPERTIES,
            "required": _BODY_REQUIRED,
            "additionalProperties": False,
        },
        "Landmark": _object(
            _LANDMARK_PROPERTIES,
            LANDMARK_FIELDS,
            "A bright star near a body, to find the body by",
        ),
        "Star": _object(_STAR_PROPERTIES, STAR_FIELDS, "A bright star in the observer's sky"),
        "Stars": {
            "type": "object",
            "properties": {
                "at": _INSTANT,
                "observer": {"$ref": "#/components/schemas/Observer"},
                "sky": {"type": "string", "enum": list(STATES)},
                "stars": {
                    "type": "array",
                    "description": "Above the horizon, brightest first",
                    "items": {"$ref": "#/components/schemas/Star"},
                    "maxItems": len(CATALOGUE),
                },
            },
            "required": ["at", "observer", "sky", "stars"],
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
            "description": "A planet's (or the Sun's or the Moon's) Body fields, then the "
            "instant and observer used.",
            "properties": {
                **_BODY_PROPERTIES,
                "name": {"type": "string", "enum": list(BODIES)},
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
    content: Schema = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}
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
                        "200": _json("Sky", "The sky (JSON, or a table with format=text)", True),
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
                            "Planet", "The planet (JSON, or with format=text a table)", True
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
