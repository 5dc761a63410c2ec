// A place: parsing what a person types, remembering the last one, asking the device; and
// what this browser keeps for the page (recall, remember), which the rest of it uses too.

export const GREENWICH = Object.freeze({ lat: 51.4769, lon: -0.0005, elevation: 0, name: "Greenwich" });

// The same limits as the server's (planettracker/query.py).
export const LIMITS = Object.freeze({
  lat: { min: -90, max: 90, label: "Latitude" },
  lon: { min: -180, max: 180, label: "Longitude" },
  elevation: { min: -500, max: 12000, label: "Elevation" },
});

const EXAMPLES = { lat: "-33.87", lon: "151.21", elevation: "0" };
const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const STORAGE_KEY = "planettracker.place";

/** Parse one typed field: {value} or {error}. A decimal comma is read as a point. */
export function parseField(name, text) {
  const { min, max, label } = LIMITS[name];
  const cleaned = text.trim().replace(",", ".").replace(/^\u2212/, "-");
  if (!NUMBER.test(cleaned)) return { error: `${label}: type a number such as ${EXAMPLES[name]}` };
  const value = Number(cleaned);
  if (value < min || value > max) return { error: `${label} must be between ${min} and ${max}` };
  return { value };
}

/** A place from the three typed fields, or the errors by field name. */
export function parsePlace(texts) {
  const place = {};
  const errors = {};
  for (const name of Object.keys(LIMITS)) {
    const parsed = parseField(name, texts[name] ?? "");
    if ("error" in parsed) errors[name] = parsed.error;
    else place[name] = parsed.value;
  }
  return Object.keys(errors).length ? { errors } : { place };
}

export function sameSpot(a, b) {
  return a.lat === b.lat && a.lon === b.lon && a.elevation === b.elevation;
}

export function loadPlace() {
  const saved = recallJson(STORAGE_KEY);
  if (saved) {
    const { place } = parsePlace({ lat: String(saved.lat), lon: String(saved.lon), elevation: String(saved.elevation) });
    if (place) return { ...place, name: "your last place" };
  }
  return null; // none kept, or unreadable: the page falls back to Greenwich
}

export function savePlace(place) {
  rememberJson(STORAGE_KEY, { lat: place.lat, lon: place.lon, elevation: place.elevation });
}

// Kept in this browser (localStorage) for the next visit, guarded: a private window may
// refuse the storage, a full one refuse more, and what it holds may be unreadable (an
// older page's). Then nothing is recalled, and what is remembered holds for this visit.

/** The string kept under `key`, or null. */
export function recall(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Keep the string `value` under `key`, if this browser lets the page. */
export function remember(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or full: not kept.
  }
}

/** The value kept as JSON under `key`, or null (none kept, or unreadable). */
export function recallJson(key) {
  try {
    return JSON.parse(recall(key) ?? "null");
  } catch {
    return null;
  }
}

/** Keep `value` as JSON under `key`, if this browser lets the page. */
export const rememberJson = (key, value) => remember(key, JSON.stringify(value));

const round = (value, digits) => Number(value.toFixed(digits));

/**
 * Ask the device where it is. Resolves to a place (to ~10 m, which is plenty for the
 * sky) or rejects with an Error whose message says what went wrong, in plain words.
 */
export function devicePlace({ timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    if (!window.isSecureContext || !("geolocation" in navigator)) {
      reject(new Error("This browser only shares its location with secure (https) pages."));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        const { min, max } = LIMITS.elevation;
        const altitude = coords.altitude ?? 0;
        resolve({
          lat: round(coords.latitude, 4),
          lon: round(coords.longitude, 4),
          elevation: Math.round(Math.min(max, Math.max(min, altitude))),
          name: "your location",
          accuracy: coords.accuracy,
        });
      },
      (error) => {
        const reasons = {
          1: "Location permission was denied.",
          2: "Your device could not find its location.",
          3: "Finding your location took too long.",
        };
        reject(new Error(reasons[error.code] ?? "Your location is not available."));
      },
      { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 60000 },
    );
  });
}
