"""The page's files: read from ``static/`` once, at start-up, compressed once, and
served from memory.

- **Only static/.** The regular files under ``static/`` are read, and only them: no
  hidden name (``.git``), no symbolic link (to a file or a folder), nothing else. The
  URL table is that set, so no name a client sends can lead anywhere else; anything
  not in it is "not found", with the same problem document as any other unknown
  address.
- **Compressed once.** Scripts and stylesheets are minified (``minified``: rjsmin and
  rcssmin; a third of their gzipped size), then each file is gzipped (when that is
  smaller): a client gets the gzip if it accepts it, with ``Vary: Accept-Encoding``.
  Nothing is compressed per request, and nothing is written to disk.
- **Validators.** The ``ETag`` is a hash of the file's content: the same in every
  worker and after every restart, and new exactly when the file is. It is weak
  (``W/``), the same for the file and its gzip, as both are the same file. A client
  that has it gets a 304. Ranges are not served (RFC 9110 allows a server to ignore
  ``Range``): the whole file is 200, the largest is 9 KB.
- **The service worker** (``static/sw.js``) is served at ``/sw.js``: a worker may
  control the pages under its own folder only, and the page is ``/``. The server
  writes the release into it: the files the worker keeps for offline use and their
  hashes, those it keeps only once the page has used them, and a version made from
  them. A change to any of them changes ``/sw.js``,
  which is how a browser learns of a new release (it compares the worker's bytes on
  every visit).
- **Start-up only.** Files edited while the server runs are not seen: restart it.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import orjson
import rcssmin
import rjsmin
from aiohttp import web

from planettracker.web.compression import accepts_gzip, gzip_file
from planettracker.web.headers import mark_file
from planettracker.web.keys import CONFIG, STATIC, FileKind

PREFIX = "/static/"
PAGE_URL = "/"
WORKER_URL = "/sw.js"
PAGE_FILE = "index.html"
WORKER_FILE = "sw.js"
# The service worker keeps everything the page needs to open and run offline: the
# page and every file under static/ but these (the home-screen icons: a phone keeps
# its own copy of them when the page is added to its home screen).
NOT_KEPT_OFFLINE = ("icons/",)
# Parts of the page loaded only when a person first asks for them (the Tonight view): the
# worker keeps them when they are first loaded, not at install, so that a first visit
# stays small; once kept, each new release's copy is fetched at install.
KEPT_ON_USE = (
    "js/tonight.js",  # and the modules it imports:
    "js/tonight-chart.js",
    "js/tonight-choose.js",
    "js/tonight-moon.js",
    "js/tonight-names.js",
    "js/tonight-source.js",
    "js/tonight-words.js",
    "tonight.css",
)
# The line of sw.js that the server replaces with the release.
RELEASE_LINE = 'const RELEASE = { version: "unreleased", files: {}, onUse: [] };'

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript",  # a module script is always read as UTF-8
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".webmanifest": "application/manifest+json",
}

# Comments and indentation are for the people who read the files, not for the browsers
# that run them: each script and stylesheet is minified (rjsmin, rcssmin: comments and
# needless whitespace out, strings and template literals kept) before it is compressed.
MINIFIERS: dict[str, Callable[[str], str]] = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minified(name: str, body: bytes) -> bytes:
    """A script or stylesheet as the browser needs it; other files as they are."""
    minify = MINIFIERS.get(PurePosixPath(name).suffix)
    return body if minify is None else minify(body.decode()).encode()


@dataclass(frozen=True)
class StaticFile:
    content_type: str
    kind: FileKind
    hash: str  # of the content: 16 hex digits
    body: bytes
    gzip: bytes | None  # None when gzip would not make it smaller

    @property
    def etag(self) -> str:
        return f'W/"{self.hash}"'

    @classmethod
    def of(cls, name: str, body: bytes) -> StaticFile:
        body = minified(name, body)
        suffix = Path(name).suffix
        content_type = CONTENT_TYPES.get(suffix) or (
            mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        kind = (
            FileKind.PAGE
            if content_type.startswith("text/html")
            else FileKind.WORKER
            if name == WORKER_FILE
            else FileKind.ASSET
        )
        packed = gzip_file(body)
        return cls(
            content_type,
            kind,
            hashlib.sha256(body).hexdigest()[:16],
            body,
            packed if len(packed) < len(body) else None,
        )


def read_files(root: Path) -> dict[str, bytes]:
    """The regular files under ``root`` by their path in it (``js/app.js``): no
    hidden name, no symbolic link, no folder reached through one."""
    found: dict[str, bytes] = {}
    for folder, folders, files in os.walk(root):  # does not follow links to folders
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def load_static(root: Path) -> dict[str, StaticFile]:
    """The page's files by URL: ``/`` (the page), ``/static/...``, and ``/sw.js``
    with the release written into it (see above)."""
    contents = read_files(root)
    worker = contents.pop(WORKER_FILE).decode()
    if worker.count(RELEASE_LINE) != 1:
        raise ValueError(f"static/{WORKER_FILE} must hold the line {RELEASE_LINE!r} once")
    served = {PREFIX + name: StaticFile.of(name, body) for name, body in contents.items()}
    served[PAGE_URL] = served[PREFIX + PAGE_FILE]
    kept = {
        url: file.hash
        for url, file in served.items()
        if url != PREFIX + PAGE_FILE and not url.removeprefix(PREFIX).startswith(NOT_KEPT_OFFLINE)
    }
    version = hashlib.sha256(orjson.dumps(kept, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]
    on_use = sorted(PREFIX + name for name in KEPT_ON_USE if PREFIX + name in kept)
    release = orjson.dumps({"version": version, "files": kept, "onUse": on_use}).decode()
    worker = worker.replace(RELEASE_LINE, f"const RELEASE = {release};")
    served[WORKER_URL] = StaticFile.of(WORKER_FILE, worker.encode())
    return served


def _not_modified(if_none_match: str, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison) or is ``*``."""
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


