// The page: where the planets are for where you stand, updated every 2 seconds, and what
// can be seen tonight.

import { Ahead } from "./ahead.js";
import { Poller, Unreachable, fetchSky, fetchStars, risePoint } from "./api.js";
import { FindView } from "./find.js";
import { GREENWICH, LIMITS, devicePlace, loadPlace, parsePlace, recall, remember, sameSpot, savePlace } from "./place.js";
import { title } from "./display.js";
import { drawChart, planetAt } from "./sky.js";
import { dateToZonedInput, zonedInputToDate } from "./time.js";
import { renderStatus, renderTable } from "./ui.js";

const POLL_MS = 2000;
const EVENTS_EVERY_MS = 60000;
// The stars turn half a degree in two minutes, less than the chart's pixel (docs/page.md,
// "The page", Among the stars).
const STARS_EVERY_MS = 120000;
const STARS_RETRY_MS = 10000;
const TYPING_PAUSE_MS = 500;
const DEVICE_WAIT_MS = 3000; // a first visit waits this long for the device's place
const THEME_KEY = "planettracker.theme";
const DIM_KEY = "planettracker.dim";

const $ = (id) => document.getElementById(id);

const lastPlace = loadPlace(); // from an earlier visit, if any
const state = {
  place: lastPlace ?? GREENWICH,
  at: null, // null: live; a Date: the chosen instant ("time travel")
  sky: null,
  failure: null,
  unreachable: false, // the failure is that the server cannot be reached
  events: {}, // planet name -> next rise/transit/set, for eventsKey
  eventsKey: null,
  eventsFetched: 0,
  skyKey: null, // the place and instant of `sky`
  stars: null, // the bright stars above the horizon, for starsKey
  starsKey: null,
  starsDue: 0, // when to ask for them again
  starsAsked: null, // the place and instant of the stars on their way
  version: 0, // bumps when the place or instant changes: older answers are dropped
  selected: null, // the planet in the find view
};

const placeKey = () => `${state.place.lat},${state.place.lon},${state.place.elevation},${state.at?.toISOString() ?? "now"}`;

async function update() {
  const version = state.version;
  const key = placeKey();
  const wantEvents = key !== state.eventsKey || Date.now() - state.eventsFetched >= EVENTS_EVERY_MS;
  // The stars, on load, for a new place or instant, and every two minutes; alongside the
  // sky, and never holding it up: until they come the chart shows the planets alone.
  if (state.starsAsked !== key && (key !== state.starsKey || Date.now() >= state.starsDue)) askStars(version, key);
  try {
    const sky = await fetchSky(state.place, state.at, wantEvents);
    if (version !== state.version) return; // the place changed meanwhile
    if (wantEvents) {
      state.events = Object.fromEntries(sky.planets.map((planet) => [planet.name, planet]));
      state.eventsKey = key;
      state.eventsFetched = Date.now();
    }
    state.sky = withLandmarks(sky, currentEvents());
    state.skyKey = key;
    state.failure = null;
    render();
    if (!state.at) ahead.refresh(state.place);
  } catch (error) {
    if (version !== state.version) return;
    state.failure = error.message;
    state.unreachable = error instanceof Unreachable;
    if (state.unreachable && !state.at) showAhead(key);
    else showStatus();
  }
}

// Without network ---------------------------------------------------------------------

// The night ahead, fetched while there is network (static/js/ahead.js).
const ahead = new Ahead();

/**
 * Polls fail for want of network: show the sky computed from the night fetched ahead,
 * which keeps moving at each poll, with rise and set from it too. Where it does not
 * cover the place (a new one: the device's, or typed) or the instant, never another
 * place's sky: the chart and the table are hidden, and the status line says why.
 */
function showAhead(key) {
  const sky = ahead.skyAt(state.place, new Date());
  if (sky) {
    if (state.eventsKey !== key) {
      state.events = Object.fromEntries(sky.planets.map((planet) => [planet.name, planet]));
      state.eventsKey = key;
      state.eventsFetched = 0; // asked for again as soon as the network is back
    }
    state.sky = sky;
    state.skyKey = key;
    render();
    return;
  }
  if (state.sky && state.skyKey !== key) {
    state.sky = null;
    document.body.dataset.sky = "none";
  }
  showStatus();
  showTonight();
}

