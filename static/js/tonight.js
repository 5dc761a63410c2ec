// Tonight: what can be seen tonight, and when. An altitude-against-time chart of the night
// in plain SVG (the observed place's local time across, altitude up, the sky's stages as
// shaded bands, a curve per body that can be seen, the lowest altitude worth looking at,
// a line for now); a tap or a drag on it chooses that instant for the whole page. Below
// it, the sentences best seen first, the Moon and close pairs, as GET /tonight words them.
// Loaded when a person first asks for it (static/js/app.js), with its styles (tonight.css).

import { fetchJson, tonightUrl } from "./api.js";
import { degrees, svgElement, title } from "./display.js";
import { recallJson, rememberJson } from "./place.js";
import { wallClock, zoneAbbreviation } from "./time.js";

const MARGIN = { left: 34, right: 12, top: 26, bottom: 24 }; // px: axis labels, the cursor's time
const ALT_TOP = 90; // the chart's top: the zenith
const ALT_GRID = [30, 60, 90];
const MINUTE_MS = 60000;
const HOUR_MS = 3600000;
const DAY_MS = 86400000;
const QUARTER_MS = 900000; // zones are offset from UTC by whole quarters of an hour
const HOUR_STEPS = [1, 2, 3, 4, 6]; // labelled every so many hours, as room allows
const MIN_LABEL_GAP_PX = 30;
const DRAG_EVERY_MS = 120; // while dragging, the chosen instant is passed on at most this often
const NIGHT_KEY = "planettracker.night"; // the last night asked for
const TONIGHT_RETRY_MS = 30000; // a /tonight request that failed is not repeated sooner
const MAX_TONIGHT_RETRIES = 32; // such requests remembered
const TONIGHT_SLACK_MS = 600000; // a night answers from 10 minutes before it was asked for
const TAP_SLOP_PX = 8; // a finger that moves less than this taps
const CHAR_PX = 7; // a label character's width, until the browser measures it
const LABEL_PX = 14; // a label's height
// A name's centre from a point of its curve: above, below, then before or after it
// (in half widths) and a little above or below.
const LABEL_OFFSETS = [[0, -13], [0, 15], [-1, -6], [1, -6], [-1, 8], [1, 8]];
const LABEL_CLEARANCE_PX = 3; // a name is at least this much nearer its own curve
const BEST_R = 4; // the dot where a body is best seen
const TOGETHER_PX = 4; // curves never further apart than this share one name

const pad = (n) => String(n).padStart(2, "0");

/** "HH:MM" in the zone, to the nearest minute (as the server's sentences round). */
export function clock(date, timeZone) {
  const w = wallClock(new Date(date.getTime() + 30000), timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

const dayFormats = new Map();

/** "Sun 20 Dec" in the zone. */
function day(date, timeZone) {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short" });
    dayFormats.set(timeZone, format);
  }
  return format.format(date);
}

/** The sky's stage as a class name: "civil twilight" -> "civil". */
const stageClass = (sky) => sky.split(" ")[0];

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
function prepare(tonight) {
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
function altitudeAt(night, name, t) {
  const alts = night.alts[name];
  const f = Math.min(Math.max((t - night.t0) / night.step, 0), alts.length - 1);
  const i = Math.min(Math.floor(f), alts.length - 2);
  return alts[i] + (alts[i + 1] - alts[i]) * (f - i);
}

/**
 * A name's size as drawn at `at`: {width, height, middle} (px), where middle is how far
 * its box's middle lies below the point it is drawn at. Before the browser can measure
 * (a hidden chart), from the character count.
 */
function measure(label, at, text) {
  const box = label.getBBox?.();
  if (!box?.width) return { width: text.length * CHAR_PX, height: LABEL_PX, middle: 0 };
  return { width: box.width, height: box.height, middle: box.y + box.height / 2 - at.y };
}

/**
 * For each body, the bodies whose curves run as one with its own, itself among them in
 * the night's order: within TOGETHER_PX of each other at every moment both are up.
 */
function runningTogether(seen, curves, alts) {
  const together = new Map(seen.map((body) => [body.name, [body.name]]));
  for (const [i, a] of seen.entries()) {
    for (const b of seen.slice(i + 1)) {
      const [ca, cb] = [curves.get(a.name), curves.get(b.name)];
      const both = ca.map((point, k) => k).filter((k) => alts[a.name][k] > 0 && alts[b.name][k] > 0);
      if (both.length && both.every((k) => Math.abs(ca[k][1] - cb[k][1]) <= TOGETHER_PX)) {
        const group = together.get(a.name);
        if (!group.includes(b.name)) group.push(b.name);
        together.set(b.name, group);
      }
    }
  }
  return together;
}

/** Does a box reach within r of (x, y)? */
function boxReaches(box, x, y, r) {
  const dx = Math.max(box.left - x, 0, x - box.right);
  const dy = Math.max(box.top - y, 0, y - box.bottom);
  return dx * dx + dy * dy < r * r;
}

/** The distance from (x, y) to a polyline of [x, y] points. */
export function lineDistance(line, x, y) {
  let least = Infinity;
  for (let i = 1; i < line.length; i += 1) {
    const [ax, ay] = line[i - 1];
    const [bx, by] = line[i];
    const dx = bx - ax;
    const dy = by - ay;
    const f = dx || dy ? Math.min(Math.max(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy), 0), 1) : 0;
    least = Math.min(least, Math.hypot(x - ax - f * dx, y - ay - f * dy));
  }
  return least;
}

const fixed = (value) => value.toFixed(2);
const points = (list) => list.map(([x, y]) => `${fixed(x)},${fixed(y)}`).join(" ");

function element(tag, attributes = {}, className = "") {
  const node = svgElement(tag);
  if (className) node.setAttribute("class", className);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, typeof value === "number" ? fixed(value) : value);
  return node;
}

