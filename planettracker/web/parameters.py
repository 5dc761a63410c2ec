"""The API's query parameters, in one table: each one's name, bounds or choices, default
and description, and the endpoints that take it.

The table drives the query parsing (``query.py``: which names each endpoint allows, and
each number's bounds), the OpenAPI document's parameters (``openapi.py``), the usage
text ``curl`` gets at ``/`` (``render.usage_text``) and the parameter table of
``docs/api.md`` (``markdown_table``; a test holds the page to it). A new parameter is
written here once, then parsed where ``query.py`` reads it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from planettracker.sky.tonight import DEFAULT_MIN_ALT, MIN_ALT_RANGE
from planettracker.sky.tracker import STANDARD_TEMPERATURE_C
from planettracker.web.contract import BRIEF_FIELDS

MAX_VALUE_LENGTH = 64
LAT_RANGE = (-90.0, 90.0)
LON_RANGE = (-180.0, 180.0)
# From below the Dead Sea shore (-430 m) to above an airliner's cruise (~12 km).
ELEVATION_RANGE = (-500.0, 12_000.0)
TEMPERATURE_RANGE = (-90.0, 60.0)  # the records are -89.2 and +56.7 deg C
PRESSURE_RANGE = (0.0, 1100.0)  # 0 turns refraction off; the record is 1084 mbar
FORMATS = ("json", "text")
FLAG_VALUES = ("1", "0", "true", "false", "yes", "no", "on", "off")

SKY, PLANET, STARS, TONIGHT = "/planets", "/planets/{name}", "/stars", "/tonight"
EVERY = (SKY, PLANET, STARS, TONIGHT)


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "number", "instant", "flag" or "choice"
    description: str
    default: str  # as a person reads it
    endpoints: tuple[str, ...] = EVERY
    bounds: tuple[float, float] | None = None  # a number's, inclusive
    unit: str = ""  # a number's
    choices: tuple[str, ...] = ()  # a choice's

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the parameter's value, as the query carries it."""
        if self.kind == "number" and self.bounds is not None:
            low, high = self.bounds
            return {"type": "number", "minimum": low, "maximum": high, "description": self.unit}
        if self.kind == "instant":
            return {"type": "string", "format": "date-time", "maxLength": MAX_VALUE_LENGTH}
        if self.kind == "flag":
            return {"type": "string", "enum": list(FLAG_VALUES)}
        return {"type": "string", "enum": list(self.choices)}

    def openapi(self) -> dict[str, Any]:
        """The parameter as an OpenAPI parameter object."""
        return {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.schema(),
        }


def _number(
    name: str,
    bounds: tuple[float, float],
    unit: str,
    description: str,
    default: str,
    endpoints: tuple[str, ...] = EVERY,
) -> Parameter:
    return Parameter(name, "number", description, default, endpoints, bounds, unit)


TABLE: tuple[Parameter, ...] = (
    _number(
        "lat",
        LAT_RANGE,
        "degrees",
        "Latitude in decimal degrees, north positive. Give lat and lon together; both "
        "absent means the Royal Observatory, Greenwich.",
        "the Royal Observatory, Greenwich (51.4769, -0.0005)",
    ),
    _number(
        "lon",
        LON_RANGE,
        "degrees",
        "Longitude in decimal degrees, east positive. Give lat and lon together.",
        "Greenwich",
    ),
    _number(
        "elevation",
        ELEVATION_RANGE,
        "metres",
        "Metres above sea level, -500 to 12000 (Dead Sea shore to above an airliner's "
        "cruise). Needs lat and lon.",
        "0",
    ),
    Parameter(
        "at",
        "instant",
        "ISO 8601 instant (2026-03-01T21:30:00Z or with an offset; without one, UTC) "
        "between 1900-01-01 and 2100-01-01.",
        "now (to the second)",
    ),
    _number(
        "temperature",
        TEMPERATURE_RANGE,
        "degrees Celsius",
        "Air temperature for refraction, degrees Celsius, -90 to 60.",
        f"{STANDARD_TEMPERATURE_C:g}",
    ),
    _number(
        "pressure",
        PRESSURE_RANGE,
        "mbar",
        "Air pressure for refraction, mbar, 0 to 1100; 0 turns refraction off.",
        "the standard atmosphere at the elevation",
    ),
    Parameter(
        "events",
        "flag",
        "1 adds the next rise, transit and set of each body (and always_up, never_up).",
        "0",
        (SKY, PLANET),
    ),
    _number(
        "min_alt",
        MIN_ALT_RANGE,
        "degrees",
        "/tonight: the lowest apparent altitude worth looking at, degrees.",
        f"{DEFAULT_MIN_ALT:g}",
        (TONIGHT,),
    ),
    Parameter(
        "track",
        "flag",
        "/tonight: 1 adds every body's az/alt every 10 minutes (whole 10 minutes of UTC) "
        "from an hour before sunset to an hour after sunrise.",
        "0",
        (TONIGHT,),
    ),
    Parameter(
        "format",
        "choice",
        "json or text: an aligned plain-text table for a terminal (and errors as text, "
        "with the same status).",
        "json",
        choices=FORMATS,
    ),
    Parameter(
        "color",
        "flag",
        "1 adds ANSI colours to format=text (bold: visible, dim: below the horizon).",
        "0",
        (SKY, PLANET, TONIGHT),
    ),
    Parameter(
        "brief",
        "flag",
        "1 keeps only what a chart needs of each body ("
        + ", ".join(BRIEF_FIELDS)
        + "), its angles to 0.01 degree, for a smaller answer: what the page polls (with "
        "events=1 also the landmark near, rise and set, which change slowly).",
        "0",
        (SKY, PLANET),
    ),
)
BY_NAME = {parameter.name: parameter for parameter in TABLE}


def taken_by(endpoint: str) -> tuple[str, ...]:
    """The names of the parameters ``endpoint`` takes, in the table's order."""
    return tuple(p.name for p in TABLE if endpoint in p.endpoints)


def markdown_table() -> str:
    """The table as docs/api.md shows it."""
    rows = [
        "| parameter | meaning | default | endpoints |",
        "|---|---|---|---|",
    ]
    for p in TABLE:
        where = "all" if p.endpoints == EVERY else ", ".join(f"`{e}`" for e in p.endpoints)
        rows.append(f"| `{p.name}` | {p.description} | {p.default} | {where} |")
    return "\n".join(rows) + "\n"


def usage_lines(width: int = 88) -> str:
    """The parameters as plain text, for the usage curl gets: each with what it means and
    its default."""
    lines = ["Parameters (every endpoint takes them but where said):"]
    for p in TABLE:
        only = "" if p.endpoints == EVERY else f" Only {', '.join(p.endpoints)}."
        text = f"{p.description}{only} Default: {p.default}."
        lines += textwrap.wrap(
            text, width, initial_indent=f"  {p.name:<12}", subsequent_indent=" " * 14
        )
    return "\n".join(lines)
