// The sky chart: an SVG polar plot of the visible hemisphere, seen looking up: the
// planets, the Sun and the Moon, and behind them the bright stars.

import { azAlt, unitVector } from "./aim.js";
import { boxesOverlap, degrees, distanceToBox, svgElement, title } from "./display.js";

const HORIZON_RADIUS = 100;

/** Chart coordinates of an az/alt (degrees): zenith at 0,0, horizon at radius 100,
 * north up and east on the left, as on a star chart held overhead. */
export function chartPoint(az, alt) {
  const r = (HORIZON_RADIUS * (90 - alt)) / 90;
  const a = (az * Math.PI) / 180;
  return { x: -r * Math.sin(a), y: -r * Math.cos(a) };
}

/** Dot radius from magnitude: Venus (-4.5) large, Neptune (7.8) a speck; never as big
 * as the Moon's disc or the Sun's (bodyRadius). */
export function dotRadius(magnitude) {
  return Math.min(6, Math.max(2.2, 3.9 - 0.55 * magnitude));
}

const SUN_RADIUS = 8; // its glow; the disc within is SUN_DISC
const SUN_DISC = 5.5;
const MOON_RADIUS = 7;

/** The radius a body is drawn with: the Sun, then the Moon, then the planets by brightness. */
export function bodyRadius(body) {
  if (body.name === "sun") return SUN_RADIUS;
  if (body.name === "moon") return MOON_RADIUS;
  return dotRadius(body.magnitude);
}

/** A star's point from its magnitude: Sirius (-1.4) 2.2, a 4th-magnitude star 0.6: no
 * star is drawn bigger than the smallest planet's dot (dotRadius). */
export function starRadius(magnitude) {
  return Math.min(2.2, Math.max(0.6, 1.9 - 0.35 * magnitude));
}

// The faintest star the naked eye sees in each sky (as the server's own rule,
// planettracker/sky/visibility.py), and how strongly the chart draws them: none by day,
// the brightest few faintly in civil twilight.
const STAR_LIMIT = { day: -Infinity, "civil twilight": 1, "nautical twilight": 3.5, "astronomical twilight": 5, night: 6 };
const STAR_OPACITY = { "civil twilight": 0.45, "nautical twilight": 0.75 };

/** The stars the sky lets a person see: by the sky's state ("day", "civil twilight"...). */
export function starsInSky(stars, state) {
  const limit = STAR_LIMIT[state] ?? 6;
  return stars.filter((star) => star.magnitude <= limit);
}

/**
 * The Moon's lit part as seen: the fraction lit (0 new, 1 full) and the direction of its
 * bright limb on the chart (radians, chart axes), from where the Sun and the Moon stand
 * in the sky (az/alt, degrees): the limb faces the Sun along the great circle between
 * them, wherever the Sun is, below the horizon too.
 */
export function moonPhase(moon, sun) {
  const m = unitVector(moon.az, moon.alt);
  const s = unitVector(sun.az, sun.alt);
  const cosE = m[0] * s[0] + m[1] * s[1] + m[2] * s[2];
  const lit = (1 - cosE) / 2;
  // A small step from the Moon toward the Sun, drawn on the chart.
  const toward = s.map((value, i) => value - cosE * m[i]);
  const size = Math.hypot(...toward) || 1;
  const step = m.map((value, i) => value + (0.01 * toward[i]) / size);
  const { az, alt } = azAlt(step.map((value) => value / Math.hypot(...step)));
  const from = chartPoint(moon.az, moon.alt);
  const to = chartPoint(az, alt);
  return { lit, limb: Math.atan2(to.y - from.y, to.x - from.x) };
}

/** The SVG path of a lit part of radius r, its bright limb toward +x: the outer half
 * circle, then the terminator (an ellipse seen edge-on at 0 and 1) back. */
export function litPath(r, lit) {
  const bulge = r * (1 - 2 * lit); // where the terminator crosses the x axis
  const rx = Math.abs(bulge).toFixed(2);
  const sweep = bulge > 0 ? 0 : 1;
  return `M0 ${-r}A${r} ${r} 0 0 1 0 ${r}A${rx} ${r} 0 0 ${sweep} 0 ${-r}Z`;
}