function textElement(text, attributes, className) {
  const node = element("text", attributes, className);
  node.textContent = text;
  return node;
}

/** The night in one line: sunset, the dark hours, sunrise; or why there is no dark night. */
function nightWords(night) {
  const { tonight, zone } = night;
  const n = tonight.night;
  const at = (iso) => clock(new Date(iso), zone);
  const dark = tonight.moon.dark;
  if (n.darkest === "day") {
    return {
      notice: "No dark night: the Sun does not set here tonight (midnight sun). Only the Moon and the brightest planets can show in a bright sky.",
      parts: [`The 24 hours from ${at(n.start)}`],
    };
  }
  const parts = [];
  if (n.sunset) parts.push(`Sunset ${at(n.sunset)}`);
  if (n.darkest === "night") {
    // The polar night's dark can last the whole 24 hours: from one clock time to the same.
    const allDay = dark && Date.parse(dark.end) - Date.parse(dark.start) >= DAY_MS - HOUR_MS;
    if (dark) parts.push(allDay ? "dark all 24 hours" : `dark ${at(dark.start)}–${at(dark.end)}`);
  } else {
    parts.push(`never fully dark (${n.darkest} at most)`);
  }
  if (n.sunrise) parts.push(`sunrise ${at(n.sunrise)}`);
  if (!n.sunset && !n.sunrise) {
    return { notice: "Polar night: the Sun does not rise. The chart runs from noon to noon.", parts };
  }
  const notice = n.darkest === "night" ? null : `A white night: the sky gets no darker than ${n.darkest}. Faint planets stay hidden.`;
  return { notice, parts };
}

/** The title line: which night, and the local time used. */
function nightTitle(night) {
  const { tonight, zone } = night;
  const start = new Date(tonight.night.start);
  const end = new Date(tonight.night.end);
  const zones = [...new Set([zoneAbbreviation(start, zone), zoneAbbreviation(end, zone)])].join(", then ");
  const first = day(start, zone);
  const last = day(end, zone);
  const which = first === last ? `Night of ${first}` : `Night of ${first} to ${last}`;
  return `${which} · ${zone} time (${zones})`;
}

/** Which bodies can be seen tonight, for the status line's link: "Moon, Jupiter and Mars". */
export function teaserText(tonight) {
  const names = tonight.bodies.filter((body) => body.visible).map((body) => title(body.name));
  if (tonight.night.darkest === "day") return "Tonight: no dark night here (midnight sun)";
  if (!names.length) return "Tonight: nothing to see by eye";
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `Tonight: ${list}`;
}

/** Draw the Moon's phase: lit `illuminated` percent, on the side the Sun is on as seen from
 * the observer's hemisphere (waxing: on the right in the north, on the left in the south). */