def file_answer(request: web.Request, file: StaticFile, vary: str = "") -> web.Response:
    """``file`` for this request: 304 if the client has it, else gzipped if the
    client accepts it. ``vary``: what else in the request chose this file."""
    mark_file(request, file.kind)
    headers = {"ETag": file.etag}
    varies = [vary] if vary else []
    if file.gzip is not None:
        varies.append("Accept-Encoding")
    if varies:
        headers["Vary"] = ", ".join(varies)
    if _not_modified(request.headers.get("If-None-Match", ""), file.etag):
        return web.Response(status=304, headers=headers)
    headers["Content-Type"] = file.content_type
    if file.gzip is not None and accepts_gzip(request.headers.get("Accept-Encoding", "")):
        headers["Content-Encoding"] = "gzip"
        return web.Response(body=file.gzip, headers=headers)
    return web.Response(body=file.body, headers=headers)


def _files(request: web.Request) -> dict[str, StaticFile]:
    files: dict[str, StaticFile] = request.app[STATIC]
    return files


async def serve_static(request: web.Request) -> web.Response:
    file = _files(request).get(PREFIX + request.match_info["name"])
    if file is None:
        raise web.HTTPNotFound()
    return file_answer(request, file)


async def serve_worker(request: web.Request) -> web.Response:
    return file_answer(request, _files(request)[WORKER_URL])


def page_answer(request: web.Request) -> web.Response:
    """The page, for ``GET /`` from a browser (the address answers curl otherwise)."""
    return file_answer(request, _files(request)[PAGE_URL], vary="Accept")


def setup_static(app: web.Application) -> None:
    app[STATIC] = load_static(app[CONFIG].static_dir)
    app.router.add_get(WORKER_URL, serve_worker)
    app.router.add_get(PREFIX + "{name:.+}", serve_static)
