// The Moon's phase, drawn: its lit part on the side the Sun is on.

/** Draw the Moon's phase in `svg` (its .moon-lit path): lit `illuminated` percent, on the
 * side the Sun is on as seen from the observer's hemisphere (waxing: on the right in the
 * north, on the left in the south). */
export function drawMoonPhase(svg, moon, lat) {
  const k = Math.min(Math.max(moon.illuminated / 100, 0), 1);
  const waning = moon.phase.startsWith("waning") || moon.phase === "last quarter";
  const rx = Math.abs(1 - 2 * k).toFixed(3);
  const lit = svg.querySelector(".moon-lit");
  // The right half's edge, then the terminator back up through the dark side (gibbous) or the lit side (crescent).
  lit.setAttribute("d", `M0,-1 A1,1 0 0 1 0,1 A${rx},1 0 0 ${k > 0.5 ? 1 : 0} 0,-1 Z`);
  lit.setAttribute("transform", waning !== lat < 0 ? "scale(-1,1)" : "");
}
