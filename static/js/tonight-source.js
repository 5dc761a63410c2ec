// Asking for tonight's sky: GET /tonight?track=1 once per place and night, kept in this
// browser (the view opens with it, also offline). The night ahead for offline positions
// is another request, kept apart (static/js/ahead.js, which says why).

import { fetchJson, tonightUrl } from "./api.js";
import { recallJson, rememberJson } from "./place.js";

const NIGHT_KEY = "planettracker.night"; // the last night asked for
const TONIGHT_RETRY_MS = 30000; // a /tonight request that failed is not repeated sooner
const MAX_TONIGHT_RETRIES = 32; // such requests remembered
const TONIGHT_SLACK_MS = 600000; // a night answers from 10 minutes before it was asked for

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
    this.shown = false; // `tonight` has been given to onAnswer
    this.asking = null; // the URL in flight
    this.retryAfter = new Map(); // URL -> not before this (ms)
    // The last night asked for, kept in this browser: the view opens with it, also
    // offline, for as long as it covers the page's place and instant.
    ({ tonight: this.tonight, placeKey: this.placeKey } = recallJson(NIGHT_KEY) ?? {});
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
    if (this.covers(place, instant, live)) {
      if (!this.shown) this.onAnswer(this.tonight);
      this.shown = true;
      return;
    }
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
        this.shown = true;
        rememberJson(NIGHT_KEY, { tonight, placeKey: key }); // if this browser lets the page
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