async function askStars(version, key) {
  state.starsAsked = key;
  try {
    const answer = await fetchStars(state.place, state.at);
    if (version !== state.version) return;
    state.stars = answer.stars;
    state.starsKey = key;
    state.starsDue = Date.now() + STARS_EVERY_MS;
    if (state.skyKey === key) render(); // the sky came first: add the stars to it
  } catch {
    // The planets matter more: keep the stars shown (if of this place), ask again soon.
    state.starsDue = Date.now() + STARS_RETRY_MS;
  } finally {
    if (state.starsAsked === key) state.starsAsked = null;
  }
}

const currentStars = () => (state.starsKey === placeKey() ? state.stars : null);

const poller = new Poller(update, POLL_MS);

const showStatus = () =>
  renderStatus($("status"), state.sky, state.failure, !state.at, state.unreachable, ahead.span(state.place));

function render() {
  const { sky } = state;
  delete document.body.dataset.sky;
  $("chart").dataset.at = sky.at;
  showStatus();
  const { below, crowded } = drawChart($("chart"), sky, currentStars());
  const unlabelled = crowded.map(({ name, by }) => `${title(name)} (by ${title(by)})`);
  $("below").textContent =
    (below.length ? `Below the horizon: ${below.join(", ")}.` : "All seven planets are above the horizon.") +
    (unlabelled.length ? ` Too close together to label: ${unlabelled.join(", ")}.` : "");
  renderTable($("planets"), sky, currentEvents());
  markSelected(find.isOpen ? state.selected : null);
  if (find.isOpen) find.update(findView());
  const when = $("when");
  if (document.activeElement !== when && (!state.at || !when.value)) {
    when.value = dateToZonedInput(new Date(sky.at), sky.observer.timezone);
  }
  showTonight();
}

const currentEvents = () => (state.eventsKey === placeKey() ? state.events : {});

/** A poll's planets with their landmarks, from the minute's whole answer (`byName`). */
function withLandmarks(sky, byName) {
  for (const planet of sky.planets) planet.near ??= byName[planet.name]?.near ?? null;
  return sky;
}

// Finding a planet -------------------------------------------------------------------

const find = new FindView($("find"));
let findData = null; // what the find view was last given

/**
 * The find view's data: the sky, the planets' rise and set, and, for the chosen planet
 * below the horizon, where it will rise. That is one more request, made once (see
 * risePoint); when it is answered, the view is given its latest data again.
 */
function findView(data = { sky: state.sky, events: currentEvents(), place: state.place, live: !state.at }) {
  findData = data;
  const name = state.selected;
  const planet = data.sky.planets.find((body) => body.name === name);
  const rise = data.events[name]?.rise;
  const redraw = () => {
    if (find.name === name) find.update(findView(findData));
  };
  const point = !planet.above_horizon && rise ? risePoint(data.place, name, rise, redraw) : null;
  return { ...data, risePoint: point };
}

/** Open the find view for a planet: from the tap itself (the compass may ask permission). */
function choose(name) {
  if (!name || !state.sky) return;
  state.selected = name;
  markSelected(name);
  find.open(name, findView());
}

function markSelected(name) {
  for (const row of $("planets").tBodies[0].rows) row.classList.toggle("selected", row.dataset.planet === name);
  for (const group of $("chart").querySelectorAll(".body")) group.classList.toggle("selected", group.dataset.body === name);
}

// Tonight ----------------------------------------------------------------------------

// Asked for once a night and place (see NightSource, static/js/tonight-source.js), not at
// every poll. The view's modules, its styles and the night are loaded when a person first
// asks for them (the Tonight link or button), then at once on every later visit: a first
// visit stays small (docs/page.md, "In the field: offline, on the home screen, and light
// on data", The Tonight view is kept once used). The service worker keeps them once loaded.
const TONIGHT_KEY = "planettracker.tonight";
let tonight = null; // the view, once its module has loaded
let tonightLoading = null;

