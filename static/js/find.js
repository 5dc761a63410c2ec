// The find view: tap a planet, then turn the phone until the arrow says it is there.
// Without a compass it says where to look in words, on a compass rose.

import { compassWords, guide, onTarget, trueOrientation } from "./aim.js";
import { Compass } from "./compass.js";
import { degrees, landmarkWords, svgElement, title } from "./display.js";
import { formatEventTime } from "./time.js";

const VIBRATE_MS = 200;
// Pointing this close to the planet, the page names its landmark, to tell which point of
// light it is; it lets go only beyond LANDMARK_OFF_DEG (no flicker at the edge).
const LANDMARK_ON_DEG = 10;
const LANDMARK_OFF_DEG = 12;

const signed = (value) => `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(1)}°`;

/** Set an element's text only when it changes: draw() runs at every frame. */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

const SENSOR_WORDS = {
  waiting: "Waiting for the compass… Hold the phone upright and move it a little.",
  ask: "This browser asks before sharing the compass: tap “Use the compass”.",
  denied:
    "Motion & orientation access is off for this page, so there is no arrow: use the directions above. " +
    "(To turn it on: Settings › Safari › Motion & Orientation Access, then reload.)",
  blocked:
    "This browser does not share a compass with the page (it may have none, or its site settings keep " +
    "motion sensors off): use the directions above.",
  none: "No compass here (a computer, or a phone that does not share it): use the directions above.",
};

/**
 * Where a planet is, in words: "Jupiter: look south-south-east (157°), 34° above the
 * horizon, 4° above Aldebaran".
 */
function whereWords(planet) {
  const near = planet.near ? `, ${landmarkWords(planet.near)}` : "";
  return `${title(planet.name)}: look ${compassWords(planet.direction)} (${degrees(planet.az)}), ${degrees(planet.alt)} above the horizon${near}`;
}

export class FindView {
  constructor(dialog) {
    this.dialog = dialog;
    this.$ = (id) => dialog.querySelector(`#${id}`);
    this.name = null;
    this.planet = null; // the planet's latest position from the poll
    this.target = null; // where to point: the planet, or where it will rise
    this.declination = null;
    this.onTarget = false;
    this.nearShown = false; // the landmark named, pointing close to the planet
    this.frame = null;
    this.compass = new Compass(() => this.schedule());
    this.$("find-close").addEventListener("click", () => dialog.close());
    this.$("find-compass").addEventListener("click", () => this.compass.start());
    dialog.addEventListener("close", () => this.closed());
    drawRoseTicks(this.$("find-rose-ticks"));
  }

  get isOpen() {
    return this.dialog.open;
  }

  /** Open for a planet; call from the tap itself (the compass may need its permission). */
  open(name, view) {
    this.name = name;
    this.onTarget = false;
    this.nearShown = false;
    this.$("find-title").textContent = `Find ${title(name)}`;
    this.update(view);
    if (!this.dialog.open) this.dialog.showModal();
    this.compass.start();
    this.schedule();
  }

  /**
   * The latest poll: `view` = {sky, events (name -> rise/set, may be missing), live,
   * risePoint (below the horizon: where the planet will rise, {az, alt, direction}; null
   * until known)}. Only the target moves here; the arrow follows the sensors between polls.
   */
  update(view) {
    if (!this.name) return;
    const { sky, events, live, risePoint } = view;
    this.planet = sky.planets.find((planet) => planet.name === this.name);
    this.events = events?.[this.name] ?? null;
    this.declination = sky.observer.magnetic_declination;
    this.target = this.planet.above_horizon ? this.planet : risePoint;
    this.describe(sky, live);
    this.schedule();
  }

  /** The words: where the planet is, or when and where it rises. */
  describe(sky, live) {
    const planet = this.planet;
    const notLive = live ? "" : " at the chosen time (not now)";
    let words;
    if (planet.above_horizon) {
      words = `${whereWords(planet)}${notLive}.`;
    } else {
      words = `${title(planet.name)} is below the horizon (${degrees(planet.alt)})${notLive}.`;
      const events = this.events;
      if (events?.never_up) words += " It does not rise here today.";
      else if (events?.rise) {
        const at = formatEventTime(new Date(events.rise), sky.observer.timezone, new Date(sky.at));
        const where = this.target
          ? ` in the ${compassWords(this.target.direction)} (${degrees(this.target.az)}): point there to be ready`
          : "";
        words += ` It rises at ${at}${where}.`;
      } else if (!events) words += " Finding when it rises…";
    }
    this.$("find-where").textContent = words;
    // For tests and the curious: the planet, and what the arrow leads to.
    Object.assign(this.dialog.dataset, { planet: planet.name, az: planet.az, alt: planet.alt });
    if (this.target) Object.assign(this.dialog.dataset, { targetAz: this.target.az, targetAlt: this.target.alt });
    else for (const key of ["targetAz", "targetAlt"]) delete this.dialog.dataset[key];
    // The rose: north up, east on the right, as on a map; the marker at the target's azimuth.
    const marker = this.$("find-rose-marker");
    marker.setAttribute("visibility", this.target ? "visible" : "hidden");
    if (this.target) marker.setAttribute("transform", `rotate(${this.target.az.toFixed(1)})`);
  }