function bodyElement(layer, name) {
  let group = layer.querySelector(`[data-body="${name}"]`);
  if (!group) {
    group = svgElement("g");
    group.dataset.body = name;
    group.classList.add("body", name);
    if (name !== "sun" && name !== "moon") group.classList.add("planet");
    const dot = svgElement("circle"); // the body's extent: what labels keep clear of
    const label = svgElement("text");
    label.textContent = title(name);
    group.append(dot, label);
    if (name === "sun" || name === "moon") {
      const face = svgElement(name === "sun" ? "circle" : "path"); // the disc, the lit part
      face.classList.add("face");
      group.append(face);
    }
    layer.append(group);
  }
  return group;
}

const LABEL_HEIGHT = 9; // chart units: 8.5 px text
const CHAR_WIDTH = 5.2;
const labelSizes = new WeakMap();

/** A label's box as drawn, relative to its anchor point: measured once (its text and
 * font do not change), estimated where the browser cannot measure. */
function labelSize(label) {
  let size = labelSizes.get(label);
  if (!size) {
    label.setAttribute("x", "0");
    label.setAttribute("y", "0");
    label.setAttribute("text-anchor", "start");
    label.classList.remove("small");
    const box = label.getBBox?.();
    size = box?.width
      ? { width: box.width, top: box.y, height: box.height }
      : { width: label.textContent.length * CHAR_WIDTH, top: -LABEL_HEIGHT / 2, height: LABEL_HEIGHT };
    labelSizes.set(label, size);
  }
  return size;
}
const EDGE = 119; // labels stay inside the chart's 240 x 240 box

// Where a label may go around its dot, its nearest edge `gap` from the dot's centre:
// sixteen directions from the right round, right and left first, then further out.
// [x, y] of the direction, and how much of the label's width lies left of that point
// (above and below the dot, slid either way too).
const SPOTS = [0, 180, 30, -30, 150, -150, 60, -60, 120, -120, 90, -90, 15, -15, 165, -165].flatMap((deg) => {
  const [dx, dy] = [Math.cos((deg * Math.PI) / 180), -Math.sin((deg * Math.PI) / 180)];
  if (Math.abs(dx) >= 0.3) return [[dx, dy, dx > 0 ? 0 : 1]];
  return [0.5, 0.3, 0.7, 0.1, 0.9].map((share) => [dx, dy, share]);
});
const RINGS = [1.5, 4, 7, 11];

/**
 * Put each label by its own dot: where it covers no other body's dot or label, stays in
 * the chart and is nearer its own dot (its edge) than any other (so that it cannot be
 * read as another's). The brightest are placed first. A body whose label fits nowhere is left
 * unlabelled and named in the list of those without room (returned: its name and the
 * body it is crowded by).
 */
function placeLabels(bodies) {
  // Greedy, the biggest first; then again with those left out placed first, a few
  // times, keeping the way that labels the most.
  let best = null;
  let order = bodies;
  for (let round = 0; round < 4; round += 1) {
    const placed = new Map();
    for (const body of order) {
      const spot = labelSpot(body, bodies, [...placed.values()].map((p) => p.box));
      if (spot) placed.set(body, spot);
    }
    if (!best || placed.size > best.size) best = placed;
    if (placed.size === bodies.length) break;
    order = [...bodies.filter((body) => !placed.has(body)), ...bodies.filter((body) => placed.has(body))];
  }
  const crowded = [];
  for (const body of bodies) {
    const spot = best.get(body);
    if (spot) {
      body.label.setAttribute("x", spot.x.toFixed(2));
      body.label.setAttribute("y", spot.y.toFixed(2));
      body.label.setAttribute("text-anchor", "start");
      body.label.classList.toggle("small", spot.scale !== 1);
      body.label.removeAttribute("visibility");
    } else {
      body.label.setAttribute("visibility", "hidden");
      const gap = (other) => Math.hypot(other.x - body.x, other.y - body.y) - other.r;
      const nearest = bodies.filter((other) => other !== body).reduce((a, b) => (gap(a) <= gap(b) ? a : b));
      crowded.push({ name: body.name, by: nearest.name });
    }
  }
  return crowded;
}