function openTonight() {
  if (tonightLoading) return tonightLoading;
  remember(TONIGHT_KEY, "1");
  const button = $("tonight-open");
  button.disabled = true;
  button.textContent = "Loading tonight's sky…";
  tonightLoading = import("./tonight.js").then(
    (module) => {
      button.hidden = true;
      tonight = module.openTonight($("tonight"), $("tonight-link"), travelTo);
      showTonight();
    },
    () => {
      // Offline before the view was ever loaded: it can be asked for again.
      tonightLoading = null;
      button.disabled = false;
      button.textContent = "Tonight's view needs the network once. Tap to try again";
    },
  );
  return tonightLoading;
}

/**
 * Tonight's view at the sky's instant (once it has been opened: the server's clock, not
 * this device's, says which night it is). With no sky because the server cannot be
 * reached (offline by day, outside the night fetched ahead), at the page's instant: the
 * view opens with the night kept in this browser if it covers it.
 */
function showTonight() {
  if (!tonight || (!state.sky && !state.unreachable)) return;
  const instant = state.sky ? new Date(state.sky.at) : (state.at ?? new Date());
  tonight.show(state.place, instant, !state.at);
}

/** Show the sky for another place or instant at once. */
function changed() {
  state.version += 1;
  if (state.at) {
    poller.stop();
    showChosen();
  } else {
    poller.start();
    poller.now();
  }
}

// Place ------------------------------------------------------------------------------

const fields = Object.fromEntries(Object.keys(LIMITS).map((name) => [name, $(name)]));

function showPlaceInFields(place) {
  for (const [name, input] of Object.entries(fields)) {
    if (document.activeElement !== input) input.value = String(place[name]);
    markField(name, null);
  }
}

function markField(name, error) {
  const input = fields[name];
  const message = $(`${name}-error`);
  input.setAttribute("aria-invalid", error ? "true" : "false");
  message.textContent = error ?? "";
  message.hidden = !error;
}

function usePlace(place, message) {
  const moved = !sameSpot(place, state.place);
  state.place = place;
  savePlace(place);
  $("place-message").textContent = message;
  if (moved || !state.sky) changed();
}

let typingTimer = null;

function typed() {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    const texts = Object.fromEntries(Object.entries(fields).map(([name, input]) => [name, input.value]));
    const parsed = parsePlace(texts);
    for (const name of Object.keys(fields)) markField(name, parsed.errors?.[name] ?? null);
    if (parsed.place) usePlace({ ...parsed.place, name: "the typed place" }, "Showing the sky for the place you typed.");
  }, TYPING_PAUSE_MS);
}

async function locate() {
  $("place-message").textContent = "Asking your device where you are…";
  try {
    const place = await devicePlace();
    showPlaceInFields(place);
    const accuracy = place.accuracy ? ` (within ${Math.round(place.accuracy)} m)` : "";
    usePlace(place, `Using your location${accuracy}.`);
  } catch (error) {
    const fallback = state.place === GREENWICH ? "the Royal Observatory, Greenwich" : `your last place (${state.place.lat}, ${state.place.lon})`;
    $("place-message").textContent = `${error.message} Showing the sky over ${fallback}. Type a place below, or try "Use my location" again.`;
    showPlaceInFields(state.place);
  }
}

// Time travel ------------------------------------------------------------------------

let showing = false; // a chosen instant's sky is being asked for
let showAgain = false; // and another was chosen meanwhile

/** The chosen instant's sky: one request at a time (a drag on tonight's chart chooses
 * many), the latest choice asked for straight after the one in flight. */
async function showChosen() {
  if (showing) {
    showAgain = true;
    return;
  }
  showing = true;
  try {
    do {
      showAgain = false;
      await update();
    } while (showAgain && state.at);
  } finally {
    showing = false;
  }
}

