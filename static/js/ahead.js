// Positions without network: the night ahead (GET /tonight?track=1, every body every 10
// minutes from an hour before sunset to an hour after sunrise), asked for while there is
// network (soon after the first sky, for a new place, then hourly) and kept in this
// browser's storage, so that the page can compute the sky from it when polls fail, also
// after a reload. Between two samples a body moves at most 2.5 degrees: the page
// interpolates its direction as a vector, which keeps it within 0.02 degree of the
// server's (docs/page.md, "In the field: offline, on the home screen, and light on data").
//
// It is not the Tonight view's night (static/js/tonight-source.js), though both come from
// GET /tonight: that one is asked for with the default lowest altitude worth looking at
// (its sentences and intervals say when a body is worth looking for), for the page's
// instant and exact place, when the view is open; this one with min_alt=0 (when each body
// can be seen at all, for the table's "visible"), for now, within 2 km, hourly, view or
// not. One answer cannot serve both, so each is kept under its own key (place.js keeps them).

import { azAlt, compassPoint, unitVector } from "./aim.js";
import { fetchJson, tonightUrl } from "./api.js";
import { recallJson, rememberJson } from "./place.js";

const KEY = "planettracker.ahead";
const FIRST_AFTER_MS = 10000; // after the page opens: its first sky comes first
const REFRESH_MS = 3600000; // asked again hourly while there is network
const RETRY_MS = 60000; // after a failed request
// Near enough to use another place's night: 0.02 degree of latitude or longitude (2 km)
// moves the sky by as much at most; 100 m of height changes it by far less.
const NEAR_DEG = 0.02;
const NEAR_M = 100;
const SUN_MAGNITUDE = -26.74; // /tonight tells the planets' and the Moon's

/** Is a night fetched for `held` good for `place` (the same spot, give or take 2 km)? */
export function nearEnough(held, place) {
  return (
    Math.abs(held.lat - place.lat) <= NEAR_DEG &&
    Math.abs(held.lon - place.lon) <= NEAR_DEG &&
    Math.abs(held.elevation - place.elevation) <= NEAR_M
  );
}

export class Ahead {
  constructor() {
    this.night = null; // {place, fetched (ms), answer, times (ms), vectors, bodies}
    this.asking = false;
    this.notBefore = Date.now() + FIRST_AFTER_MS;
    const kept = recallJson(KEY);
    try {
      if (kept) this.night = prepare(kept);
    } catch {
      // Unreadable or from an older page: asked for again.
    }
  }

  /** Ask for the night ahead of `place` if it is due: none held for it, or an hour old. */
  refresh(place) {
    const now = Date.now();
    if (this.asking || now < this.notBefore) return;
    const held = this.night;
    if (held && nearEnough(held.place, place) && now - held.fetched < REFRESH_MS) return;
    this.asking = true;
    // With min_alt=0 its intervals are when each body can be seen at all.
    fetchJson(`${tonightUrl(place, null)}&min_alt=0`)
      .then((answer) => {
        const kept = { place: { lat: place.lat, lon: place.lon, elevation: place.elevation }, fetched: Date.now(), answer };
        this.night = prepare(kept);
        rememberJson(KEY, kept); // if this browser lets the page: else for this visit only
      })
      .catch(() => {
        this.notBefore = Date.now() + RETRY_MS;
      })
      .finally(() => {
        this.asking = false;
      });
  }

  /** {fetched, from, until} (Dates) of the night held for `place`, and its time zone; or null. */
  span(place) {
    const held = this.night;
    if (!held || !nearEnough(held.place, place)) return null;
    return {
      fetched: new Date(held.fetched),
      from: new Date(held.times[0]),
      until: new Date(held.times.at(-1)),
      timeZone: held.answer.observer.timezone,
    };
  }

  /**
   * The sky at `date` over `place` as a brief GET /planets?events=1 would answer it (and
   * `offline`: true), from the night held; null if it does not cover them.
   */
  skyAt(place, date) {
    const held = this.night;
    if (!held || !nearEnough(held.place, place)) return null;
    const { times, answer } = held;
    const t = date.getTime();
    if (t < times[0] || t > times.at(-1)) return null;
    const i = Math.min(Math.floor((t - times[0]) / (times[1] - times[0])), times.length - 2);
    const u = (t - times[i]) / (times[i + 1] - times[i]);
    const body = (name) => {
      const [a, b] = [held.vectors[name][i], held.vectors[name][i + 1]];
      const v = [0, 1, 2].map((k) => a[k] + (b[k] - a[k]) * u);
      const length = Math.hypot(...v);
      const { az, alt } = azAlt(v.map((c) => c / length));
      const night = held.bodies.get(name);
      const seen = night?.intervals.some((span) => Date.parse(span.start) <= t && t <= Date.parse(span.end));
      return {
        name,
        az,
        alt,
        magnitude: night?.magnitude ?? SUN_MAGNITUDE,
        direction: compassPoint(az),
        above_horizon: alt > 0,
        naked_eye: alt > 0 && Boolean(seen),
        rise: night?.rise ?? null,
        transit: night?.transit ?? null,
        set: night?.set ?? null,
        always_up: night?.always_up ?? false,
        never_up: night?.never_up ?? false,
      };
    };
    const stage = answer.stages.find((s) => Date.parse(s.start) <= t && t < Date.parse(s.end));
    const names = Object.keys(answer.track.bodies).filter((name) => name !== "sun" && name !== "moon");
    return {
      at: date.toISOString(),
      observer: answer.observer,
      sky: stage?.sky ?? answer.night.darkest,
      sun: body("sun"),
      moon: body("moon"),
      planets: names.map(body),
      offline: true,
    };
  }
}

/** A kept night made ready to interpolate: its instants in ms, each sample a unit vector. */
function prepare(kept) {
  const { track, bodies } = kept.answer;
  const vectors = {};
  for (const [name, { az, alt }] of Object.entries(track.bodies)) {
    vectors[name] = az.map((a, k) => unitVector(a, alt[k]));
  }
  return {
    ...kept,
    times: track.times.map(Date.parse),
    vectors,
    bodies: new Map(bodies.map((body) => [body.name, body])),
  };
}
