"""The page's files: served from ``static/`` and from nowhere else.

aiohttp's own static route answers a missing file with a bare 404 decided only when
the answer is sent, after every middleware has seen a 200 (so the access log, the
cache headers and the problem documents were wrong for it). This handler decides
first: a name that could leave the folder, a hidden file, a symbolic link or anything
but a regular file is "not found", with the same problem document as any other
unknown address; a real file goes out as aiohttp's ``FileResponse`` (ETag,
Last-Modified, 304, ranges).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from planettracker.web.keys import CONFIG, STATIC_ROOT

PREFIX = "/static/"


def static_file(root: Path, name: str) -> Path | None:
    """The regular file ``name`` (as in the URL, already %-decoded) inside ``root``
    (a resolved directory), or None. No part of the name may be empty, ``.``-led
    (``..``, hidden files), hold a backslash or a NUL, or be a symbolic link."""
    parts = name.split("/")
    if any(not part or part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    path = root.joinpath(*parts)
    try:
        # resolve() follows links: a file reached through one resolves elsewhere.
        if path.resolve(strict=True) != path or not path.is_file():
            return None
    except (OSError, RuntimeError, ValueError):
        return None
    return path


async def serve_static(request: web.Request) -> web.FileResponse:
    path = static_file(request.app[STATIC_ROOT], request.match_info["name"])
    if path is None:
        raise web.HTTPNotFound()
    return web.FileResponse(path)


def setup_static(app: web.Application) -> None:
    app[STATIC_ROOT] = app[CONFIG].static_dir.resolve(strict=True)
    app.router.add_get(PREFIX + "{name:.+}", serve_static)