function travel(instant, zone) {
  state.at = instant;
  $("now").disabled = false;
  $("live-notice").hidden = false;
  $("live-notice").textContent = `Not live: showing the sky of ${$("when").value.replace("T", " ")} (${zone} time). Tap Now to go back.`;
  tonight?.setInstant(instant, false);
  changed();
}

function chooseTime() {
  const zone = state.sky?.observer.timezone ?? "UTC";
  const chosen = zonedInputToDate($("when").value, zone);
  if (chosen) travel(chosen, zone);
}

/** An instant chosen on tonight's chart: shown in the date and time field too. */
function travelTo(instant) {
  const zone = state.sky?.observer.timezone ?? "UTC";
  $("when").value = dateToZonedInput(instant, zone);
  travel(instant, zone);
}

function backToNow() {
  state.at = null;
  $("now").disabled = true;
  $("live-notice").hidden = true;
  $("when").value = "";
  changed();
}

// Night mode -------------------------------------------------------------------------

function setTheme(theme) {
  document.documentElement.dataset.theme = theme;
  $("night").setAttribute("aria-pressed", String(theme === "night"));
  $("dim").hidden = theme !== "night";
  document.querySelector('meta[name="theme-color"]').content = theme === "night" ? "#000000" : "#05070c";
}

function toggleTheme() {
  const theme = document.documentElement.dataset.theme === "night" ? "dark" : "night";
  setTheme(theme);
  remember(THEME_KEY, theme);
}

/** Night mode's dimmer step (its reds halved again, for a dark site), kept for the next visit. */
function setDim(dim) {
  document.documentElement.dataset.dim = String(dim);
  $("dim").setAttribute("aria-pressed", String(dim));
}

function toggleDim() {
  const dim = document.documentElement.dataset.dim !== "true";
  setDim(dim);
  remember(DIM_KEY, String(dim));
}

// Offline ----------------------------------------------------------------------------

/**
 * Have the service worker keep the page's files, so that the page opens with no network
 * once it has been visited (static/sw.js). When a new release takes over (on a visit with
 * network), show it at once unless the reader is busy with the finder or another time;
 * else it shows at the next visit.
 */
function keepForOffline() {
  if (!("serviceWorker" in navigator)) return;
  const updating = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (updating && !find.isOpen && !state.at) location.reload();
  });
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // Refused (a private window may refuse): the page still works with network.
  });
}

// Start ------------------------------------------------------------------------------

function start() {
  setTheme(recall(THEME_KEY) === "night" ? "night" : "dark");
  $("night").addEventListener("click", toggleTheme);
  setDim(recall(DIM_KEY) === "true");
  $("dim").addEventListener("click", toggleDim);
  for (const input of Object.values(fields)) input.addEventListener("input", typed);
  $("place-form").addEventListener("submit", (event) => event.preventDefault());
  $("use-location").addEventListener("click", locate);
  $("when").addEventListener("change", chooseTime);
  $("now").addEventListener("click", backToNow);
  $("tonight-now").addEventListener("click", backToNow);
  $("tonight-link").addEventListener("click", openTonight);
  $("tonight-open").addEventListener("click", openTonight);
  if (recall(TONIGHT_KEY)) openTonight();
  $("planets").addEventListener("click", (event) => choose(event.target.closest("button.pick")?.dataset.planet));
  $("chart").addEventListener("click", (event) => choose(planetAt($("chart"), event)));
  $("find").addEventListener("close", () => markSelected(null));
  window.addEventListener("online", () => poller.now()); // the network is back: at once
  showPlaceInFields(state.place);
  // A returning visitor sees the last place's sky while the device answers. A first
  // visit waits for the device (its place, its refusal, or a few seconds) rather than
  // show Greenwich's sky to someone who is not there.
  const live = () => state.at || poller.start(); // unless a time was chosen meanwhile
  if (lastPlace) live();
  else setTimeout(live, DEVICE_WAIT_MS);
  locate().finally(live);
  keepForOffline();
}

start();
