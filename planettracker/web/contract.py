"""The API's answers, declared once: each as a ``TypedDict`` whose members carry their
type, bounds and description (``Annotated`` with ``msgspec.Meta``).

The renderers (``render.py``, ``render_tonight.py``) build these types, so that the
strict mypy of ``make lint`` checks every key they write; the OpenAPI document's schemas
are generated from them at start-up (``schemas()``, with msgspec), never per request. A
new member is written here, once, and is then in the answer's type, its schema and the
document.
"""

from __future__ import annotations

from typing import Annotated, Any, NotRequired, TypedDict

import msgspec
import msgspec.inspect
from msgspec import Meta

from planettracker.sky.bodies import BODIES, COMPASS_POINTS, PLANETS
from planettracker.sky.stars import CATALOGUE, DIRECTIONS, LANDMARK_SEPARATION
from planettracker.sky.tonight import PHASES, REASONS, SEEN, TIMINGS
from planettracker.sky.visibility import STATES


def _enum(values: tuple[str, ...] | list[str], description: str | None = None) -> Meta:
    return Meta(description=description, extra_json_schema={"enum": list(values)})


# Shared members ---------------------------------------------------------------------

Instant = Annotated[
    str, Meta(description="ISO 8601, UTC", extra_json_schema={"format": "date-time"})
]
MaybeInstant = Annotated[
    str | None,
    Meta(
        description="ISO 8601, UTC; null when the body does not rise or set",
        extra_json_schema={"format": "date-time"},
    ),
]
Az = Annotated[float, Meta(ge=0, lt=360, description="Azimuth, degrees from north through east")]
Alt = Annotated[float, Meta(ge=-90, le=90)]
SkyState = Annotated[str, _enum(STATES)]
Direction = Annotated[str, _enum(COMPASS_POINTS, "16-point compass direction, e.g. SSE")]
StarName = Annotated[str, _enum(sorted(star.name for star in CATALOGUE), "The star's proper name")]


def _when(description: str) -> Meta:
    """An instant's metadata: ISO 8601 in UTC, and what it is the instant of."""
    return Meta(
        description=f"ISO 8601, UTC: {description}", extra_json_schema={"format": "date-time"}
    )


def _when_if(description: str) -> Meta:
    """The metadata of an instant that may not happen (null)."""
    return Meta(
        description=f"ISO 8601, UTC: {description}; null if none",
        extra_json_schema={"format": "date-time"},
    )


# /planets and /planets/{name} ---------------------------------------------------------


class Landmark(TypedDict):
    """A bright star near a body, to find the body by"""

    name: StarName
    separation: Annotated[
        float,
        Meta(
            ge=0,
            le=LANDMARK_SEPARATION,
            description="Angle between the star and the body in the observer's sky, "
            "degrees, to 0.1",
        ),
    ]
    direction: Annotated[
        str,
        _enum(
            DIRECTIONS,
            "Where the body stands from the star as a person sees it, taking the local "
            "vertical as up (towards the zenith): 'upper left' means up and to the left of "
            "the star",
        ),
    ]


NextTransit = Annotated[str | None, _when("next meridian crossing")]


class Events(TypedDict):
    """The next rise, transit and set (with events=1)"""

    rise: MaybeInstant
    transit: NextTransit
    set: MaybeInstant
    always_up: bool
    never_up: bool


class _WithEvents(TypedDict, total=False):
    """A body's members that only events=1 adds: those of Events."""

    rise: MaybeInstant
    transit: NextTransit
    set: MaybeInstant
    always_up: bool
    never_up: bool


_NAKED_EYE = (
    "Can a person see it without binoculars now? A planet: above the horizon and bright "
    "enough for the sky's darkness (by day only at least 15 degrees from the Sun) once the "
    "air near the horizon has dimmed it. The Sun: whenever it is above the horizon (but "
    "never look at it: see caution). The Moon: whenever it is above the horizon and bright "
    "enough for the sky, except within 7 degrees of the Sun, where no crescent can be seen "
    "(Danjon's limit)"
)
_ALT = (
    "Apparent altitude above the horizon, degrees: refracted for temperature and pressure "
    "(libastro's formula, within 0.3' of Bennett's, which Skyfield uses). A body whose true "
    "altitude is more than 1 degree under the horizon is not refracted (Skyfield's rule: "
    "nobody sees it there), so alt is then its geometric altitude."
)
BodyName = Annotated[str, _enum(BODIES)]
BodyAlt = Annotated[float, Meta(ge=-90, le=90, description=_ALT)]
Magnitude = Annotated[float, Meta(description="Visual magnitude (smaller is brighter)")]
NakedEye = Annotated[bool, Meta(description=_NAKED_EYE)]


