// The names on tonight's chart: each curve's name on its own curve, beside the dot where
// the body is best seen if there is room, else further along. A name covers no body's dot
// nor another name, and is nearer its own curve than any other; curves that run as one
// share a name; one with no such place is left off the chart (the view names it below).

import { boxesOverlap, distanceToBox, title } from "./display.js";
import { CHAR_PX, altitudeAt, element, fixed, textElement } from "./tonight-chart.js";

const LABEL_PX = 14; // a label's height
// A name's centre from a point of its curve: above, below, then before or after it
// (in half widths) and a little above or below.
const LABEL_OFFSETS = [[0, -13], [0, 15], [-1, -6], [1, -6], [-1, 8], [1, 8]];
const LABEL_CLEARANCE_PX = 3; // a name is at least this much nearer its own curve
const BEST_R = 4; // the dot where a body is best seen
const TOGETHER_PX = 4; // curves never further apart than this share one name

/**
 * A name's size as drawn at `at`: {width, height, middle} (px), where middle is how far
 * its box's middle lies below the point it is drawn at. Before the browser can measure
 * (a hidden chart), from the character count.
 */
function measure(label, at, text) {
  const box = label.getBBox?.();
  if (!box?.width) return { width: text.length * CHAR_PX, height: LABEL_PX, middle: 0 };
  return { width: box.width, height: box.height, middle: box.y + box.height / 2 - at.y };
}

/**
 * For each body, the bodies whose curves run as one with its own, itself among them in
 * the night's order: within TOGETHER_PX of each other at every moment both are up.
 */
function runningTogether(seen, curves, alts) {
  const together = new Map(seen.map((body) => [body.name, [body.name]]));
  for (const [i, a] of seen.entries()) {
    for (const b of seen.slice(i + 1)) {
      const [ca, cb] = [curves.get(a.name), curves.get(b.name)];
      const both = ca.map((point, k) => k).filter((k) => alts[a.name][k] > 0 && alts[b.name][k] > 0);
      if (both.length && both.every((k) => Math.abs(ca[k][1] - cb[k][1]) <= TOGETHER_PX)) {
        const group = together.get(a.name);
        if (!group.includes(b.name)) group.push(b.name);
        together.set(b.name, group);
      }
    }
  }
  return together;
}

/** The distance from (x, y) to a polyline of [x, y] points. */
export function lineDistance(line, x, y) {
  let least = Infinity;
  for (let i = 1; i < line.length; i += 1) {
    const [ax, ay] = line[i - 1];
    const [bx, by] = line[i];
    const dx = bx - ax;
    const dy = by - ay;
    const f = dx || dy ? Math.min(Math.max(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy), 0), 1) : 0;
    least = Math.min(least, Math.hypot(x - ax - f * dx, y - ay - f * dy));
  }
  return least;
}

/**
 * Each curve's name, with the dot where it is best seen, drawn in `names` (see above).
 * Returns the names left off the chart, for want of room.
 */
export function drawNames(names, night, s) {
  const { seen, times, alts } = night;
  const layer = element("g", {}, "labels");
  names.replaceChildren(layer);
  const curves = new Map(seen.map((body) => [body.name, times.map((t, i) => [s.x(t), s.y(alts[body.name][i])])]));
  const dots = seen.map((body) => ({ name: body.name, x: s.x(Date.parse(body.best.at)), y: s.y(body.best.alt) }));
  const placed = [];
  const unlabelled = [];
  const together = runningTogether(seen, curves, alts);
  seen.forEach((body, index) => {
    const dot = dots[index];
    const group = element("g", {}, `body ${body.name}`);
    group.dataset.body = body.name;
    // Curves that run as one (the North Pole's planets, a close pair) share one name.
    const members = together.get(body.name);
    const words = members.map(title).join(" & ");
    const label = textElement(words, { x: dot.x, y: dot.y }, "label");
    group.append(element("circle", { cx: dot.x, cy: dot.y, r: BEST_R }, "best"), label);
    layer.append(group);
    if (members[0] !== body.name) {
      label.setAttribute("visibility", "hidden"); // named with the first of them
      group.dataset.namedWith = members[0];
      return;
    }
    const size = measure(label, dot, words);
    const box = labelSpot(night, s, body, members, size, curves, dots, placed);
    if (box) {
      label.setAttribute("x", fixed(box.cx));
      label.setAttribute("y", fixed(box.cy));
      placed.push(box);
    } else {
      label.setAttribute("visibility", "hidden");
      unlabelled.push(words);
    }
  });
  return unlabelled;
}

/** Where the name of `body` and the `members` running with it (of `size`, see measure)
 * can go on the chart of `night` at scale `s`, as a box; or null. */
function labelSpot(night, s, body, members, size, curves, dots, placed) {
  const own = curves.get(body.name);
  const others = [...curves].filter(([name]) => !members.includes(name)).map(([, line]) => line);
  // The best moment first, then the others it can be seen, then those it is only up,
  // nearest the best first.
  const best = Date.parse(body.best.at);
  const seen = (t) => body.intervals.some((i) => Date.parse(i.start) <= t && t <= Date.parse(i.end));
  const ends = body.intervals.flatMap((i) => [Date.parse(i.start), Date.parse(i.end)]);
  const moments = [...ends, ...night.times.filter((t) => altitudeAt(night, body.name, t) > 0)];
  const rank = (t) => (t === best ? -1 : Math.abs(t - best) + (seen(t) ? 0 : 1e12));
  moments.sort((a, b) => rank(a) - rank(b));
  moments.unshift(best);
  const half = size.width / 2 + 2;
  for (const t of moments) {
    const x = s.x(t);
    const y = s.y(altitudeAt(night, body.name, t));
    for (const [side, dy] of LABEL_OFFSETS) {
      // Above or below slides along to stay inside the plot at its edges.
      const cx = side ? x + side * (half + 7) : Math.min(Math.max(x, s.left + half), s.right - half);
      const cy = y + dy;
      // The text's own box: its middle a little off the point it is drawn at.
      const middle = cy + size.middle;
      const box = { left: cx - half, right: cx + half, top: middle - size.height / 2, bottom: middle + size.height / 2, cx, cy };
      if (box.left < s.left || box.right > s.right || box.top < s.top || box.bottom > s.bottom) continue;
      if (placed.some((o) => boxesOverlap(box, o))) continue;
      if (dots.some((d) => distanceToBox(d.x, d.y, box) < BEST_R + 1.5)) continue;
      const mine = lineDistance(own, cx, middle);
      if (others.every((line) => lineDistance(line, cx, middle) > mine + LABEL_CLEARANCE_PX)) return box;
    }
  }
  return null;
}
