// Tonight's chart, drawn in plain SVG: the observed place's local time across, altitude
// up; the sky's stages as shaded bands, the altitude and hour grid, a curve per body that
// can be seen, and the line for the page's instant. Names on the curves: tonight-names.js.

import { degrees, svgElement } from "./display.js";
import { wallClock } from "./time.js";
import { clock, pad } from "./tonight-words.js";

const MARGIN = { left: 34, right: 12, top: 26, bottom: 24 }; // px: axis labels, the cursor's time
const ALT_TOP = 90; // the chart's top: the zenith
const ALT_GRID = [30, 60, 90];
const HOUR_MS = 3600000;
const QUARTER_MS = 900000; // zones are offset from UTC by whole quarters of an hour
const HOUR_STEPS = [1, 2, 3, 4, 6]; // labelled every so many hours, as room allows
const MIN_LABEL_GAP_PX = 30;
export const CHAR_PX = 7; // a label character's width, until the browser measures it

/**
 * The chart's scale for the span t0..t1 (ms since 1970) in a width x height chart: `x(t)`,
 * `y(alt)` (degrees) and back, `time(x)`; the plot's edges.
 */
export function chartScale(t0, t1, width, height) {
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  return {
    left,
    right,
    top,
    bottom,
    x: (t) => left + ((t - t0) / (t1 - t0)) * (right - left),
    y: (alt) => bottom - (alt / ALT_TOP) * (bottom - top),
    time: (x) => t0 + ((x - left) / (right - left)) * (t1 - t0),
  };
}

/** Tonight's answer with its instants as numbers (ms), ready to draw. */
export function prepareNight(tonight) {
  const track = tonight.track;
  const times = track.times.map(Date.parse);
  const seen = tonight.bodies.filter((body) => body.visible && track.bodies[body.name]);
  return {
    tonight,
    zone: tonight.observer.timezone,
    t0: times[0],
    t1: times.at(-1),
    step: track.step_s * 1000,
    times,
    seen,
    alts: Object.fromEntries(seen.map((body) => [body.name, track.bodies[body.name].alt])),
  };
}

/** A body's altitude at t (ms), interpolated along the track. */
export function altitudeAt(night, name, t) {
  const alts = night.alts[name];
  const f = Math.min(Math.max((t - night.t0) / night.step, 0), alts.length - 1);
  const i = Math.min(Math.floor(f), alts.length - 2);
  return alts[i] + (alts[i + 1] - alts[i]) * (f - i);
}

/** The sky's stage as a class name: "civil twilight" -> "civil". */
const stageClass = (sky) => sky.split(" ")[0];

export const fixed = (value) => value.toFixed(2);
const points = (list) => list.map(([x, y]) => `${fixed(x)},${fixed(y)}`).join(" ");

export function element(tag, attributes = {}, className = "") {
  const node = svgElement(tag);
  if (className) node.setAttribute("class", className);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, typeof value === "number" ? fixed(value) : value);
  return node;
}

export function textElement(text, attributes, className) {
  const node = element("text", attributes, className);
  node.textContent = text;
  return node;
}

/** The sky's stages as shaded bands, and the strip below the lowest useful altitude. */
export function bands(night, s) {
  const { tonight, t0, t1 } = night;
  const group = element("g", {}, "bands");
  for (const stage of tonight.stages) {
    const a = Math.max(t0, Date.parse(stage.start));
    const b = Math.min(t1, Date.parse(stage.end));
    if (b <= a) continue;
    const rect = element("rect", { x: s.x(a), y: s.top, width: s.x(b) - s.x(a), height: s.bottom - s.top }, `band ${stageClass(stage.sky)}`);
    rect.dataset.sky = stage.sky;
    group.append(rect);
  }
  const low = s.y(tonight.min_alt);
  group.append(element("rect", { x: s.left, y: low, width: s.right - s.left, height: s.bottom - low }, "too-low"));
  return group;
}

