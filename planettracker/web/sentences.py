"""Tonight in words: when and where to look for each body, the Moon, close pairs, in
the place's local time (rounded to the minute)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta, tzinfo

from planettracker.sky.tonight import (
    AT_ITS_HIGHEST,
    BELOW_HORIZON,
    MIDNIGHT_SUN,
    NEAR_THE_SUN,
    TOO_LOW,
    TWILIGHT,
    BodyTonight,
    Interval,
    Moon,
    Pair,
    Tonight,
)
from planettracker.sky.visibility import NAKED_EYE_LIMIT, NIGHT
from planettracker.web.local_time import clock

LOW_DEG = 20.0  # a best altitude under this is "low"
OVERHEAD_DEG = 80.0  # a best altitude above this is "nearly overhead"
WHOLE_S = 20 * 3600.0  # a stretch this long may read the same clock at both ends
NEAR_EDGE_S = 2 * 3600.0  # "after sunset" / "before sunrise": within two hours of it


_WORDS = {"N": "north", "E": "east", "S": "south", "W": "west"}


def direction_words(direction: str) -> str:
    """A 16-point compass direction in words: "SSW" -> "south-south-west"."""
    return "-".join(_WORDS[letter] for letter in direction)


def covers_the_night(interval: Interval, tonight: Tonight) -> bool:
    """Whether ``interval`` is the whole of tonight (to the minute)."""
    return (
        abs((interval.start - tonight.start).total_seconds()) < 60.0
        and abs((interval.end - tonight.end).total_seconds()) < 60.0
    )


def _span(interval: Interval, zone: tzinfo, tonight: Tonight | None = None) -> str:
    """ "19:42 to 04:10"; a stretch within one minute of the clock: "briefly at 05:39";
    the whole of a night of 24 hours (polar night, midnight sun): "all night" or "all
    24 hours"; a day long but not all of it, with the days: "12:40 Monday to 12:10
    Tuesday"."""
    start, end = clock(interval.start, zone), clock(interval.end, zone)
    length = (interval.end - interval.start).total_seconds()
    if length >= WHOLE_S:
        if tonight is not None and covers_the_night(interval, tonight):
            return "all 24 hours" if tonight.twilight.darkest == "day" else "all night"
        first = (interval.start + timedelta(seconds=30)).astimezone(zone)
        last = (interval.end + timedelta(seconds=30)).astimezone(zone)
        return f"{start} {first:%A} to {end} {last:%A}"
    return f"briefly at {start}" if start == end else f"{start} to {end}"


def spans_text(intervals: Sequence[Interval], zone: tzinfo, tonight: Tonight | None = None) -> str:
    parts = [_span(i, zone, tonight) for i in intervals]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _low_when(body: BodyTonight, tonight: Tonight) -> str:
    """ "after sunset" or "before sunrise" for a body seen only near one of them."""
    first, last = body.visible[0].start, body.visible[-1].end
    middle = tonight.start + (tonight.end - tonight.start) / 2
    sunset, sunrise = tonight.twilight.sunset, tonight.twilight.sunrise
    if sunset is not None and last <= middle and (first - sunset).total_seconds() < NEAR_EDGE_S:
        return " after sunset"
    if sunrise is not None and first >= middle and (sunrise - last).total_seconds() < NEAR_EDGE_S:
        return " before sunrise"
    return ""


def _unseen_sentence(body: BodyTonight, tonight: Tonight) -> str:
    """Why a body cannot be seen tonight, in words that name the cause."""
    name = body.name.capitalize()
    magnitude = f"magnitude {body.magnitude:.1f}"
    above = f"above {tonight.min_alt:g}°" if tonight.min_alt > 0 else "up"
    if body.reason == NEAR_THE_SUN:
        return f"{name}: too close to the Sun to be seen tonight."
    if body.reason == BELOW_HORIZON:
        whole = "all 24 hours" if tonight.twilight.darkest == "day" else "all night"
        return f"{name}: below the horizon {whole}."
    if body.reason == TOO_LOW:
        highest = round(body.max_alt)
        if highest <= 0:
            return f"{name}: too low, it only grazes the horizon."
        if highest >= tonight.min_alt:
            return f"{name}: too low, just under {tonight.min_alt:g}° at its highest."
        return f"{name}: too low, never more than {highest}° high (under {tonight.min_alt:g}°)."
    if body.reason == MIDNIGHT_SUN:
        return f"{name}: the midnight sun keeps the sky too bright for it ({magnitude})."
    if body.reason == TWILIGHT:
        return f"{name}: {above} only in twilight, too bright a sky for {magnitude}."
    optics = (body.reason or "").rpartition(": ")[2]
    if body.magnitude <= NAKED_EYE_LIMIT[NIGHT]:  # the air dims it below the eye's limit
        return (
            f"{name}: too faint for the naked eye at the heights it reaches in a dark sky "
            f"({magnitude}): {optics}."
        )
    return f"{name}: too faint for the naked eye even in a dark sky ({magnitude}): {optics}."


def body_sentence(body: BodyTonight, tonight: Tonight, zone: tzinfo) -> str:
    """One sentence a person reads aloud: when, and where to look (and, when the sky
    rather than the body's height sets its best time, why then)."""
    name = body.name.capitalize()
    best = body.best
    if best is None:
        return _unseen_sentence(body, tonight)
    spans = spans_text(body.visible, zone, tonight)
    at = clock(best.at, zone)
    why = "" if best.timing == AT_ITS_HIGHEST else f", {best.timing}"
    if best.alt >= OVERHEAD_DEG:
        if len(body.visible) == 1 and not spans.startswith(("briefly", "all")):
            return f"{name}: from {spans}, best at {at}, nearly overhead{why}."
        return f"{name}: {spans}; best at {at}, nearly overhead{why}."
    high = f"{round(best.alt)}° high"
    where = direction_words(best.direction)
    if best.alt < LOW_DEG:
        when = _low_when(body, tonight)
        return f"{name}: low in the {where}{when}, {spans}; best at {at}, {high}{why}."
    if len(body.visible) == 1 and not spans.startswith(("briefly", "all")):
        return f"{name}: from {spans}, best at {at}, {high} in the {where}{why}."
    return f"{name}: {spans}; best at {at}, {high} in the {where}{why}."


def moon_sentence(moon: Moon, tonight: Tonight, zone: tzinfo) -> str:
    phase = f"{moon.phase}, {round(moon.illuminated)}% lit"
    dark = moon.dark
    if dark is None:
        return f"Moon: {phase}; the sky does not get dark tonight."
    hours = "dark hours" if tonight.twilight.darkest == "night" else "darkest hours"
    up = moon.up_in_dark
    whole = covers_the_night(dark, tonight)
    if not up:
        if whole:
            return f"Moon: {phase}; down all night: good for faint objects."
        during = spans_text([dark], zone)
        return f"Moon: {phase}; down all through the {hours} ({during}): good for faint objects."
    if len(up) == 1 and up[0] == dark:
        if whole:
            return f"Moon: {phase}; up all night."
        return f"Moon: {phase}; up all through the {hours}, {spans_text(up, zone)}."
    return f"Moon: {phase}; up in the {hours} from {spans_text(up, zone, tonight)}."


def pair_sentence(pair: Pair, zone: tzinfo) -> str:
    first, second = (name.capitalize() for name in pair.bodies)
    seen = "" if pair.visible else " (not both visible then)"
    return f"{first} and {second}: {pair.separation:.1f}° apart at {clock(pair.at, zone)}{seen}."
