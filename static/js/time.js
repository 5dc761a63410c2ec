// Time in the observed place's IANA time zone, which may not be the browser's.

const partsFormats = new Map();

function partsFormat(timeZone) {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock fields of an instant in a time zone: {year, month, day, hour, minute, second}. */
export function wallClock(date, timeZone) {
  const fields = {};
  for (const { type, value } of partsFormat(timeZone).formatToParts(date)) {
    if (type !== "literal") fields[type] = Number(value);
  }
  return fields;
}

/** Minutes the zone is ahead of UTC at an instant (e.g. +660 for Sydney in summer). */
export function zoneOffsetMinutes(date, timeZone) {
  const w = wallClock(date, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/** "YYYY-MM-DDTHH:MM" (a datetime-local value) read in the zone, as a Date. Null if malformed. */
export function zonedInputToDate(value, timeZone) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offset depends on the instant, which depends on the offset: two rounds settle it,
  // also across daylight-saving changes.
  let instant = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60000;
  instant = wall - zoneOffsetMinutes(new Date(instant), timeZone) * 60000;
  return new Date(instant);
}

const pad = (n) => String(n).padStart(2, "0");

/** An instant as a datetime-local value in the zone: "YYYY-MM-DDTHH:MM". */
export function dateToZonedInput(date, timeZone) {
  const w = wallClock(date, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** "HH:MM" in the zone, with the weekday when it is not the same day as `now`. */
export function formatEventTime(date, timeZone, now) {
  const w = wallClock(date, timeZone);
  const today = wallClock(now, timeZone);
  const clock = `${pad(w.hour)}:${pad(w.minute)}`;
  if (w.year === today.year && w.month === today.month && w.day === today.day) return clock;
  const weekday = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short" }).format(date);
  return `${weekday} ${clock}`;
}

/** "HH:MM:SS" in the zone. */
export function formatClock(date, timeZone) {
  const w = wallClock(date, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** The zone's short name at an instant ("AEDT", "GMT+9"). */
export function zoneAbbreviation(date, timeZone) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(date);
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}
