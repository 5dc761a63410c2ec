// Talking to the server: one request for the whole sky, the bright stars (now and then),
// where a planet will rise (asked once), and a polite poller.

const REQUEST_TIMEOUT_MS = 8000;
const MAX_RISE_POINTS = 64; // rise points remembered (planet, place and rise time)

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
  if (events) params.set("events", "1"); // with the landmarks: both change slowly
  // Only what the page shows of each body: the whole answer would cost a phone some 40%
  // more at every poll (docs/page.md, "In the field: offline, on the home screen, and
  // light on data", Light on data).
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

/** Fetch the bright stars above the horizon for a place and instant (null: now). */
export function fetchStars(place, at) {
  return fetchJson(`/stars?${placeParams(place, at)}`);
}

/** The URL of GET /tonight with its track, for a place and an instant (null: now). */
export function tonightUrl(place, at) {
  const params = placeParams(place, at);
  params.set("track", "1");
  return `/tonight?${params}`;
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

export async function fetchJson(url) {
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
