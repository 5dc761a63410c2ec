"""Parse and validate what a client sends (query strings, form fields, JSON) into
typed values, or raise ``InvalidParameter`` naming the parameter and the problem.

Parsing belongs to the web layer: it reads the wire's text (and says which parameter
is wrong, in the API's words); the astronomy takes typed values only.

Nothing here falls back silently: an unknown parameter, a repeated parameter with
different values, an empty or over-long value, a non-finite or out-of-range number
are all errors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import NamedTuple, TypeVar

from planettracker.sky.errors import PlanetTrackerError
from planettracker.sky.observatory import GREENWICH, Place
from planettracker.sky.tonight import DEFAULT_MIN_ALT, MIN_ALT_RANGE
from planettracker.sky.tracker import STANDARD_TEMPERATURE_C
from planettracker.web import parameters
from planettracker.web.parameters import (
    ELEVATION_RANGE,
    FORMATS,
    LAT_RANGE,
    LON_RANGE,
    MAX_VALUE_LENGTH,
    PRESSURE_RANGE,
    TEMPERATURE_RANGE,
)

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

V = TypeVar("V")

# ASCII digits only: \d would also accept other scripts' digits, which float() reads.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NUMBER_MATCH = _NUMBER.fullmatch
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})

# Which parameters each endpoint takes: the table's (planettracker.web.parameters).
LOCATION_PARAMETERS = ("lat", "lon", "elevation")
SKY_PARAMETERS = parameters.taken_by(parameters.SKY)
TONIGHT_PARAMETERS = parameters.taken_by(parameters.TONIGHT)
STAR_PARAMETERS = parameters.taken_by(parameters.STARS)


class InvalidParameter(PlanetTrackerError):
    """A query parameter or form field is missing, malformed or out of range."""

    title = "Invalid parameter"

    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason


class InvalidBody(PlanetTrackerError):
    """A request body that cannot be read as the form or JSON object expected."""

    title = "Invalid body"


class UnreadableBody(InvalidBody):
    """A body that stopped arriving or arrived damaged: its connection is closed."""


class SkyQuery(NamedTuple):
    """What a client asked of the sky. ``at`` None means now, ``pressure`` None the
    standard atmosphere at the place's elevation (the astronomy resolves both).
    (Named tuples: these are built on every request, and cost a
    third of a frozen dataclass.)"""

    place: Place = GREENWICH
    default_place: bool = True
    at: datetime | None = None
    temperature: float = STANDARD_TEMPERATURE_C
    pressure: float | None = None
    events: bool = False
    format: str = "json"
    color: bool = False
    brief: bool = False  # only what a chart needs of each body (contract.BRIEF_FIELDS)

    @property
    def landmarks(self) -> bool:
        """Does the answer show each body's landmark? All do but a brief JSON answer
        without events (render.brief_json): the others need not look for one."""
        return self.format == "text" or not self.brief or self.events


class TonightQuery(NamedTuple):
    """What a client asked of tonight's sky (see ``SkyQuery``)."""

    place: Place = GREENWICH
    default_place: bool = True
    at: datetime | None = None
    temperature: float = STANDARD_TEMPERATURE_C
    pressure: float | None = None
    min_alt: float = DEFAULT_MIN_ALT
    track: bool = False
    format: str = "json"
    color: bool = False


def _shown(text: str) -> str:
    """A client's text, safe and short enough to quote in a message."""
    text = text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 40 else text[:37] + "..."


def _single_values(pairs: Iterable[tuple[str, V]], allowed: tuple[str, ...]) -> dict[str, V]:
    """One value per parameter: unknown names and repeats are errors."""
    values: dict[str, V] = {}
    for name, value in pairs:
        if name not in allowed:
            raise InvalidParameter(
                _shown(name) if name else "(empty name)",
                f"unknown parameter; expected one of {', '.join(allowed)}",
            )
        if name in values:
            raise InvalidParameter(name, "given more than once")
        if isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
            raise InvalidParameter(name, f"longer than {MAX_VALUE_LENGTH} characters")
        values[name] = value
    return values


def parse_number(name: str, value: object, bounds: tuple[float, float]) -> float:
    """A finite decimal number within ``bounds`` (inclusive), from text or JSON."""
    if type(value) is str:
        if _NUMBER_MATCH(value) is None:
            raise InvalidParameter(name, f"{_shown(value)!r} is not a decimal number")
        number = float(value)
    elif type(value) is int or type(value) is float:  # not bool, which is an int
        number = float(value)
    else:
        raise InvalidParameter(name, "must be a number")
    low, high = bounds
    if low <= number <= high:
        return number + 0.0  # -0.0 -> 0.0
    if not math.isfinite(number):
        raise InvalidParameter(name, "must be a finite number")
    raise InvalidParameter(name, f"{number:g} is out of range [{low:g}, {high:g}]")


