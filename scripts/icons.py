"""Draw the home-screen icons (static/icons/*.png) from the favicon's design, with the
same browser the tests use (Debian's Chromium): run it after changing the design.
Chromium's PNGs are re-encoded with a palette of their 256 most used colours (the
others, all on anti-aliased edges, take the nearest): a third of the size, the same
picture to the eye.

- icon-192.png, icon-512.png: the favicon's rounded square, corners transparent.
- maskable-512.png: the same planet on a square filled to the edges, drawn within the
  middle 80% circle that every launcher's mask keeps (a phone crops it to its shape).
"""

from __future__ import annotations

import struct
import sys
import zlib
from collections import Counter

from playwright.sync_api import sync_playwright

from harness.browser import CHROMIUM, INSTALL_HINT, LAUNCH_ARGS
from harness.server import ROOT

ICONS = ROOT / "static" / "icons"
BACKGROUND = "#05070c"
# The favicon's planet and ring, in a 32-unit square centred on (16, 16).
PLANET = (
    '<circle cx="16" cy="16" r="7" fill="#ffc857"/>'
    '<ellipse cx="16" cy="16" rx="13" ry="4" fill="none" stroke="#9cc2ff" stroke-width="2" '
    'transform="rotate(-20 16 16)"/>'
)


def svg(size: int, maskable: bool) -> str:
    if maskable:
        # The ring reaches 14 units from the centre: scaled into a circle of 40% of the side.
        scale = 0.4 * 32 / 14.5
        offset = 16 * (1 - scale)
        body = (
            f'<rect width="32" height="32" fill="{BACKGROUND}"/>'
            f'<g transform="translate({offset} {offset}) scale({scale})">{PLANET}</g>'
        )
    else:
        body = f'<rect width="32" height="32" rx="6" fill="{BACKGROUND}"/>{PLANET}'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="{size}" '
        f'height="{size}" style="display:block">{body}</svg>'
    )


Pixel = tuple[int, int, int, int]


def read_png(data: bytes) -> tuple[int, int, list[Pixel]]:
    """Width, height and RGBA pixels of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    width, height, depth, kind = struct.unpack(">IIBB", data[16:26])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (depth, kind) in ((8, 2), (8, 6)), "an 8-bit RGB or RGBA PNG"
    position, packed = 8, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        if data[position + 4 : position + 8] == b"IDAT":
            packed += data[position + 8 : position + 8 + length]
        position += 12 + length
    raw, step = zlib.decompress(packed), 4 if kind == 6 else 3
    stride, pixels, above = width * step, [], bytearray(width * step)
    for y in range(height):
        start = y * (stride + 1)
        kind_of_filter, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up, corner = above[x], above[x - step] if x >= step else 0
            if kind_of_filter == 1:
                line[x] = (line[x] + left) & 255
            elif kind_of_filter == 2:
                line[x] = (line[x] + up) & 255
            elif kind_of_filter == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind_of_filter == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up))
                near = min(near, (abs(guess - corner), 2, corner))
                line[x] = (line[x] + near[2]) & 255
        above = line
        for x in range(0, stride, step):
            pixels.append((*line[x : x + 3], line[x + 3] if step == 4 else 255))
    return width, height, pixels


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def palette_png(width: int, height: int, pixels: list[Pixel]) -> bytes:
    """An indexed PNG of the 256 most used colours; each other colour its nearest."""
    palette = [colour for colour, _ in Counter(pixels).most_common(256)]
    index = {colour: i for i, colour in enumerate(palette)}

    def nearest(colour: Pixel) -> int:
        if colour not in index:
            index[colour] = min(
                range(len(palette)),
                key=lambda i: sum((a - b) ** 2 for a, b in zip(palette[i], colour, strict=True)),
            )
        return index[colour]

    rows = b"".join(
        b"\0" + bytes(nearest(p) for p in pixels[y * width : (y + 1) * width])
        for y in range(height)
    )
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),
            chunk(b"PLTE", b"".join(bytes(colour[:3]) for colour in palette)),
            chunk(b"tRNS", bytes(colour[3] for colour in palette)),
            chunk(b"IDAT", zlib.compress(rows, 9)),
            chunk(b"IEND", b""),
        ]
    )


def main() -> None:
    if not CHROMIUM.exists():
        sys.exit(f"no Chromium at {CHROMIUM}: {INSTALL_HINT}")
    ICONS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for name, size, maskable in (
            ("icon-192.png", 192, False),
            ("icon-512.png", 512, False),
            ("maskable-512.png", 512, True),
        ):
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(f"<body style='margin:0'>{svg(size, maskable)}</body>")
            shot = page.screenshot(omit_background=True)
            page.close()
            (ICONS / name).write_bytes(palette_png(*read_png(shot)))
            print(f"{name}: {(ICONS / name).stat().st_size} bytes")
        browser.close()


if __name__ == "__main__":
    main()
