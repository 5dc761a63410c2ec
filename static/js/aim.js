// Pointing the phone at the sky: where its back camera looks, and how to move it onto a
// target. Pure maths, no DOM: the find view (find.js) draws what this computes.
//
// Conventions, all angles in degrees:
// - The phone points with its back camera, held upright like a window onto the sky (as
//   star apps do): upright and level, it looks at the horizon; tilted back, higher.
// - Azimuth from true north through east (0 <= az < 360), altitude above the horizon.
// - alpha, beta, gamma are the DeviceOrientation angles: the device's frame is turned
//   from the Earth's (east, north, up) by alpha about z, then beta about x, then gamma
//   about y (x to the screen's right, y to its top, z out of the screen). alpha grows
//   counter-clockwise seen from above, so an upright phone's heading is 360 - alpha.
// - Compass readings are magnetic on most phones; true = magnetic + declination (east
//   positive), which turns alpha the other way: alpha(true) = alpha(magnetic) - declination.

const RAD = Math.PI / 180;

export const ON_TARGET_DEG = 3; // "there it is"
export const OFF_TARGET_DEG = 4.5; // and no longer, once beyond this (no flicker at the edge)
// Looking this close to straight up or down, the camera's compass direction means little:
// a tiny tilt swings it round. Say so rather than give a "turn" that spins.
export const STEEP_DEG = 80;

/** An angle brought into (-180, 180]: the shortest turn. */
export function wrap180(degrees) {
  const wrapped = ((((degrees + 180) % 360) + 360) % 360) - 180;
  return wrapped === -180 ? 180 : wrapped;
}

/** An angle brought into [0, 360). */
export function wrap360(degrees) {
  const wrapped = ((degrees % 360) + 360) % 360;
  return wrapped === 360 ? 0 : wrapped; // -1e-15 % 360 + 360 rounds to 360
}

/**
 * The device's rotation as a 3 x 3 matrix: column i is device axis i (x, y, z) in the
 * Earth's frame, each row one of east, north, up.
 */
export function rotation(alpha, beta, gamma) {
  const [ca, sa] = [Math.cos(alpha * RAD), Math.sin(alpha * RAD)];
  const [cb, sb] = [Math.cos(beta * RAD), Math.sin(beta * RAD)];
  const [cg, sg] = [Math.cos(gamma * RAD), Math.sin(gamma * RAD)];
  return [
    [ca * cg - sa * sb * sg, -sa * cb, ca * sg + sa * sb * cg],
    [sa * cg + ca * sb * sg, ca * cb, sa * sg - ca * sb * cg],
    [-cb * sg, sb, cb * cg],
  ];
}

/** The unit vector (east, north, up) of an azimuth and altitude. */
export function unitVector(az, alt) {
  const c = Math.cos(alt * RAD);
  return [c * Math.sin(az * RAD), c * Math.cos(az * RAD), Math.sin(alt * RAD)];
}

const clamp1 = (value) => Math.max(-1, Math.min(1, value));

/** Azimuth and altitude of a vector (east, north, up); azimuth 0 straight up or down. */
export function azAlt([east, north, up]) {
  const alt = Math.asin(clamp1(up)) / RAD;
  const flat = Math.hypot(east, north) < 1e-12;
  return { az: flat ? 0 : wrap360(Math.atan2(east, north) / RAD), alt };
}

/** Where the back camera (the device's -z axis) looks, for a rotation matrix. */
export function pointing(matrix) {
  return azAlt([-matrix[0][2], -matrix[1][2], -matrix[2][2]]);
}

/**
 * alpha, beta, gamma relative to true north from an orientation event, or null when the
 * event cannot say where north is. Takes iOS Safari's webkitCompassHeading (clockwise
 * from magnetic north) where it is given, else an absolute alpha (Chrome's
 * deviceorientationabsolute); a relative alpha (plain deviceorientation on Android) is
 * measured from wherever the phone happened to point, and is of no use here.
 */