function drawMoonPhase(svg, moon, lat) {
  const k = Math.min(Math.max(moon.illuminated / 100, 0), 1);
  const waning = moon.phase.startsWith("waning") || moon.phase === "last quarter";
  const rx = Math.abs(1 - 2 * k).toFixed(3);
  const lit = svg.querySelector(".moon-lit");
  // The right half's edge, then the terminator back up through the dark side (gibbous) or the lit side (crescent).
  lit.setAttribute("d", `M0,-1 A1,1 0 0 1 0,1 A${rx},1 0 0 ${k > 0.5 ? 1 : 0} 0,-1 Z`);
  lit.setAttribute("transform", waning !== lat < 0 ? "scale(-1,1)" : "");
}

// The view's elements, put in its section when it is first opened (the page's HTML holds
// only the heading and the button that opens it: a first visit stays small).
const MARKUP = `
<p id="tonight-title" class="tonight-title">Asking for tonight's sky…</p>
<p id="tonight-sky" class="tonight-sky"></p>
<p id="tonight-notice" class="tonight-notice" hidden></p>
<p id="tonight-error" class="tonight-error" role="status" hidden></p>
<figure class="tonight-figure">
  <svg id="tonight-chart" viewBox="0 0 340 230" role="img" aria-labelledby="tonight-chart-title tonight-chart-desc">
    <title id="tonight-chart-title">Tonight's sky: each body's height above the horizon through the night, in the observed place's local time</title>
    <desc id="tonight-chart-desc">Waiting for tonight's sky.</desc>
    <defs><clipPath id="tonight-clip"><rect/></clipPath></defs>
    <g id="tonight-plot"></g>
    <g id="tonight-cursor"></g>
    <g id="tonight-names"></g>
  </svg>
  <figcaption>
    <span class="legend"><span class="key day"></span>Day <span class="key twilight"></span>Twilight <span class="key dark"></span>Dark</span>
    <span class="legend"><span class="key seen"></span>Can be seen <span class="key up"></span>Above the horizon</span>
    Tap or drag on the chart to see the sky at that time.
  </figcaption>
  <p id="tonight-unlabelled" class="hint" hidden></p>
</figure>
<h3 id="tonight-bodies-heading">Best seen first</h3>
<ol id="tonight-bodies" class="tonight-bodies" aria-labelledby="tonight-bodies-heading"></ol>
<h3>The Moon</h3>
<div class="tonight-moon">
  <svg id="tonight-moon-phase" class="moon-phase" viewBox="-1.1 -1.1 2.2 2.2" aria-hidden="true">
    <circle class="moon-dark" r="1"/>
    <path class="moon-lit" d=""/>
  </svg>
  <p id="tonight-moon"></p>
</div>
<h3 id="tonight-pairs-heading">Close together</h3>
<ul id="tonight-pairs" class="tonight-pairs" aria-labelledby="tonight-pairs-heading"></ul>
<p id="tonight-no-pairs" class="hint" hidden>No two come within 5° of each other tonight.</p>
`;

/**
 * Open the view in `section`: it asks for the night of each place and instant it is
 * given, once, and words it in `link` too. `onChoose(date)` gets an instant chosen on
 * its chart.
 */
export function openTonight(section, link, onChoose) {
  section.insertAdjacentHTML("beforeend", MARKUP);
  section.querySelector("#tonight-now").hidden = false;
  const view = new TonightView(section, onChoose);
  const nights = new NightSource(
    (answer) => {
      view.show(answer);
      link.textContent = teaserText(answer);
    },
    (message) => view.failed(message),
  );
  return {
    /** The page's place and instant (live: now). */
    show(place, instant, live) {
      view.setInstant(instant, live);
      nights.want(place, instant, live);
    },
    /** A chosen instant, before its sky has been asked for. */
    setInstant: (instant, live) => view.setInstant(instant, live),
  };
}

/** This module's stylesheet, in place before the module is (a top-level await). */
function loadStyles(href) {
  return new Promise((resolve, reject) => {
    const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
    link.addEventListener("load", resolve);
    link.addEventListener("error", () => {
      link.remove();
      reject(new Error(`${href} did not load`));
    });
    document.head.append(link);
  });
}

await loadStyles(new URL("../tonight.css", import.meta.url).pathname);

