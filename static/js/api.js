// Talking to the server: one request for the whole sky, where a planet will rise (asked
// once), tonight's sky (asked once a night), and a polite poller.

const REQUEST_TIMEOUT_MS = 8000;
const MAX_RISE_POINTS = 64; // rise points remembered (planet, place and rise time)
const TONIGHT_RETRY_MS = 30000; // a /tonight request that failed is not repeated sooner
const MAX_TONIGHT_RETRIES = 32; // such requests remembered
const TONIGHT_SLACK_MS = 600000; // a night answers from 10 minutes before it was asked for

function placeParams(place, at) {
  const params = new URLSearchParams({
    lat: String(place.lat),
    lon: String(place.lon),
    elevation: String(place.elevation),
  });
  if (at) params.set("at", at.toISOString());
  return params;
}

/** The URL of GET /planets for a place, an instant (null: now), with or without events. */
export function skyUrl(place, at, events) {
  const params = placeParams(place, at);
  if (events) params.set("events", "1");
  // Only what the page shows of each body: the whole answer would cost a phone some 40%
  // more at every poll (README, "Data").
  params.set("brief", "1");
  return `/planets?${params}`;
}

/** A request that got no answer: this device is offline, or the server out of reach. */
export class Unreachable extends Error {}

/**
 * Fetch the sky; rejects with an Error saying why (an Unreachable when the server
 * cannot be reached: offline or down).
 */
export function fetchSky(place, at, events) {
  return fetchJson(skyUrl(place, at, events));
}

/** Fetch one planet for a place and instant (GET /planets/{name}). */
function fetchPlanet(place, name, at) {
  return fetchJson(`/planets/${encodeURIComponent(name)}?${placeParams(place, at)}`);
}

const risePoints = new Map(); // "name|rise|lat,lon" -> {az, alt, direction} | "pending" | "failed"

/**
 * Where a planet will rise (`rise`: the ISO time of its rise), as a target on the horizon
 * {az, alt: 0, direction}; null until known, or if it cannot be. Its azimuth then is one
 * more request, made once per planet, place and rise; `settled()` is called when the
 * answer (or the failure) is in.
 */
export function risePoint(place, name, rise, settled) {
  const key = `${name}|${rise}|${place.lat},${place.lon}`;
  const known = risePoints.get(key);
  if (known === undefined) {
    if (risePoints.size >= MAX_RISE_POINTS) risePoints.clear();
    risePoints.set(key, "pending");
    fetchPlanet(place, name, new Date(rise))
      .then(
        (planet) => risePoints.set(key, { az: planet.az, alt: 0, direction: planet.direction }),
        () => risePoints.set(key, "failed"),
      )
      .finally(settled);
  }
  return typeof known === "object" ? known : null;
}

/** The URL of GET /tonight with its track, for a place and an instant (null: now). */
export function tonightUrl(place, at) {
  const params = placeParams(place, at);
  params.set("track", "1");
  return `/tonight?${params}`;
}

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
    this.asking = null; // the URL in flight
    this.retryAfter = new Map(); // URL -> not before this (ms)
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
    if (this.covers(place, instant, live)) return;
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

async function fetchJson(url) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      signal: controller.signal,
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
    if (!response.ok) {
      let detail = `the server answered ${response.status}`;
      try {
        detail = (await response.json()).detail ?? detail;
      } catch {
        // Not a problem document: keep the status.
      }
      throw new Error(detail);
    }
    return await response.json();
  } catch (error) {
    if (error.name === "AbortError") throw new Unreachable("the server did not answer in time");
    if (error instanceof TypeError) {
      throw new Unreachable(navigator.onLine === false ? "this device has no network" : "the server cannot be reached");
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `task` every `intervalMs`, never twice at once, and not at all while the page is
 * hidden (a phone in a pocket costs the server nothing). `now()` runs it at once, or
 * straight after the one in flight.
 */
export class Poller {
  constructor(task, intervalMs) {
    this.task = task;
    this.intervalMs = intervalMs;
    this.running = false;
    this.busy = false;
    this.again = false;
    this.timer = null;
    this.onVisibility = () => (document.hidden ? this.pause() : this.now());
  }

  start() {
    if (this.running) return;
    this.running = true;
    document.addEventListener("visibilitychange", this.onVisibility);
    this.now();
  }

  stop() {
    this.running = false;
    document.removeEventListener("visibilitychange", this.onVisibility);
    this.pause();
  }

  pause() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  now() {
    this.pause();
    if (!this.running || document.hidden) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.run();
  }

  async run() {
    this.busy = true;
    const started = performance.now();
    try {
      await this.task();
    } catch (error) {
      // The task reports its own failures; a bug must not stop the polling.
      setTimeout(() => {
        throw error;
      });
    } finally {
      this.busy = false;
    }
    if (!this.running || document.hidden) return;
    const wait = this.again ? 0 : Math.max(0, this.intervalMs - (performance.now() - started));
    this.again = false;
    this.timer = setTimeout(() => this.run(), wait);
  }
}
