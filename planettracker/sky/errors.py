"""The astronomy's errors. They say what went wrong and know nothing of HTTP
(``planettracker.web.problems`` turns them into problem documents)."""

from __future__ import annotations

from collections.abc import Iterable


class PlanetTrackerError(Exception):
    """Base class of the errors a client's request can cause, in either layer."""

    title = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class UnknownBody(PlanetTrackerError):
    """A name that is not one of the bodies this service knows (the planets, the Sun
    and the Moon)."""

    title = "Unknown planet"

    def __init__(self, name: str, valid: Iterable[str]) -> None:
        self.valid = tuple(valid)
        shown = name if len(name) <= 40 and name.isprintable() else "that name"
        super().__init__(
            f"{shown!r} is not a planet, the Sun or the Moon; use one of: {', '.join(self.valid)}"
        )
        self.name = name