/** Altitude lines (30, 60, 90 degrees, the horizon, min_alt dashed) and local hours. */
export function grid(night, s) {
  const { tonight, zone, t0, t1 } = night;
  const group = element("g", {}, "grid");
  const altLine = (alt, className, label) => {
    const tick = element("g", {}, className);
    tick.dataset.alt = String(alt);
    const y = s.y(alt);
    tick.append(element("line", { x1: s.left, y1: y, x2: s.right, y2: y }), textElement(label, { x: s.left - 5, y }));
    group.append(tick);
  };
  for (const alt of ALT_GRID) altLine(alt, "alt", degrees(alt));
  altLine(0, "alt horizon", "0°");
  altLine(tonight.min_alt, "alt min-alt", degrees(tonight.min_alt));

  // Whole local hours, found every quarter of an hour of UTC (a daylight saving change
  // skips or repeats an hour); labelled every `step` hours, as room allows.
  const perHour = (s.right - s.left) / ((t1 - t0) / HOUR_MS);
  const step = HOUR_STEPS.find((hours) => hours * perHour >= MIN_LABEL_GAP_PX) ?? 12;
  const long = step * perHour >= 46; // room for "21:00"
  for (let t = Math.ceil(t0 / QUARTER_MS) * QUARTER_MS; t <= t1; t += QUARTER_MS) {
    const w = wallClock(new Date(t), zone);
    if (w.minute !== 0) continue;
    const labelled = w.hour % step === 0;
    const x = s.x(t);
    const tick = element("g", {}, labelled ? "hour labelled" : "hour");
    tick.dataset.hour = String(w.hour);
    tick.dataset.at = new Date(t).toISOString();
    tick.append(element("line", { x1: x, y1: labelled ? s.top : s.bottom, x2: x, y2: s.bottom + 4 }));
    if (labelled) tick.append(textElement(long ? `${pad(w.hour)}:00` : pad(w.hour), { x, y: s.bottom + 16 }));
    group.append(tick);
  }
  return group;
}

/** A curve per body that can be seen: thin where it is up, thick where it can be seen. */
export function curves(night, s) {
  const { seen, times } = night;
  const group = element("g", { "clip-path": "url(#tonight-clip)" }, "curves");
  for (const body of seen) {
    const alts = night.alts[body.name];
    const curve = element("g", {}, `body ${body.name}`);
    curve.dataset.body = body.name;
    curve.append(element("polyline", { points: points(times.map((t, i) => [s.x(t), s.y(alts[i])])) }, "up"));
    for (const interval of body.intervals) {
      const a = Date.parse(interval.start);
      const b = Date.parse(interval.end);
      const inside = times.filter((t) => t > a && t < b);
      const line = [a, ...inside, b].map((t) => [s.x(t), s.y(altitudeAt(night, body.name, t))]);
      const part = element("polyline", { points: points(line) }, "seen");
      Object.assign(part.dataset, { start: interval.start, end: interval.end });
      curve.append(part);
    }
    group.append(curve);
  }
  return group;
}

/**
 * In `layer`, the line for the page's `instant` (`live`: now, else the chosen time), its
 * time, and where each body is then; when a time is chosen, a fainter line for now.
 * `width`: the chart's, in px.
 */
export function drawCursor(layer, night, s, instant, live, width) {
  const { t0, t1, zone, seen } = night;
  layer.replaceChildren();
  const t = instant.getTime();
  const now = Date.now();
  if (!live && now >= t0 && now <= t1) {
    const x = s.x(now);
    layer.append(element("line", { x1: x, y1: s.top, x2: x, y2: s.bottom }, "real-now"));
  }
  const words = live ? `Now ${clock(instant, zone)}` : clock(instant, zone);
  layer.dataset.at = instant.toISOString();
  if (t < t0 || t > t1) {
    // Before or after the chart: say so at that edge.
    const before = t < t0;
    const text = textElement(before ? `◂ ${words}` : `${words} ▸`, { x: before ? s.left : s.right, y: s.top - 10 }, `cursor-label ${before ? "start" : "end"}`);
    layer.append(text);
    return;
  }
  const x = s.x(t);
  layer.append(element("line", { x1: x, y1: s.top - 4, x2: x, y2: s.bottom }, "cursor"));
  for (const body of seen) {
    const alt = altitudeAt(night, body.name, t);
    if (alt < 0) continue;
    const dot = element("circle", { cx: x, cy: s.y(alt), r: 4.5 }, `where ${body.name}`);
    dot.dataset.body = body.name;
    layer.append(dot);
  }
  const label = textElement(words, { x, y: s.top - 12 }, "cursor-label");
  const pill = element("rect", { y: s.top - 22, height: 19, rx: 9.5 }, "cursor-pill");
  layer.append(pill, label);
  const textWidth = label.getComputedTextLength?.() || words.length * CHAR_PX;
  const cx = Math.min(Math.max(x, s.left + textWidth / 2), width - textWidth / 2 - 8);
  label.setAttribute("x", fixed(cx));
  pill.setAttribute("x", fixed(cx - textWidth / 2 - 8));
  pill.setAttribute("width", fixed(textWidth + 16));
}