export class TonightView {
  /**
   * `section` holds the view's elements; `onChoose(date)` is called with the instant a tap
   * or a drag on the chart chooses (to the minute).
   */
  constructor(section, onChoose) {
    this.section = section;
    this.$ = (id) => section.querySelector(`#${id}`);
    this.svg = this.$("tonight-chart");
    this.onChoose = onChoose;
    this.night = null;
    this.scale = null;
    this.instant = null; // the page's instant
    this.live = true;
    this.drag = null;
    this.width = 0;
    this.frame = null;
    new ResizeObserver(() => this.schedule()).observe(this.svg.parentElement);
    this.svg.addEventListener("pointerdown", (event) => this.pointerDown(event));
    this.svg.addEventListener("pointermove", (event) => this.pointerMove(event));
    this.svg.addEventListener("pointerup", (event) => this.pointerUp(event));
    this.svg.addEventListener("pointercancel", () => this.pointerCancel());
  }

  /** A new night (GET /tonight?track=1). */
  show(tonight) {
    this.night = prepare(tonight);
    this.section.dataset.state = "ready";
    this.writeText();
    this.draw();
  }

  /** The night could not be asked for: say so (the last night stays, if there is one). */
  failed(message) {
    const note = this.$("tonight-error");
    note.hidden = false;
    note.textContent = this.night
      ? `Could not update tonight's sky: ${message}. Retrying…`
      : `Cannot load tonight's sky: ${message}. Retrying…`;
  }

  /** The instant the page shows, live (now) or chosen. */
  setInstant(instant, live) {
    this.instant = instant;
    this.live = live;
    this.section.dataset.live = String(live);
    if (this.night && !this.drag?.moving) this.drawCursor();
  }

  // Words --------------------------------------------------------------------------------

  writeText() {
    const { tonight } = this.night;
    this.$("tonight-error").hidden = true;
    this.$("tonight-title").textContent = nightTitle(this.night);
    const { notice, parts } = nightWords(this.night);
    const line = parts.join(" · ");
    this.$("tonight-sky").textContent = line && line[0].toUpperCase() + line.slice(1);
    const noticeElement = this.$("tonight-notice");
    noticeElement.hidden = !notice;
    noticeElement.textContent = notice ?? "";

    const list = this.$("tonight-bodies");
    list.replaceChildren(
      ...tonight.bodies.map((body) => {
        const item = document.createElement("li");
        item.dataset.body = body.name;
        item.className = body.visible ? `seen ${body.name}` : "unseen";
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.setAttribute("aria-hidden", "true");
        const words = document.createElement("span");
        words.textContent = body.sentence;
        item.append(swatch, words);
        return item;
      }),
    );
    this.$("tonight-moon").textContent = tonight.moon.sentence;
    drawMoonPhase(this.$("tonight-moon-phase"), tonight.moon, tonight.observer.lat);
    const pairs = this.$("tonight-pairs");
    pairs.replaceChildren(
      ...tonight.pairs.map((pair) => {
        const item = document.createElement("li");
        item.textContent = pair.sentence;
        item.className = pair.visible ? "seen" : "unseen";
        return item;
      }),
    );
    this.$("tonight-no-pairs").hidden = tonight.pairs.length > 0;
  }

  /** The chart in words, for screen readers. */
  describe() {
    const { tonight, zone, seen, t0, t1 } = this.night;
    const at = (value) => clock(new Date(value), zone);
    const bodies = seen.map((body) => {
      const spans = body.intervals.map((i) => `${at(i.start)} to ${at(i.end)}`).join(" and ");
      return `${title(body.name)} can be seen from ${spans}, highest ${degrees(body.best.alt)} at ${at(body.best.at)}`;
    });
    const sky = nightWords(this.night).parts.join(", ");
    const what = bodies.length ? `${bodies.join("; ")}.` : "Nothing can be seen with the naked eye.";
    return (
      `From ${at(t0)} to ${at(t1)}, local time. ${sky}. ${what} ` +
      `The dashed line is ${degrees(tonight.min_alt)} above the horizon, the lowest worth looking at.`
    );
  }

  // The chart --------------------------------------------------------------------------------

  schedule() {
    if (this.frame === null) this.frame = requestAnimationFrame(() => this.draw());
  }

