// The sky chart: an SVG polar plot of the visible hemisphere, seen looking up.

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

/** Draw the bodies above the horizon; return the names of those below. */
export function drawChart(svg, sky) {
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
  svg.querySelector("#chart-desc").textContent = described.length
    ? `Above the horizon: ${described.join("; ")}.`
    : "Nothing above the horizon.";
  return below;
}
