// Choosing a time on tonight's chart: a tap chooses the instant under it, a drag moves
// the line with the finger and passes the instant on as it goes (at most every 120 ms).

const MINUTE_MS = 60000;
const DRAG_EVERY_MS = 120; // while dragging, the chosen instant is passed on at most this often
const TAP_SLOP_PX = 8; // a finger that moves less than this taps

export class TimeChooser {
  /**
   * Listens to `svg`. `span()` is the chart drawn ({scale, t0, t1}; null before there is
   * one); `preview(instant)` moves its line at once; `choose(instant)` passes it on.
   */
  constructor(svg, span, preview, choose) {
    this.svg = svg;
    this.span = span;
    this.preview = preview;
    this.choose = choose;
    this.drag = null;
    svg.addEventListener("pointerdown", (event) => this.pointerDown(event));
    svg.addEventListener("pointermove", (event) => this.pointerMove(event));
    svg.addEventListener("pointerup", (event) => this.pointerUp(event));
    svg.addEventListener("pointercancel", () => this.pointerCancel());
  }

  /** A finger or a mouse is dragging the line. */
  get moving() {
    return Boolean(this.drag?.moving);
  }

  /** The instant under a pointer, in the chart's span, to the minute. */
  timeAt(event) {
    const matrix = this.svg.getScreenCTM();
    const span = this.span();
    if (!matrix || !span) return null;
    const { x } = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const { scale, t0, t1 } = span;
    const t = Math.min(Math.max(scale.time(x), t0), t1);
    return new Date(Math.round(t / MINUTE_MS) * MINUTE_MS);
  }

  pointerDown(event) {
    if (!this.span() || event.button > 0) return;
    this.drag = { id: event.pointerId, x: event.clientX, moving: false, sent: 0 };
    try {
      this.svg.setPointerCapture(event.pointerId); // the drag goes on off the chart
    } catch {
      // The pointer is already gone.
    }
  }

  pointerMove(event) {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    if (event.pointerType === "mouse" && event.buttons === 0) {
      this.drag = null; // released where the chart did not hear it
      return;
    }
    if (!drag.moving && Math.abs(event.clientX - drag.x) < TAP_SLOP_PX) return;
    drag.moving = true;
    const instant = this.timeAt(event);
    if (!instant) return;
    this.preview(instant);
    if (performance.now() - drag.sent >= DRAG_EVERY_MS) {
      drag.sent = performance.now();
      this.choose(instant);
    }
  }

  pointerUp(event) {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    this.drag = null;
    const instant = this.timeAt(event);
    if (!instant) return;
    this.preview(instant);
    this.choose(instant);
  }

  /** The browser took the gesture (a scroll): nothing is chosen by it. */
  pointerCancel() {
    this.drag = null;
  }
}