  /** Draw at the next frame (sensor events come faster than the screen refreshes). */
  schedule() {
    if (this.frame === null && this.dialog.open) this.frame = requestAnimationFrame(() => this.draw());
  }

  draw() {
    this.frame = null;
    if (!this.dialog.open || !this.planet) return;
    const state = this.compass.state;
    const orientation = this.compass.reading && trueOrientation(this.compass.reading, this.declination);
    const pointing = state === "live" && orientation && this.target;
    this.dialog.dataset.mode = pointing ? "arrow" : "words";
    this.$("find-compass").hidden = state !== "ask";
    setText(this.$("find-sensor"), state === "live" ? this.compassNote() : SENSOR_WORDS[state]);
    if (!pointing) {
      this.setTarget(false);
      this.showLandmark(false);
      setText(this.$("find-turn"), "");
      setText(this.$("find-tilt"), "");
      return;
    }
    const screenAngle = screen.orientation?.angle ?? 0;
    const g = guide(orientation, this.target, screenAngle);
    const on = onTarget(g.separation, this.onTarget);
    this.setTarget(on);
    Object.assign(this.dialog.dataset, {
      arrow: g.arrow.toFixed(1),
      turn: g.turn.toFixed(1),
      tilt: g.tilt.toFixed(1),
      separation: g.separation.toFixed(1),
      steep: String(g.steep),
    });
    this.$("find-arrow-shape").setAttribute("transform", `rotate(${g.arrow.toFixed(1)})`);
    const [turn, tilt] = this.advice(g, on);
    setText(this.$("find-turn"), turn);
    setText(this.$("find-tilt"), tilt);
    const limit = this.nearShown ? LANDMARK_OFF_DEG : LANDMARK_ON_DEG;
    this.showLandmark(this.planet.above_horizon && g.separation <= limit);
  }

  /** Name the landmark, pointing close to the planet: which point of light it is. */
  showLandmark(show) {
    const near = show ? this.planet?.near : null;
    this.nearShown = show;
    const words = near ? `${title(this.name)} is the point of light ${landmarkWords(near)}.` : "";
    const element = this.$("find-landmark");
    setText(element, words);
    element.hidden = !words;
    this.dialog.dataset.landmark = near ? near.name : "";
  }

  /** The two big lines: which way to turn, and to tilt. */
  advice(g, on) {
    const name = title(this.name);
    if (on) {
      return ["On target!", this.planet.above_horizon ? `${name} is right there` : `${name} will rise right there`];
    }
    const tilt = Math.abs(g.tilt) < 1 ? "Height is right" : `Tilt ${g.tilt > 0 ? "up" : "down"} ${degrees(Math.abs(g.tilt))}`;
    if (g.steep) {
      // Looking almost straight up (or down), "turn left/right" would swing wildly.
      const toward = g.overhead ? "" : ` toward the ${compassWords(this.target.direction)}`;
      return [`Almost straight ${g.alt > 0 ? "up" : "down"}: follow the arrow`, `${tilt}${toward}`];
    }
    if (g.overhead) return ["Nearly overhead: follow the arrow", tilt];
    const turn = Math.abs(g.turn) < 1 ? "Straight ahead" : `Turn ${g.turn > 0 ? "right" : "left"} ${degrees(Math.abs(g.turn))}`;
    return [turn, tilt];
  }

  compassNote() {
    const correction =
      this.declination == null
        ? "not corrected for magnetic declination (no model for today): it may be off by a few degrees"
        : `corrected by ${signed(this.declination)} (${this.declination >= 0 ? "east" : "west"}) for the magnetic declination here`;
    return `Compass ${correction}.`;
  }

  setTarget(on) {
    if (on !== this.onTarget) {
      if (on) navigator.vibrate?.(VIBRATE_MS); // once, on arrival
      setText(this.$("find-announce"), on ? `On target: ${title(this.name)}` : "");
    }
    this.onTarget = on;
    this.dialog.dataset.onTarget = String(on);
  }

  closed() {
    this.compass.stop();
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.name = null;
    this.planet = null;
    this.target = null;
    this.nearShown = false;
  }
}

/** The rose's 16 ticks, longer at the four cardinal points. */
function drawRoseTicks(group) {
  for (let i = 0; i < 16; i += 1) {
    const tick = svgElement("line");
    tick.setAttribute("y1", "-84");
    tick.setAttribute("y2", i % 4 === 0 ? "-66" : "-74");
    tick.setAttribute("transform", `rotate(${i * 22.5})`);
    group.append(tick);
  }
}
