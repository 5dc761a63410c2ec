// Tonight: what can be seen tonight, and when; the view and its entry point. An
// altitude-against-time chart of the night (tonight-chart.js, its names tonight-names.js)
// on which a tap or a drag chooses that instant for the whole page (tonight-choose.js);
// below it, the sentences best seen first, the Moon (tonight-moon.js) and close pairs, as
// GET /tonight words them (tonight-words.js), asked for once a night (tonight-source.js).
// Loaded when a person first asks for it (static/js/app.js), with its styles (tonight.css).

import { TimeChooser } from "./tonight-choose.js";
import { bands, chartScale, curves, drawCursor, fixed, grid, prepareNight } from "./tonight-chart.js";
import { drawMoonPhase } from "./tonight-moon.js";
import { drawNames } from "./tonight-names.js";
import { NightSource } from "./tonight-source.js";
import { chartWords, nightTitle, nightWords, teaserText } from "./tonight-words.js";

// Also importable from here (the tests take them from this module), wherever they live.
export { NightSource, chartScale, teaserText };
export { lineDistance } from "./tonight-names.js";
export { clock } from "./tonight-words.js";

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
    this.width = 0;
    this.frame = null;
    new ResizeObserver(() => this.schedule()).observe(this.svg.parentElement);
    this.chooser = new TimeChooser(
      this.svg,
      () => (this.night && this.scale ? { scale: this.scale, t0: this.night.t0, t1: this.night.t1 } : null),
      (instant) => this.preview(instant),
      (instant) => this.onChoose(instant),
    );
  }

  /** A new night (GET /tonight?track=1). */
  show(tonight) {
    this.night = prepareNight(tonight);
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
    if (this.night && !this.chooser.moving) this.drawCursor();
  }

  /** Move the line at once, before the page has the sky for that instant. */
  preview(instant) {
    this.instant = instant;
    this.live = false;
    this.drawCursor();
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

  // The chart ----------------------------------------------------------------------------

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
    plot.replaceChildren(bands(this.night, scale), grid(this.night, scale), curves(this.night, scale));
    // Over the line for now: its rings strike no name.
    const unlabelled = drawNames(this.$("tonight-names"), this.night, scale);
    const note = this.$("tonight-unlabelled");
    note.hidden = unlabelled.length === 0;
    note.textContent = unlabelled.length ? `Not named on the chart, for want of room: ${unlabelled.join(", ")}.` : "";
    this.$("tonight-chart-desc").textContent = chartWords(this.night);
    this.drawCursor();
  }

  /** The line for the page's instant (now, or the chosen time); see tonight-chart.js. */
  drawCursor() {
    if (!this.night || !this.instant) return;
    drawCursor(this.$("tonight-cursor"), this.night, this.scale, this.instant, this.live, this.width);
  }
}
