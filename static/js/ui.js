// The table of planets and the status line.

import { degrees, landmarkWords, title } from "./display.js";
import { formatClock, formatEventTime, zoneAbbreviation } from "./time.js";

function cell(row, index, className) {
  while (row.cells.length <= index) row.insertCell();
  const td = row.cells[index];
  if (className) td.className = className;
  return td;
}

function riseSet(events, timeZone, now) {
  if (!events) return ["…", "…"];
  if (events.always_up) return ["always up", ""];
  if (events.never_up) return ["never rises", ""];
  const time = (iso) => (iso ? formatEventTime(new Date(iso), timeZone, now) : "–");
  return [`↑ ${time(events.rise)}`, `↓ ${time(events.set)}`];
}

/** Fill the table: one row per planet, updated in place. */
export function renderTable(table, sky, eventsByName) {
  const body = table.tBodies[0];
  const timeZone = sky.observer.timezone;
  const now = new Date(sky.at);
  sky.planets.forEach((planet, index) => {
    const row = body.rows[index] ?? body.insertRow();
    row.dataset.planet = planet.name;
    row.classList.toggle("below", !planet.above_horizon);
    const seen = seenWord(planet, sky.sky);
    const pick = pickButton(cell(row, 0), planet.name);
    const word = pick.querySelector(".seen");
    word.textContent = seen;
    word.classList.toggle("visible", planet.naked_eye);
    const where = [span("direction", planet.direction), span("az", degrees(planet.az, 1))];
    if (planet.near) where.push(span("near", landmarkWords(planet.near)));
    cell(row, 1).replaceChildren(...where);
    cell(row, 1).dataset.az = planet.az.toFixed(1);
    cell(row, 2, "number").textContent = degrees(planet.alt, 1);
    cell(row, 2).dataset.alt = planet.alt.toFixed(1);
    cell(row, 3, "number").textContent = planet.magnitude.toFixed(1);
    const [rise, set] = riseSet(eventsByName[planet.name], timeZone, now);
    cell(row, 4).replaceChildren(span("events", rise), span("events", set));
  });
  table.caption.textContent =
    `Rise and set in ${timeZone} time (${zoneAbbreviation(now, timeZone)}). ` +
    "Visible: to the naked eye, from a clear, dark site with an open horizon.";
}

// The faintest magnitude the naked eye sees overhead in each sky but the day's
// (planettracker/sky/visibility.py, NAKED_EYE_LIMIT): a planet at least this bright
// that cannot be seen is too low, its light dimmed by the air near the horizon.
const LIMIT = { "civil twilight": 1.0, "nautical twilight": 3.5, "astronomical twilight": 5.0, night: 6.0 };
const DARK = new Set(["astronomical twilight", "night"]);

/**
 * Why a planet can or cannot be seen with the naked eye now, in a word or two: the
 * real cause, never "too faint" for a bright planet in a bright sky.
 */
export function seenWord(planet, skyState) {
  if (!planet.above_horizon) return "below horizon";
  if (planet.naked_eye) return "visible";
  if (planet.magnitude > LIMIT.night) return "too faint"; // in any sky: Neptune
  if (skyState === "day") return "daylight";
  if (planet.magnitude <= LIMIT[skyState]) return "too low";
  return DARK.has(skyState) ? "too faint" : "sky too bright";
}

/** The planet's name as a button that opens the find view, made once and kept (a
 * button rebuilt at every poll would lose the keyboard's focus). */
function pickButton(td, name) {
  let button = td.querySelector("button.pick");
  if (!button) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "pick";
    button.dataset.planet = name;
    button.setAttribute("aria-haspopup", "dialog");
    button.append(span("name", title(name)), span("seen", ""));
    td.replaceChildren(button);
  }
  return button;
}

function span(className, text) {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}

const SKY_WORDS = {
  day: "Daytime",
  "civil twilight": "Twilight",
  "nautical twilight": "Nautical twilight",
  "astronomical twilight": "Astronomical twilight",
  night: "Night",
};

/**
 * The status line: the sky's state and the time of the last update, or a stale warning;
 * `unreachable`: the failure is that the server cannot be reached (offline or down);
 * `ahead`: {fetched, from, until} of the night fetched for offline use, if any (a sky
 * computed from it is marked `offline`).
 */
export function renderStatus(element, sky, failure, live, unreachable = false, ahead = null) {
  const when = sky ? formatClock(new Date(sky.at), sky.observer.timezone) : null;
  element.classList.toggle("stale", Boolean(failure));
  if (sky?.offline) {
    const at = (date) => formatEventTime(date, sky.observer.timezone, new Date(sky.at));
    element.textContent = `Offline: positions from data fetched at ${at(ahead.fetched)}, good until ${at(ahead.until)} · ${seenWords(sky)}`;
    return;
  }
  if (failure) {
    if (sky) element.textContent = `Not updating: ${failure}. Showing the sky of ${when}; retrying…`;
    else if (unreachable) element.textContent = offlineWords(failure, ahead);
    else element.textContent = `Cannot load the sky: ${failure}. Retrying…`;
    return;
  }
  const stamp = live ? `updated ${when}` : "at the chosen time";
  element.textContent = `${SKY_WORDS[sky.sky] ?? sky.sky} · ${seenWords(sky)} · ${stamp}`;
}

/** Offline with no sky to show: what the night fetched ahead for this place covers, if any. */
function offlineWords(failure, ahead) {
  if (!ahead) return `Offline: ${failure}. The sky is computed by the server: it will show here by itself as soon as the connection is back.`;
  const at = (date) => formatEventTime(date, ahead.timeZone, new Date());
  return `Offline: ${failure}. The positions fetched for offline use cover ${at(ahead.from)} to ${at(ahead.until)}: the sky will show here by itself then, or as soon as the connection is back.`;
}

function seenWords(sky) {
  const visible = sky.planets.filter((planet) => planet.naked_eye).map((planet) => title(planet.name));
  return visible.length ? `${visible.join(", ")} visible` : "no planet visible to the eye";
}
