// What the views (sky.js, ui.js, find.js, the Tonight view) share: how a body's name and
// an angle are written, the SVG elements they draw with, and where labels' boxes meet.

const SVG_NS = "http://www.w3.org/2000/svg";

/** A body's name as shown: "jupiter" -> "Jupiter". */
export const title = (name) => name[0].toUpperCase() + name.slice(1);

/** An angle in degrees as shown: whole ("34°"), or to `digits` decimals ("157.3°"). */
export const degrees = (value, digits = 0) => `${digits ? value.toFixed(digits) : Math.round(value)}°`;

/** The distance from a point to a box {left, right, top, bottom} (0 inside it). */
export function distanceToBox(x, y, box) {
  const dx = Math.max(box.left - x, 0, x - box.right);
  const dy = Math.max(box.top - y, 0, y - box.bottom);
  return Math.hypot(dx, dy);
}

/** Do two boxes {left, right, top, bottom} overlap? */
export const boxesOverlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** A new SVG element ("g", "circle", "line"...). */
export const svgElement = (tag) => document.createElementNS(SVG_NS, tag);

/**
 * A landmark ({name, separation, direction}) in words: "4° above Aldebaran", "3° upper
 * left of Antares"; to a tenth of a degree under 1° ("0.6° below Spica").
 */
export function landmarkWords(near) {
  const separation = near.separation < 1 ? degrees(near.separation, 1) : degrees(near.separation);
  const of = near.direction === "above" || near.direction === "below" ? "" : " of";
  return `${separation} ${near.direction}${of} ${near.name}`;
}
