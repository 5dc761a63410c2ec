"""Domain errors. They carry what went wrong and where; they know nothing of HTTP
(``planettracker.middlewares`` maps them to problem documents)."""

from __future__ import annotations

from collections.abc import Iterable


class PlanetTrackerError(Exception):
    """Base class of the errors a client's input can cause."""

    title = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidParameter(PlanetTrackerError):
    """A query parameter or form field is missing, malformed or out of range."""

    title = "Invalid parameter"

    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason


class UnknownBody(PlanetTrackerError):
    """A name that is not one of the planets this service knows."""

    title = "Unknown planet"

    def __init__(self, name: str, valid: Iterable[str]) -> None:
        self.valid = tuple(valid)
        shown = name if len(name) <= 40 and name.isprintable() else "that name"
        super().__init__(f"{shown!r} is not a planet; use one of: {', '.join(self.valid)}")
        self.name = name


class InvalidBody(PlanetTrackerError):
    """A request body that cannot be read as the form or JSON object expected."""

    title = "Invalid body"


class UnreadableBody(InvalidBody):
    """A body that stopped arriving or arrived damaged: its connection is closed."""
