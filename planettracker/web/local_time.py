"""Local time for the answers: a place's zone, its name and offset, and a night's
clock, as both the sky's and tonight's answers write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@lru_cache(maxsize=1024)
def zone_of(name: str) -> tzinfo:
    """The IANA zone ``name``; UTC where the system has no time-zone database."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _numeric_offset(local: datetime) -> str:
    offset = local.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def zone_abbreviation(local: datetime) -> str:
    """The zone's short name at a local instant, "CET", or its offset, "UTC+04:00",
    where the tz database has no name for it (it writes "+04")."""
    name = local.tzname() or ""
    return _numeric_offset(local) if name in ("", "UTC") or name[0] in "+-" else name


def zone_label(local: datetime) -> str:
    """The zone at a local instant with its offset: "CET (UTC+01:00)", "UTC+04:00"."""
    name, numeric = zone_abbreviation(local), _numeric_offset(local)
    return name if name == numeric else f"{name} ({numeric})"


def clock(moment: datetime, zone: tzinfo) -> str:
    """Local hours and minutes, to the nearest minute: "19:42"."""
    return (moment + timedelta(seconds=30)).astimezone(zone).strftime("%H:%M")


def zone_change(start: datetime, end: datetime, zone: tzinfo) -> datetime | None:
    """When the local offset changes between ``start`` and ``end`` (a daylight saving
    change in the night), to the minute; None if it does not."""
    before = start.astimezone(zone).utcoffset()
    if end.astimezone(zone).utcoffset() == before:
        return None
    low, high = start, end
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(second=0, microsecond=0)


def span_zone_text(start: datetime, end: datetime, zone: tzinfo) -> str:
    """Which local time a span is in, and its change in the span if any."""
    change = zone_change(start, end, zone)
    first = zone_label(start.astimezone(zone))
    if change is None:
        return first
    return f"{first}, then {zone_label(change.astimezone(zone))} from {clock(change, zone)}"