  draw() {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    if (!this.night) return;
    const width = Math.round(this.svg.parentElement.clientWidth) || 340;
    const height = Math.round(Math.min(380, Math.max(260, width * 0.72)));
    this.width = width;
    const { t0, t1, tonight } = this.night;
    const scale = chartScale(t0, t1, width, height);
    this.scale = scale;
    const svg = this.svg;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.dataset.start = tonight.track.times[0];
    svg.dataset.end = tonight.track.times.at(-1);
    const plot = this.$("tonight-plot");
    const clip = this.$("tonight-clip").firstElementChild;
    for (const [name, value] of Object.entries({ x: scale.left, y: scale.top, width: scale.right - scale.left, height: scale.bottom - scale.top })) {
      clip.setAttribute(name, fixed(value));
    }
    plot.replaceChildren(this.bands(), this.grid(), this.curves());
    this.labels(this.$("tonight-names")); // over the line for now: its rings strike no name
    this.$("tonight-chart-desc").textContent = this.describe();
    this.drawCursor();
  }

  /** The sky's stages as shaded bands, and the strip below the lowest useful altitude. */
  bands() {
    const { tonight, t0, t1 } = this.night;
    const s = this.scale;
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
  grid() {
    const { tonight, zone, t0, t1 } = this.night;
    const s = this.scale;
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
  curves() {
    const { seen, times } = this.night;
    const s = this.scale;
    const group = element("g", { "clip-path": "url(#tonight-clip)" }, "curves");
    for (const body of seen) {
      const alts = this.night.alts[body.name];
      const curve = element("g", {}, `body ${body.name}`);
      curve.dataset.body = body.name;
      curve.append(element("polyline", { points: points(times.map((t, i) => [s.x(t), s.y(alts[i])])) }, "up"));
      for (const interval of body.intervals) {
        const a = Date.parse(interval.start);
        const b = Date.parse(interval.end);
        const inside = times.filter((t) => t > a && t < b);
        const line = [a, ...inside, b].map((t) => [s.x(t), s.y(altitudeAt(this.night, body.name, t))]);
        const part = element("polyline", { points: points(line) }, "seen");
        Object.assign(part.dataset, { start: interval.start, end: interval.end });
        curve.append(part);
      }
      group.append(curve);
    }
    return group;
  }

  /**
   * Each curve's name on its curve: beside the dot where it is best seen if there is room,
   * else further along the curve. A name covers no body's dot nor another name, and is
   * nearer its own curve than any other; one with no such place is left off the chart and
   * named below it.
   */
  labels(names) {
    const s = this.scale;
    const { seen, times, alts } = this.night;
    const layer = element("g", {}, "labels");
    names.replaceChildren(layer);
    const curves = new Map(seen.map((body) => [body.name, times.map((t, i) => [s.x(t), s.y(alts[body.name][i])])]));
    const dots = seen.map((body) => ({ name: body.name, x: s.x(Date.parse(body.best.at)), y: s.y(body.best.alt) }));
    const placed = [];
    const unlabelled = [];
    const together = runningTogether(seen, curves, alts);
    seen.forEach((body, index) => {
      const dot = dots[index];
      const group = element("g", {}, `body ${body.name}`);
      group.dataset.body = body.name;
      // Curves that run as one (the North Pole's planets, a close pair) share one name.
      const members = together.get(body.name);
      const words = members.map(title).join(" & ");
      const label = textElement(words, { x: dot.x, y: dot.y }, "label");
      group.append(element("circle", { cx: dot.x, cy: dot.y, r: BEST_R }, "best"), label);
      layer.append(group);
      if (members[0] !== body.name) {
        label.setAttribute("visibility", "hidden"); // named with the first of them
        group.dataset.namedWith = members[0];
        return;
      }
      const size = measure(label, dot, words);
      const box = this.labelSpot(body, members, size, curves, dots, placed);
      if (box) {
        label.setAttribute("x", fixed(box.cx));
        label.setAttribute("y", fixed(box.cy));
        placed.push(box);
      } else {
        label.setAttribute("visibility", "hidden");
        unlabelled.push(words);
      }
    });
    const note = this.$("tonight-unlabelled");
    note.hidden = unlabelled.length === 0;
    note.textContent = unlabelled.length ? `Not named on the chart, for want of room: ${unlabelled.join(", ")}.` : "";
  }

  /** Where the name of `body` and the `members` running with it (of `size`, see measure)
   * can go, as a box; or null. */
  labelSpot(body, members, size, curves, dots, placed) {
    const s = this.scale;
    const own = curves.get(body.name);
    const others = [...curves].filter(([name]) => !members.includes(name)).map(([, line]) => line);
    // The best moment first, then the others it can be seen, then those it is only up,
    // nearest the best first.
    const best = Date.parse(body.best.at);
    const seen = (t) => body.intervals.some((i) => Date.parse(i.start) <= t && t <= Date.parse(i.end));
    const ends = body.intervals.flatMap((i) => [Date.parse(i.start), Date.parse(i.end)]);
    const moments = [...ends, ...this.night.times.filter((t) => altitudeAt(this.night, body.name, t) > 0)];
    const rank = (t) => (t === best ? -1 : Math.abs(t - best) + (seen(t) ? 0 : 1e12));
    moments.sort((a, b) => rank(a) - rank(b));
    moments.unshift(best);
    const half = size.width / 2 + 2;
    for (const t of moments) {
      const x = s.x(t);
      const y = s.y(altitudeAt(this.night, body.name, t));
      for (const [side, dy] of LABEL_OFFSETS) {
        // Above or below slides along to stay inside the plot at its edges.
        const cx = side ? x + side * (half + 7) : Math.min(Math.max(x, s.left + half), s.right - half);
        const cy = y + dy;
        // The text's own box: its middle a little off the point it is drawn at.
        const middle = cy + size.middle;
        const box = { left: cx - half, right: cx + half, top: middle - size.height / 2, bottom: middle + size.height / 2, cx, cy };
        if (box.left < s.left || box.right > s.right || box.top < s.top || box.bottom > s.bottom) continue;
        if (placed.some((o) => box.left < o.right && o.left < box.right && box.top < o.bottom && o.top < box.bottom)) continue;
        if (dots.some((d) => boxReaches(box, d.x, d.y, BEST_R + 1.5))) continue;
        const mine = lineDistance(own, cx, middle);
        if (others.every((line) => lineDistance(line, cx, middle) > mine + LABEL_CLEARANCE_PX)) return box;
      }
    }
    return null;
  }

  /** The line for the page's instant (now, or the chosen time), its time, and where each
   * body is then; when a time is chosen, a fainter line for now. */
  drawCursor() {
    if (!this.night || !this.instant) return;
    const { t0, t1, zone, seen } = this.night;
    const s = this.scale;
    const layer = this.$("tonight-cursor");
    layer.replaceChildren();
    const t = this.instant.getTime();
    const now = Date.now();
    if (!this.live && now >= t0 && now <= t1) {
      const x = s.x(now);
      layer.append(element("line", { x1: x, y1: s.top, x2: x, y2: s.bottom }, "real-now"));
    }
    const words = this.live ? `Now ${clock(this.instant, zone)}` : clock(this.instant, zone);
    layer.dataset.at = this.instant.toISOString();
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
      const alt = altitudeAt(this.night, body.name, t);
      if (alt < 0) continue;
      const dot = element("circle", { cx: x, cy: s.y(alt), r: 4.5 }, `where ${body.name}`);
      dot.dataset.body = body.name;
      layer.append(dot);
    }
    const label = textElement(words, { x, y: s.top - 12 }, "cursor-label");
    const pill = element("rect", { y: s.top - 22, height: 19, rx: 9.5 }, "cursor-pill");
    layer.append(pill, label);
    const width = label.getComputedTextLength?.() || words.length * CHAR_PX;
    const cx = Math.min(Math.max(x, s.left + width / 2), this.width - width / 2 - 8);
    label.setAttribute("x", fixed(cx));
    pill.setAttribute("x", fixed(cx - width / 2 - 8));
    pill.setAttribute("width", fixed(width + 16));
  }

  // Choosing a time ----------------------------------------------------------------------

  /** The instant under a pointer, in the chart's span, to the minute. */
  timeAt(event) {
    const matrix = this.svg.getScreenCTM();
    if (!matrix || !this.scale) return null;
    const { x } = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const { t0, t1 } = this.night;
    const t = Math.min(Math.max(this.scale.time(x), t0), t1);
    return new Date(Math.round(t / MINUTE_MS) * MINUTE_MS);
  }

  pointerDown(event) {
    if (!this.night || event.button > 0) return;
    this.drag = { id: event.pointerId, x: event.clientX, moving: false, sent: 0 };
    try {
      this.svg.setPointerCapture(event.pointerId); // the drag goes on off the chart
    } catch {
      // The pointer is already gone.
    }
  }

  pointerMove(event) {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    if (event.pointerType === "mouse" && event.buttons === 0) {
      this.drag = null; // released where the chart did not hear it
      return;
    }
    if (!drag.moving && Math.abs(event.clientX - drag.x) < TAP_SLOP_PX) return;
    drag.moving = true;
    const instant = this.timeAt(event);
    if (!instant) return;
    this.preview(instant);
    if (performance.now() - drag.sent >= DRAG_EVERY_MS) {
      drag.sent = performance.now();
      this.onChoose(instant);
    }
  }

  pointerUp(event) {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    this.drag = null;
    const instant = this.timeAt(event);
    if (!instant) return;
    this.preview(instant);
    this.onChoose(instant);
  }

  /** The browser took the gesture (a scroll): nothing is chosen by it. */
  pointerCancel() {
    this.drag = null;
  }

  /** Move the line at once, before the page has the sky for that instant. */
  preview(instant) {
    this.instant = instant;
    this.live = false;
    this.drawCursor();
  }
}

// Asking for the night -----------------------------------------------------------------

/**
 * Tonight's sky for the page: asked once per place and night, not at every poll.
 * `want(place, instant, live)` asks only when the place changes or the instant falls
 * outside the night held (live: once that night has ended; a chosen instant: outside the
 * chart's span), never twice at once. A request that failed, or whose answer did not
 * cover the instant (a clock that disagrees with the server's), is not repeated for 30 s.
 * `onAnswer(tonight)` gets each new answer, `onFailure(message)` each failure.
 */
export class NightSource {
  constructor(onAnswer, onFailure) {
    this.onAnswer = onAnswer;
    this.onFailure = onFailure;
    this.tonight = null;
    this.placeKey = null; // the place `tonight` is for
    this.shown = false; // `tonight` has been given to onAnswer
    this.asking = null; // the URL in flight
    this.retryAfter = new Map(); // URL -> not before this (ms)
    // The last night asked for, kept in this browser: the view opens with it, also
    // offline, for as long as it covers the page's place and instant.
    ({ tonight: this.tonight, placeKey: this.placeKey } = recallJson(NIGHT_KEY) ?? {});
  }