class BriefBody(_WithEvents):
    """A body with brief=1: only what a chart needs, its angles to 0.01 degree (with
    events=1 also the landmark, rise, transit and set)"""

    name: BodyName
    az: Az
    alt: BodyAlt
    magnitude: Magnitude
    direction: Direction
    above_horizon: bool
    naked_eye: NakedEye
    near: NotRequired[Landmark | None]


class Body(_WithEvents):
    """A body's place in the observer's sky. With brief=1, only the members of BriefBody.
    rise, transit, set, always_up and never_up are present only with events=1."""

    name: BodyName
    az: Az
    alt: BodyAlt
    ra: Annotated[
        float,
        Meta(ge=0, le=360, description="Apparent topocentric right ascension of date, degrees"),
    ]
    dec: Annotated[
        float, Meta(ge=-90, le=90, description="Apparent topocentric declination of date, degrees")
    ]
    magnitude: Magnitude
    constellation: Annotated[
        str,
        Meta(
            description="The constellation (IAU boundaries) the observer sees the body in: "
            "that of its topocentric position, not the Earth's centre's, which for the Moon "
            "can be another (its parallax reaches a degree)"
        ),
    ]
    distance_au: Annotated[float, Meta(ge=0, description="Distance from Earth, au")]
    phase: Annotated[float, Meta(ge=0, le=100, description="Percent of the disc illuminated")]
    elongation: Annotated[float, Meta(ge=0, le=180, description="Angle from the Sun, degrees")]
    direction: Direction
    above_horizon: bool
    naked_eye: NakedEye
    near: Annotated[
        Landmark | None,
        Meta(
            description="The nearest bright star above the horizon near the body, to find "
            "the body by; null when there is none, when the body is below the horizon, and "
            "for the Sun"
        ),
    ]
    caution: Annotated[
        str | None,
        Meta(
            description="While the Sun is up, for the Sun and for a body within 15 degrees "
            "of it: a sentence saying never to look at the Sun nor point binoculars or a "
            "telescope at it or near it; otherwise null. Not in brief answers"
        ),
    ]


class Observer(TypedDict):
    """Where the sky is seen from, and the air it is seen through"""

    lat: float
    lon: float
    elevation: Annotated[float, Meta(description="metres")]
    temperature: Annotated[float, Meta(description="degrees Celsius")]
    pressure: Annotated[float, Meta(description="mbar")]
    timezone: Annotated[str, Meta(description="IANA time zone name")]
    default: Annotated[bool, Meta(description="true: Greenwich, no place given")]
    magnetic_declination: Annotated[
        Annotated[float, Meta(ge=-180, le=180)] | None,
        Meta(
            description="Degrees from true north to magnetic north at this place today, "
            "east positive (true heading = magnetic heading + this), from the World Magnetic "
            "Model 2025, to 0.01 degree; for today's date whatever `at` asks, since a compass "
            "reads today's field. null outside the model's life span (2025.0 to 2030.0).",
        ),
    ]


class SkyAt(TypedDict):
    """What every answer about the sky begins with: the instant, the observer, the sky"""

    at: Instant
    observer: Observer
    sky: SkyState


class Sky(SkyAt):
    """The seven planets, the Sun, the Moon and the sky's state"""

    sun: Body
    moon: Body
    planets: Annotated[list[Body], Meta(min_length=len(PLANETS), max_length=len(PLANETS))]


class BriefSky(SkyAt):
    """The sky with brief=1: each body's BriefBody members only"""

    sun: BriefBody
    moon: BriefBody
    planets: Annotated[list[BriefBody], Meta(min_length=len(PLANETS), max_length=len(PLANETS))]


class Planet(Body):
    """A planet's (or the Sun's or the Moon's) Body members, then the instant and observer
    used"""

    at: Instant
    observer: Observer


class BriefPlanet(BriefBody):
    """One body with brief=1, then the instant and observer used"""

    at: Instant
    observer: Observer


# /stars --------------------------------------------------------------------------------


