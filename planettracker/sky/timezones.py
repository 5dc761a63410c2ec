"""The IANA time zone of a place, looked up offline."""

from __future__ import annotations

from timezonefinder import TimezoneFinder


def nautical_zone(lon: float) -> str:
    """The Etc/GMT zone of a longitude (at sea, or where no land zone applies).
    POSIX signs are inverted: Etc/GMT-9 is nine hours ahead of UTC."""
    hours = round(lon / 15.0)
    return "Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}"


class TimeZoneLookup:
    """Names the time zone of a latitude/longitude (degrees) from the boundary
    data shipped with the ``timezonefinder`` package."""

    def __init__(self) -> None:
        self._finder = TimezoneFinder()

    def name_at(self, lat: float, lon: float) -> str:
        return self._finder.timezone_at(lng=lon, lat=lat) or nautical_zone(lon)