export function trueOrientation(event, declination) {
  const { alpha, beta, gamma } = event;
  if (beta == null || gamma == null) return null;
  let magnetic;
  if (typeof event.webkitCompassHeading === "number" && event.webkitCompassHeading >= 0) {
    magnetic = 360 - event.webkitCompassHeading;
  } else if (alpha != null && (event.absolute || event.type === "deviceorientationabsolute")) {
    magnetic = alpha;
  } else {
    return null;
  }
  return { alpha: wrap360(magnetic - (declination ?? 0)), beta, gamma };
}

/**
 * How to move the phone from its orientation onto a target {az, alt}:
 * - az, alt: where the camera looks now;
 * - turn: degrees to turn right (negative: left), the shortest way, in (-180, 180];
 * - tilt: degrees to tilt up (negative: down);
 * - separation: the angle between the two directions, 0 to 180;
 * - steep: the camera looks within 10 degrees of straight up or down, where its azimuth,
 *   and so "turn", mean little: a hair's tilt swings it right round;
 * - overhead: the target is within 10 degrees of the zenith, the same for the target;
 * - arrow: which way to move the camera as drawn on the screen, degrees clockwise from
 *   the screen's top, for a screen turned by screenAngle (screen.orientation.angle),
 *   with the phone's roll taken out. Normally it says what the words say: right or left
 *   by the turn (as much sky as that is at the camera's height), up or down by the tilt,
 *   so a planet behind you means "turn round", not "bend over backwards". When steep or
 *   overhead it is the direction of the target in the phone's own frame instead, the
 *   shortest way across the sky, which stays put where the azimuths spin.
 */
export function guide(orientation, target, screenAngle = 0) {
  const matrix = rotation(orientation.alpha, orientation.beta, orientation.gamma);
  const camera = pointing(matrix);
  const t = unitVector(target.az, target.alt);
  const column = (axis, v) => matrix[0][axis] * v[0] + matrix[1][axis] * v[1] + matrix[2][axis] * v[2];
  const turn = wrap180(target.az - camera.az);
  const tilt = target.alt - camera.alt;
  const steep = Math.abs(camera.alt) > STEEP_DEG;
  const overhead = target.alt > STEEP_DEG;
  let arrow;
  if (steep || overhead) {
    arrow = Math.atan2(column(0, t), column(1, t)) / RAD; // the target in the phone's frame
  } else {
    // The screen's roll: its top's angle from the sky's "up" at the camera's direction.
    const [a, h] = [camera.az * RAD, camera.alt * RAD];
    const up = [-Math.sin(h) * Math.sin(a), -Math.sin(h) * Math.cos(a), Math.cos(h)];
    const right = [Math.cos(a), -Math.sin(a), 0];
    const roll = Math.atan2(column(1, right), column(1, up)) / RAD;
    arrow = Math.atan2(turn * Math.cos(h), tilt) / RAD - roll;
  }
  return {
    az: camera.az,
    alt: camera.alt,
    turn,
    tilt,
    separation: Math.acos(clamp1(-column(2, t))) / RAD,
    arrow: wrap360(arrow - screenAngle),
    steep,
    overhead,
  };
}

/** Whether the phone is on target, with hysteresis: `was` is the previous answer. */
export function onTarget(separation, was) {
  return separation <= (was ? OFF_TARGET_DEG : ON_TARGET_DEG);
}

const POINTS = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"];
const WORDS = { N: "north", E: "east", S: "south", W: "west" };

/** The 16-point compass abbreviation of an azimuth, as the API gives it ("SSE"). */
export function compassPoint(az) {
  return POINTS[Math.floor((wrap360(az) + 11.25) / 22.5) % 16];
}

/** A compass abbreviation in words: "SSE" -> "south-south-east", "NE" -> "north-east". */
export function compassWords(point) {
  const words = [...point].map((letter) => WORDS[letter]);
  if (words.length === 3) return `${words[0]}-${words[1]}-${words[2]}`;
  return words.join("-");
}