  /** Does the night held answer for this place and instant? */
  covers(place, instant, live) {
    const tonight = this.tonight;
    if (!tonight || this.placeKey !== spotKey(place)) return false;
    const t = instant.getTime();
    const times = tonight.track?.times ?? [];
    // From the instant it was asked for (a little before: the clocks of this device and
    // the server may differ by seconds) or the chart's start, whichever is earlier.
    const from = Math.min(Date.parse(tonight.at) - TONIGHT_SLACK_MS, Date.parse(times[0] ?? tonight.night.start));
    const end = Date.parse(tonight.night.end);
    if (live) return from <= t && t < end;
    return from <= t && t <= Math.max(end, Date.parse(times.at(-1) ?? tonight.night.end));
  }

  want(place, instant, live) {
    if (this.covers(place, instant, live)) {
      if (!this.shown) this.onAnswer(this.tonight);
      this.shown = true;
      return;
    }
    const url = tonightUrl(place, live ? null : instant);
    if (url === this.asking || Date.now() < (this.retryAfter.get(url) ?? 0)) return;
    this.asking = url;
    const key = spotKey(place);
    const later = () => {
      if (this.retryAfter.size >= MAX_TONIGHT_RETRIES) this.retryAfter.clear();
      this.retryAfter.set(url, Date.now() + TONIGHT_RETRY_MS);
    };
    fetchJson(url).then(
      (tonight) => {
        if (this.asking !== url) return; // another place or night was asked for meanwhile
        this.asking = null;
        this.tonight = tonight;
        this.placeKey = key;
        this.shown = true;
        rememberJson(NIGHT_KEY, { tonight, placeKey: key }); // if this browser lets the page
        if (!this.covers(place, instant, live)) later();
        this.onAnswer(tonight);
      },
      (error) => {
        if (this.asking !== url) return;
        this.asking = null;
        later();
        this.onFailure(error.message);
      },
    );
  }
}

const spotKey = (place) => `${place.lat},${place.lon},${place.elevation}`;