class Star(TypedDict):
    """A bright star in the observer's sky"""

    name: StarName
    az: Az
    alt: Annotated[float, Meta(ge=0, le=90, description=_ALT)]
    magnitude: Annotated[float, Meta(description="Visual magnitude (the catalogue's)")]
    direction: Direction


class Stars(TypedDict):
    """The bright stars above the horizon"""

    at: Instant
    observer: Observer
    sky: SkyState
    stars: Annotated[
        list[Star],
        Meta(max_length=len(CATALOGUE), description="Above the horizon, brightest first"),
    ]


# /tonight ------------------------------------------------------------------------------


class Interval(TypedDict):
    """A stretch of the night"""

    start: Annotated[str, _when("start")]
    end: Annotated[str, _when("end")]


class Night(TypedDict):
    """The night and its twilight; stages that do not happen are null"""

    start: Annotated[
        str,
        _when(
            "the night's start: sunset; where the Sun does not set, its last upper transit "
            "(polar night) or the instant asked about (midnight sun)"
        ),
    ]
    end: Annotated[
        str,
        _when(
            "the night's end: sunrise; where the Sun does not rise, its next upper transit, or "
            "24 hours after the start (midnight sun)"
        ),
    ]
    darkest: Annotated[
        str,
        _enum(
            STATES,
            "How dark the sky gets: night, or the brightest twilight it stays in (white "
            "nights), or day (midnight sun)",
        ),
    ]
    sunset: Annotated[str | None, _when_if("the upper limb sets (refracted horizon)")]
    civil_dusk: Annotated[str | None, _when_if("the Sun's centre goes 6 degrees under the horizon")]
    nautical_dusk: Annotated[str | None, _when_if("12 degrees under")]
    astronomical_dusk: Annotated[str | None, _when_if("18 degrees under: fully dark from then")]
    astronomical_dawn: Annotated[
        str | None, _when_if("the Sun's centre comes back to 18 degrees under")
    ]
    nautical_dawn: Annotated[str | None, _when_if("12 degrees under")]
    civil_dawn: Annotated[str | None, _when_if("6 degrees under")]
    sunrise: Annotated[str | None, _when_if("the upper limb rises")]


class Stage(Interval):
    """A stretch of one sky state, for the chart's bands (from the track's start to its end)"""

    sky: SkyState


class Best(TypedDict):
    """When and where a body stands out most tonight"""

    at: Annotated[
        str,
        _when(
            "when it stands out most while it can be seen: where its margin over the naked "
            "eye's limiting magnitude there is largest (see /tonight)"
        ),
    ]
    az: Az
    alt: Annotated[float, Meta(ge=-90, le=90, description="Apparent altitude then, degrees")]
    direction: Annotated[str, _enum(COMPASS_POINTS)]
    margin: Annotated[
        float,
        Meta(
            description="Magnitudes brighter than the faintest the eye sees at that point of "
            "the sky then, once the air has dimmed it (Schaefer's model)"
        ),
    ]
    sun_alt: Annotated[
        float, Meta(ge=-90, le=90, description="The Sun's geometric altitude then, degrees")
    ]
    timing: Annotated[
        str,
        _enum(
            TIMINGS,
            "What sets that moment: near its highest; before its highest, as the dawn "
            "brightens the sky; after it, as the dusk darkens it",
        ),
    ]


class NightBody(TypedDict):
    """One of the seven planets or the Moon tonight"""

    name: Annotated[str, _enum(SEEN)]
    visible: Annotated[bool, Meta(description="Can be seen with the naked eye tonight")]
    intervals: Annotated[
        list[Interval],
        Meta(
            description="When it can be seen: above min_alt while the sky is dark enough for "
            "its brightness (the naked_eye rule, along the night)"
        ),
    ]
    best: Best | None
    reason: Annotated[
        str | None,
        Meta(
            description="Why it cannot be seen; null when it can",
            extra_json_schema={"enum": [*REASONS, None]},
        ),
    ]
    sentence: Annotated[str, Meta(description="When and where to look, in the place's local time")]
    magnitude: float
    elongation: Annotated[float, Meta(ge=0, le=180)]
    max_alt: Annotated[
        float, Meta(ge=-90, le=90, description="Its highest apparent altitude in the night")
    ]
    rise: Annotated[
        str | None, _when_if("the rise in the night, or the one before it if up at its start")
    ]
    transit: Annotated[
        str | None, _when_if("the upper transit in the night (or of the pass it is in)")
    ]
    set: Annotated[str | None, _when_if("the first set in the night")]
    always_up: Annotated[bool, Meta(description="Above the horizon all night")]
    never_up: Annotated[bool, Meta(description="Below the horizon all night")]


