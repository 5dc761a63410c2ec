// Tonight in words: the view's title and sky line, the status line's link, the chart
// described for screen readers; every time in the observed place's zone, to the minute.

import { degrees, title } from "./display.js";
import { wallClock, zoneAbbreviation } from "./time.js";

const HOUR_MS = 3600000;
const DAY_MS = 86400000;

/** Two digits: 7 -> "07". */
export const pad = (n) => String(n).padStart(2, "0");

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

/** The night in one line: sunset, the dark hours, sunrise; or why there is no dark night. */
export function nightWords(night) {
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
export function nightTitle(night) {
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

/** The chart in words, for screen readers. */
export function chartWords(night) {
  const { tonight, zone, seen, t0, t1 } = night;
  const at = (value) => clock(new Date(value), zone);
  const bodies = seen.map((body) => {
    const spans = body.intervals.map((i) => `${at(i.start)} to ${at(i.end)}`).join(" and ");
    return `${title(body.name)} can be seen from ${spans}, highest ${degrees(body.best.alt)} at ${at(body.best.at)}`;
  });
  const sky = nightWords(night).parts.join(", ");
  const what = bodies.length ? `${bodies.join("; ")}.` : "Nothing can be seen with the naked eye.";
  return (
    `From ${at(t0)} to ${at(t1)}, local time. ${sky}. ${what} ` +
    `The dashed line is ${degrees(tonight.min_alt)} above the horizon, the lowest worth looking at.`
  );
}
