// The phone's orientation sensors: asking for them where the browser wants a tap first
// (iOS Safari), and the latest reading, kept raw until it is drawn.

const NO_SENSOR_MS = 2000; // nothing usable this long after starting: no compass to read
// Only Apple's browsers put a prompt before the compass (iPadOS says it is a Mac with a
// touch screen); elsewhere a refusal comes from settings, not from the person.
const PROMPTS =
  /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);

/**
 * Listens to the orientation events while started. `onChange()` is called on every
 * reading and every change of `state`:
 * - "waiting": listening, nothing read yet;
 * - "live": readings arrive (`reading` holds the latest event's angles);
 * - "ask": the browser needs a tap to ask for permission (start() again from one);
 * - "denied": refused at the browser's own prompt (iOS Safari: "Don't Allow", or the
 *   setting that turns the prompt off);
 * - "blocked": refused without a prompt (Chromium answers from its site settings: no
 *   sensor shared, nothing the person chose here);
 * - "none": no sensor, or none that knows where north is.
 */
export class Compass {
  constructor(onChange) {
    this.onChange = onChange;
    this.state = "none";
    this.reading = null;
    this.timer = null;
    this.listening = false;
    this.onEvent = (event) => this.read(event);
  }

  /** Start, from a tap: where the browser asks for permission it must be asked from one. */
  start() {
    this.stop();
    const ask = window.DeviceOrientationEvent?.requestPermission;
    if (typeof ask !== "function") {
      this.listen();
      return;
    }
    this.set("waiting");
    ask.call(window.DeviceOrientationEvent, true).then(
      (answer) => (answer === "granted" ? this.listen() : this.set(PROMPTS ? "denied" : "blocked")),
      () => this.set("ask"), // not from a tap: the view offers a button that is one
    );
  }

  stop() {
    clearTimeout(this.timer);
    if (this.listening) {
      window.removeEventListener("deviceorientationabsolute", this.onEvent);
      window.removeEventListener("deviceorientation", this.onEvent);
      this.listening = false;
    }
    this.reading = null;
  }

  listen() {
    this.listening = true;
    window.addEventListener("deviceorientationabsolute", this.onEvent);
    window.addEventListener("deviceorientation", this.onEvent);
    this.set("waiting");
    this.timer = setTimeout(() => {
      if (this.state === "waiting") this.set("none");
    }, NO_SENSOR_MS);
  }

  read(event) {
    const absolute = event.type === "deviceorientationabsolute" || event.absolute === true;
    const heading = event.webkitCompassHeading;
    const knowsNorth = (absolute && event.alpha != null) || (typeof heading === "number" && heading >= 0);
    // Browsers without sensors may send one empty event; relative ones (Android's plain
    // deviceorientation next to its absolute twin) do not say where north is.
    if (!knowsNorth || event.beta == null || event.gamma == null) return;
    this.reading = {
      type: event.type,
      absolute,
      alpha: event.alpha,
      beta: event.beta,
      gamma: event.gamma,
      webkitCompassHeading: heading,
    };
    if (this.state !== "live") this.set("live");
    else this.onChange();
  }

  set(state) {
    this.state = state;
    this.onChange();
  }
}
