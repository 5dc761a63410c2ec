// The sky chart: an SVG polar plot of the visible hemisphere, seen looking up: the
// planets, the Sun and the Moon, and behind them the bright stars.

import { degrees, svgElement, title } from "./display.js";

const HORIZON_RADIUS = 100;

/** Chart coordinates of an az/alt (degrees): zenith at 0,0, horizon at radius 100,
 * north up and east on the left, as on a star chart held overhead. */
export function chartPoint(az, alt) {
  const r = (HORIZON_RADIUS * (90 - alt)) / 90;
  const a = (az * Math.PI) / 180;
  return { x: -r * Math.sin(a), y: -r * Math.cos(a) };
}

/** Dot radius from magnitude: Venus (-4.5) large, Neptune (7.8) a speck. */
export function dotRadius(magnitude) {
  return Math.min(9, Math.max(2.2, 5.2 - 0.9 * magnitude));
}

/** A star's point from its magnitude: Sirius (-1.4) 2.2, a 4th-magnitude star 0.6: no
 * star is drawn bigger than the smallest planet's dot (dotRadius). */
export function starRadius(magnitude) {
  return Math.min(2.2, Math.max(0.6, 1.9 - 0.35 * magnitude));
}

function bodyElement(layer, name) {
  let group = layer.querySelector(`[data-body="${name}"]`);
  if (!group) {
    group = svgElement("g");
    group.dataset.body = name;
    group.classList.add("body", name);
    if (name !== "sun" && name !== "moon") group.classList.add("planet");
    const dot = svgElement("circle");
    const label = svgElement("text");
    label.textContent = title(name);
    group.append(dot, label);
    layer.append(group);
  }
  return group;
}

const LABEL_HEIGHT = 9;
const CHAR_WIDTH = 5.2;

/** Nudge labels down where one would cover another label or a dot (planets bunch up). */
function separateLabels(layer) {
  const groups = [...layer.querySelectorAll(".body[visibility=visible]")];
  const dots = groups.map((group) => {
    const [dot] = group.children;
    const [x, y, r] = ["cx", "cy", "r"].map((name) => Number(dot.getAttribute(name)));
    return { group, left: x - r, right: x + r, top: y - r, bottom: y + r };
  });
  const labels = groups.map((group) => {
    const label = group.children[1];
    const x = Number(label.getAttribute("x"));
    const width = label.getComputedTextLength?.() || label.textContent.length * CHAR_WIDTH;
    const left = label.getAttribute("text-anchor") === "end" ? x - width : x;
    return { group, label, left, right: left + width, y: Number(label.getAttribute("y")) };
  });
  labels.sort((a, b) => a.y - b.y);
  const placed = [];
  for (const box of labels) {
    const obstacles = [
      ...placed.map((other) => ({ ...other, top: other.y - LABEL_HEIGHT / 2, bottom: other.y + LABEL_HEIGHT / 2 })),
      ...dots.filter((dot) => dot.group !== box.group),
    ].sort((a, b) => a.top - b.top);
    for (const other of obstacles) {
      const overlapX = box.left < other.right && other.left < box.right;
      const overlapY = box.y + LABEL_HEIGHT / 2 > other.top && other.bottom > box.y - LABEL_HEIGHT / 2;
      if (overlapX && overlapY) box.y = other.bottom + LABEL_HEIGHT / 2;
    }
    box.label.setAttribute("y", box.y.toFixed(2));
    placed.push(box);
  }
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

const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Draw the bright stars (`stars`: the /stars answer's list, brightest first; null: none
 * known yet) as small points, and name the brightest dozen where a name fits: right of
 * the point, else left, above or below it, never over a body's dot or label, another
 * star's point or name or the compass letters. A name that fits nowhere is left out:
 * the planets' labels come first.
 */
function drawStars(svg, stars) {
  const layer = svg.querySelector("#stars");
  const points = svg.querySelector("#star-points");
  const names = svg.querySelector("#star-names");
  points.replaceChildren();
  names.replaceChildren();
  layer.setAttribute("visibility", stars ? "visible" : "hidden");
  if (!stars) return [];
  for (const star of stars) {
    const { x, y } = chartPoint(star.az, star.alt);
    const point = svgElement("circle");
    point.dataset.star = star.name;
    point.setAttribute("cx", x.toFixed(2));
    point.setAttribute("cy", y.toFixed(2));
    point.setAttribute("r", starRadius(star.magnitude).toFixed(2));
    points.append(point);
  }
  const taken = [...svg.querySelectorAll(".body[visibility=visible] > *, .compass text")].map((element) => box(element, 1));
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
      return inside && !taken.some((other) => overlaps(spot, other)) && !dots.some((other) => other.name !== star.name && overlaps(spot, other));
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
 * Draw the bodies above the horizon and, behind them, the bright stars (`stars`, see
 * drawStars); return the names of the planets below the horizon.
 */
export function drawChart(svg, sky, stars = null) {
  const layer = svg.querySelector("#bodies");
  const bodies = [sky.sun, sky.moon, ...sky.planets];
  const below = [];
  const described = [];
  for (const body of bodies) {
    const group = bodyElement(layer, body.name);
    if (!body.above_horizon) {
      group.setAttribute("visibility", "hidden");
      if (sky.planets.includes(body)) below.push(title(body.name));
      continue;
    }
    const { x, y } = chartPoint(body.az, body.alt);
    const radius = body.name === "sun" || body.name === "moon" ? 7 : dotRadius(body.magnitude);
    group.setAttribute("visibility", "visible");
    const [dot, label] = group.children;
    dot.setAttribute("cx", x.toFixed(2));
    dot.setAttribute("cy", y.toFixed(2));
    dot.setAttribute("r", radius.toFixed(2));
    // Labels sit to the right of the dot, or to the left near the chart's right edge.
    const right = x < 55;
    label.setAttribute("x", (x + (right ? radius + 2 : -radius - 2)).toFixed(2));
    label.setAttribute("y", y.toFixed(2));
    label.setAttribute("text-anchor", right ? "start" : "end");
    described.push(`${title(body.name)}: ${body.direction}, ${degrees(body.alt)} up`);
  }
  separateLabels(layer);
  const named = drawStars(svg, stars);
  const starWords = named.length ? ` Bright stars: ${named.join(", ")}.` : "";
  svg.querySelector("#chart-desc").textContent =
    (described.length ? `Above the horizon: ${described.join("; ")}.` : "Nothing above the horizon.") + starWords;
  return below;
}