// A label that fits nowhere at its size may still fit a little smaller.
const SMALL_LABEL = 0.8;

function labelSpot(body, bodies, placed) {
  return spotAtScale(body, bodies, placed, 1) ?? spotAtScale(body, bodies, placed, SMALL_LABEL);
}

function spotAtScale(body, bodies, placed, scale) {
  const [width, top, height] = [body.width * scale, body.top * scale, body.height * scale];
  for (const ring of RINGS) {
    const gap = body.r + ring;
    for (const [dx, dy, share] of SPOTS) {
      const x = body.x + dx * gap;
      const y = body.y + dy * gap + (Math.abs(dx) < 0.3 ? Math.sign(dy) : dy) * (height / 2);
      const left = x - share * width;
      const box = { left, right: left + width, top: y + top, bottom: y + top + height };
      if (Math.max(-box.left, box.right, -box.top, box.bottom) > EDGE) continue;
      if (placed.some((other) => boxesOverlap(box, other))) continue;
      // Nearer its own dot's edge than any other's (by a unit), covering none.
      const own = Math.max(0, distanceToBox(body.x, body.y, box) - body.r);
      const clear = bodies.every(
        (other) => other === body || distanceToBox(other.x, other.y, box) - other.r > Math.max(0.5, own + 0.5),
      );
      if (clear) return { x: left, y, box, scale };
    }
  }
  return null;
}

const PICK_RADIUS = 16; // chart units (240 across): some 24 px on a phone, a fingertip

/**
 * The planet a tap on the chart means: the one tapped (dot or label), else the nearest
 * dot within a fingertip (the dots of faint planets are specks). Null if none is near.
 */
export function planetAt(svg, event) {
  const tapped = event.target.closest?.(".body.planet");
  if (tapped) return tapped.dataset.body;
  const matrix = svg.getScreenCTM();
  if (!matrix) return null;
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
  let nearest = null;
  let distance = PICK_RADIUS;
  for (const group of svg.querySelectorAll(".body.planet[visibility=visible]")) {
    const dot = group.children[0];
    const d = Math.hypot(Number(dot.getAttribute("cx")) - point.x, Number(dot.getAttribute("cy")) - point.y);
    if (d < distance) [nearest, distance] = [group.dataset.body, d];
  }
  return nearest;
}

const LABELLED_STARS = 12; // the brightest dozen above the horizon get their names
const STAR_LABEL_GAP = 1.5;

/** A box {left, right, top, bottom} around an element, in chart units. */
function box(element, pad = 0) {
  const { x, y, width, height } = element.getBBox();
  return { left: x - pad, right: x + width + pad, top: y - pad, bottom: y + height + pad };
}

/**
 * Draw the bright stars (`stars`: the /stars answer's list, brightest first; null: none
 * known yet) as small points, and name the brightest dozen where a name fits: right of
 * the point, else left, above or below it, never over a body's dot or label, another
 * star's point or name or the compass letters. A name that fits nowhere is left out:
 * the planets' labels come first.
 */