class Moon(TypedDict):
    """The Moon tonight"""

    phase: Annotated[str, _enum(PHASES)]
    illuminated: Annotated[float, Meta(ge=0, le=100)]
    dark: Annotated[
        Interval | None,
        Meta(description="The darkest stretch of the night; null when it stays day"),
    ]
    up_in_dark: Annotated[list[Interval], Meta(description="When the Moon is up in it")]
    sentence: str


class Pair(TypedDict):
    """Two of the seven planets and the Moon within 5 degrees of each other"""

    bodies: Annotated[list[Annotated[str, _enum(SEEN)]], Meta(min_length=2, max_length=2)]
    separation: Annotated[
        float,
        Meta(
            ge=0,
            description="The least separation, degrees (while both can be seen, if they "
            "can together)",
        ),
    ]
    at: Annotated[str, _when("when")]
    visible: Annotated[bool, Meta(description="Both can be seen then")]
    sentence: str


class TrackedBody(TypedDict):
    """A body's az and apparent alt (degrees) at each of the track's times"""

    az: list[Az]
    alt: list[Alt]


class Track(TypedDict):
    """Every body's place every 10 minutes (whole 10 minutes of UTC) through the night"""

    start: Annotated[str, _when("the first sample")]
    step_s: Annotated[int, Meta(extra_json_schema={"const": 600})]
    times: list[Instant]
    bodies: Annotated[
        dict[str, TrackedBody],
        Meta(
            description="Per body (the Sun too): az and apparent alt (degrees) at each of times",
            extra_json_schema={
                "propertyNames": {"enum": list(BODIES)},
                "minProperties": len(BODIES),
            },
        ),
    ]


class NightParts(TypedDict):
    """The place-and-night members of /tonight's answer"""

    min_alt: Annotated[float, Meta(ge=0, le=60)]
    night: Night
    stages: list[Stage]
    bodies: Annotated[
        list[NightBody],
        Meta(
            min_length=len(SEEN),
            max_length=len(SEEN),
            description="The seven planets and the Moon, best seen first",
        ),
    ]
    moon: Moon
    pairs: list[Pair]


class Tonight(NightParts):
    """What can be seen tonight, when, and where to look. track only with track=1."""

    at: Instant
    observer: Observer
    track: NotRequired[Track]


# /geo_location and errors --------------------------------------------------------------


class Location(TypedDict):
    """A place, as POST /geo_location takes it and answers it normalized"""

    lat: Annotated[float, Meta(ge=-90, le=90, description="degrees north")]
    lon: Annotated[float, Meta(ge=-180, le=180, description="degrees east")]
    elevation: NotRequired[Annotated[float, Meta(ge=-500, le=12000, description="metres")]]


class Problem(TypedDict):
    """RFC 9457 problem details"""

    type: Annotated[str, Meta(extra_json_schema={"format": "uri-reference"})]
    title: str
    status: Annotated[int, Meta(ge=400, le=599)]
    detail: str
    parameter: NotRequired[Annotated[str, Meta(description="the offending parameter")]]
    valid_names: NotRequired[list[str]]
    request_id: str


ANSWERS = (Sky, BriefSky, Planet, BriefPlanet, Stars, Tonight, Location, Problem)


def schemas() -> dict[str, Any]:
    """The answers' JSON Schemas as OpenAPI components, by name: generated from the
    types above (msgspec), every object closed (no member the type does not declare)."""
    _, components = msgspec.json.schema_components(
        ANSWERS, ref_template="#/components/schemas/{name}"
    )
    for name, schema in components.items():
        schema.pop("title", None)
        if schema.get("type") == "object" and name != "Problem":
            schema["additionalProperties"] = False
    return components


def required(answer: Any) -> tuple[str, ...]:
    """The members an answer's type always has, in the order they are declared (read by
    msgspec: Python 3.11's own ``__required_keys__`` misses a ``NotRequired`` written as
    a string annotation)."""
    info = msgspec.inspect.type_info(answer)
    always = {field.name for field in info.fields if field.required}  # type: ignore[attr-defined]
    return tuple(name for name in answer.__annotations__ if name in always)


# What a chart needs of a body: the members of a brief answer (brief=1, the page's poll).
BRIEF_FIELDS = required(BriefBody)