def parse_instant(name: str, value: str) -> datetime:
    """An ISO 8601 instant; a time without an offset is UTC."""
    if not value.isascii():
        raise InvalidParameter(name, "must be an ISO 8601 instant such as 2026-03-01T21:30:00Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(
            name, f"{_shown(value)!r} is not an ISO 8601 instant such as 2026-03-01T21:30:00Z"
        ) from None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    if not EARLIEST <= moment <= LATEST:
        raise InvalidParameter(name, "must be between 1900-01-01 and 2100-01-01")
    return moment


def parse_flag(name: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InvalidParameter(name, f"{_shown(value)!r} is not one of 1, 0, true, false")


def parse_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidParameter(name, f"{_shown(value)!r} is not one of {', '.join(choices)}")
    return value


def _place(values: Mapping[str, object], *, required: bool) -> Place | None:
    """The place in ``values``; None when no coordinates were given and they are
    not ``required``."""
    if "lat" not in values or "lon" not in values:
        if (
            not required
            and "elevation" not in values
            and "lat" not in values
            and "lon" not in values
        ):
            return None
        missing = "lon" if "lat" in values else "lat"
        raise InvalidParameter(missing, "missing; lat and lon must be given together")
    return Place(
        parse_number("lat", values["lat"], LAT_RANGE),
        parse_number("lon", values["lon"], LON_RANGE),
        # Absent means sea level; a JSON null is not a number, and is refused.
        parse_number("elevation", values["elevation"], ELEVATION_RANGE)
        if "elevation" in values
        else 0.0,
    )


DEFAULT_QUERY = SkyQuery()


def _observing(
    values: Mapping[str, str],
) -> tuple[Place, bool, datetime | None, float, float | None]:
    """What every query of the sky shares: the place (and whether it is the default),
    the instant and the air."""
    place = _place(values, required=False)
    at, temperature, pressure = values.get("at"), values.get("temperature"), values.get("pressure")
    return (
        place or GREENWICH,
        place is None,
        None if at is None else parse_instant("at", at),
        STANDARD_TEMPERATURE_C
        if temperature is None
        else parse_number("temperature", temperature, TEMPERATURE_RANGE),
        None if pressure is None else parse_number("pressure", pressure, PRESSURE_RANGE),
    )


def parse_sky_query(
    pairs: Iterable[tuple[str, str]], allowed: tuple[str, ...] = SKY_PARAMETERS
) -> SkyQuery:
    """The query of the sky endpoints, from its (name, value) pairs; ``allowed`` are
    the parameters the endpoint takes (GET /stars: ``STAR_PARAMETERS``)."""
    values = _single_values(pairs, allowed)
    if not values:
        return DEFAULT_QUERY
    get = values.get
    events, format_, color, brief = get("events"), get("format"), get("color"), get("brief")
    return SkyQuery(
        *_observing(values),
        False if events is None else parse_flag("events", events),
        "json" if format_ is None else parse_choice("format", format_, FORMATS),
        False if color is None else parse_flag("color", color),
        False if brief is None else parse_flag("brief", brief),
    )


def parse_tonight_query(pairs: Iterable[tuple[str, str]]) -> TonightQuery:
    """The query of /tonight, from its (name, value) pairs."""
    values = _single_values(pairs, TONIGHT_PARAMETERS)
    get = values.get
    min_alt, track, format_, color = get("min_alt"), get("track"), get("format"), get("color")
    return TonightQuery(
        *_observing(values),
        DEFAULT_MIN_ALT if min_alt is None else parse_number("min_alt", min_alt, MIN_ALT_RANGE),
        False if track is None else parse_flag("track", track),
        "json" if format_ is None else parse_choice("format", format_, FORMATS),
        False if color is None else parse_flag("color", color),
    )


def parse_location(pairs: Iterable[tuple[str, object]]) -> Place:
    """A place from form fields or a JSON object's members: lat and lon required,
    elevation optional (0), validated exactly like the query."""
    place = _place(_single_values(pairs, LOCATION_PARAMETERS), required=True)
    if place is None:  # pragma: no cover - required=True always gives a place
        raise InvalidParameter("lat", "missing")
    return place