function drawStars(svg, stars, state) {
  const layer = svg.querySelector("#stars");
  const points = svg.querySelector("#star-points");
  const names = svg.querySelector("#star-names");
  points.replaceChildren();
  names.replaceChildren();
  stars = stars && starsInSky(stars, state);
  layer.setAttribute("visibility", stars?.length ? "visible" : "hidden");
  layer.style.opacity = STAR_OPACITY[state] ?? "";
  if (!stars?.length) return [];
  for (const star of stars) {
    const { x, y } = chartPoint(star.az, star.alt);
    const point = svgElement("circle");
    point.dataset.star = star.name;
    point.setAttribute("cx", x.toFixed(2));
    point.setAttribute("cy", y.toFixed(2));
    point.setAttribute("r", starRadius(star.magnitude).toFixed(2));
    points.append(point);
  }
  const taken = [...svg.querySelectorAll(".body[visibility=visible] > :not([visibility=hidden]), .compass text")].map((element) => box(element, 1));
  const dots = [...points.children].map((point) => ({ name: point.dataset.star, ...box(point, 0.3) }));
  const named = [];
  for (const star of stars.slice(0, LABELLED_STARS)) {
    const { x, y } = chartPoint(star.az, star.alt);
    const gap = starRadius(star.magnitude) + STAR_LABEL_GAP;
    const label = svgElement("text");
    label.dataset.star = star.name;
    label.textContent = star.name;
    names.append(label);
    const spots = [
      [x + gap, y, "start"],
      [x - gap, y, "end"],
      [x, y - gap - 3.5, "middle"],
      [x, y + gap + 3.5, "middle"],
    ];
    const free = spots.find(([lx, ly, anchor]) => {
      label.setAttribute("x", lx.toFixed(2));
      label.setAttribute("y", ly.toFixed(2));
      label.setAttribute("text-anchor", anchor);
      const spot = box(label);
      const inside = Math.hypot(Math.max(Math.abs(spot.left), Math.abs(spot.right)), Math.max(Math.abs(spot.top), Math.abs(spot.bottom))) <= 118;
      return inside && !taken.some((other) => boxesOverlap(spot, other)) && !dots.some((other) => other.name !== star.name && boxesOverlap(spot, other));
    });
    if (!free) {
      label.remove();
      continue;
    }
    taken.push(box(label, 0.5));
    named.push(star.name);
  }
  return named;
}

/**
 * Draw the bodies above the horizon, each as what it is (the Sun with its glow, the Moon
 * lit as it is, the planets sized by brightness), the smaller on top, each label by its
 * own dot; behind them the bright stars the sky lets be seen (`stars`, see drawStars).
 * Returns the planets below the horizon and the bodies left unlabelled for want of room
 * ({name, by}).
 */
export function drawChart(svg, sky, stars = null) {
  const layer = svg.querySelector("#bodies");
  const bodies = [sky.sun, sky.moon, ...sky.planets];
  const below = [];
  const shown = [];
  for (const body of bodies) {
    const group = bodyElement(layer, body.name);
    if (!body.above_horizon) {
      group.setAttribute("visibility", "hidden");
      if (sky.planets.includes(body)) below.push(title(body.name));
      continue;
    }
    const { x, y } = chartPoint(body.az, body.alt);
    const r = bodyRadius(body);
    group.setAttribute("visibility", "visible");
    const [dot, label, face] = group.children;
    dot.setAttribute("cx", x.toFixed(2));
    dot.setAttribute("cy", y.toFixed(2));
    dot.setAttribute("r", r.toFixed(2));
    if (body.name === "sun") {
      face.setAttribute("cx", x.toFixed(2));
      face.setAttribute("cy", y.toFixed(2));
      face.setAttribute("r", String(SUN_DISC));
    } else if (body.name === "moon") {
      const { lit, limb } = moonPhase(body, sky.sun);
      face.setAttribute("d", litPath(r - 0.4, lit));
      face.setAttribute("transform", `translate(${x.toFixed(2)} ${y.toFixed(2)}) rotate(${((limb * 180) / Math.PI).toFixed(1)})`);
      group.dataset.lit = lit.toFixed(3);
    }
    shown.push({ name: body.name, body, group, label, x, y, r, ...labelSize(label) });
  }
  // The bigger first, so that a small dot stays on top of a big one it stands by; and
  // their labels placed first.
  shown.sort((a, b) => b.r - a.r);
  for (const item of shown) layer.append(item.group);
  const crowded = placeLabels(shown);
  const named = drawStars(svg, stars, sky.sky);
  const described = shown.map(({ body }) => `${title(body.name)}: ${body.direction}, ${degrees(body.alt)} up`);
  const starWords = named.length ? ` Bright stars: ${named.join(", ")}.` : "";
  svg.querySelector("#chart-desc").textContent =
    (described.length ? `Above the horizon: ${described.join("; ")}.` : "Nothing above the horizon.") + starWords;
  return { below, crowded };
}
