"""Where a sampled curve crosses zero, found robustly: bracket on the samples, refine.

The curves are paths across an observer's sky (an altitude minus a threshold, an
hour angle), sampled on a grid of instants and computable between the samples. Their
crossings are found so that none is missed:

- a sign change between two neighbouring samples brackets one crossing, refined by
  Brent's method on the curve itself;
- two crossings between the same two samples (a body grazing the horizon, dipping
  under it and back within one step, as near the poles) leave no sign change. They
  hide near a sample that is an extremum of the samples, turned toward zero: where
  that sample is nearer to zero than the curve can bend between samples (``reach``),
  the true extremum is located between its neighbours (Brent's minimisation) and, if
  it lies across zero, both crossings are refined.

That holds as long as a curve has at most one extremum within two steps, which an
altitude sampled every 10 minutes always has (its extrema are hours apart).

Pure arithmetic: times and values are floats in any units (the callers use seconds
since 1970 and radians).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Curve = Callable[[float], float]
Crossing = tuple[float, int]  # (instant, +1 rising through zero, -1 falling)

_GOLDEN = 0.3819660112501051  # (3 - sqrt(5)) / 2
_MAX_ITERATIONS = 100


def root(f: Curve, a: float, fa: float, b: float, fb: float, tolerance: float) -> float:
    """The zero of ``f`` between ``a`` and ``b`` (``fa`` = f(a) and ``fb`` = f(b) of
    opposite signs), to ``tolerance``: Brent's method (inverse quadratic
    interpolation, secant and bisection; Numerical Recipes' ``zbrent``)."""
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    c, fc = b, fb
    d = e = b - a
    half = 0.5 * tolerance
    for _ in range(_MAX_ITERATIONS):
        if (fb > 0.0) == (fc > 0.0):
            c, fc = a, fa
            d = e = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        middle = 0.5 * (c - b)
        if abs(middle) <= half or fb == 0.0:
            return b
        if abs(e) >= half and abs(fa) > abs(fb):
            s = fb / fa
            if a == c:
                p = 2.0 * middle * s
                q = 1.0 - s
            else:
                q = fa / fc
                r = fb / fc
                p = s * (2.0 * middle * q * (q - r) - (b - a) * (r - 1.0))
                q = (q - 1.0) * (r - 1.0) * (s - 1.0)
            if p > 0.0:
                q = -q
            p = abs(p)
            if 2.0 * p < min(3.0 * middle * q - abs(half * q), abs(e * q)):
                e, d = d, p / q
            else:
                d = e = middle
        else:
            d = e = middle
        a, fa = b, fb
        b += d if abs(d) > half else (half if middle > 0.0 else -half)
        fb = f(b)
    return b


def minimum(f: Curve, a: float, b: float, tolerance: float) -> tuple[float, float]:
    """Where ``f`` is least strictly inside [a, b], and its value there, to
    ``tolerance``: Brent's minimisation (parabolic steps, golden sections where they
    fail; Numerical Recipes' ``brent``). The ends themselves are not evaluated."""
    x = w = v = a + _GOLDEN * (b - a)
    fx = fw = fv = f(x)
    d = e = 0.0
    for _ in range(_MAX_ITERATIONS):
        middle = 0.5 * (a + b)
        tol2 = 2.0 * tolerance
        if abs(x - middle) <= tol2 - 0.5 * (b - a):
            break
        parabolic = False
        if abs(e) > tolerance:
            r = (x - w) * (fx - fv)
            q = (x - v) * (fx - fw)
            p = (x - v) * q - (x - w) * r
            q = 2.0 * (q - r)
            if q > 0.0:
                p = -p
            q = abs(q)
            previous = e
            e = d
            if abs(p) < abs(0.5 * q * previous) and q * (a - x) < p < q * (b - x):
                parabolic = True
                d = p / q
                u = x + d
                if u - a < tol2 or b - u < tol2:
                    d = tolerance if middle > x else -tolerance
        if not parabolic:
            e = (a - x) if x >= middle else (b - x)
            d = _GOLDEN * e
        u = x + (d if abs(d) >= tolerance else (tolerance if d > 0.0 else -tolerance))
        fu = f(u)
        if fu <= fx:
            if u >= x:
                a = x
            else:
                b = x
            v, w, x = w, x, u
            fv, fw, fx = fw, fx, fu
        else:
            if u < x:
                a = u
            else:
                b = u
            if fu <= fw or w == x:
                v, w = w, u
                fv, fw = fw, fu
            elif fu <= fv or v in (x, w):
                v, fv = u, fu
    return x, fx


def crossings(
    f: Curve,
    times: Sequence[float],
    values: Sequence[float],
    reach: float,
    tolerance: float = 0.5,
) -> list[Crossing]:
    """Every crossing of zero by ``f`` between ``times[0]`` and ``times[-1]``, in
    order, given its ``values`` at ``times`` (increasing). Zero counts as positive.

    ``reach``: how much nearer to zero than its nearest sample the curve can come
    between samples (for an altitude sampled every 10 minutes, under 0.06 degree);
    0 for a monotonic curve."""
    found: list[Crossing] = []
    last = len(times) - 1
    for i in range(last):
        f0, f1 = values[i], values[i + 1]
        if (f0 >= 0.0) != (f1 >= 0.0):
            t = root(f, times[i], f0, times[i + 1], f1, tolerance)
            found.append((t, 1 if f1 >= 0.0 else -1))
    if reach > 0.0:
        for i in range(1, last):
            f1 = values[i]
            if -reach < f1 < reach:
                f0, f2 = values[i - 1], values[i + 1]
                up = f1 >= 0.0
                # Strictly nearer than the one before: a tie is seen once, not twice.
                if (f0 >= 0.0) == up == (f2 >= 0.0) and abs(f1) < abs(f0) and abs(f1) <= abs(f2):
                    found += _hidden_pair(f, times[i - 1], f0, times[i + 1], f2, up, tolerance)
        found.sort()
    return found


def _hidden_pair(
    f: Curve, a: float, fa: float, b: float, fb: float, up: bool, tolerance: float
) -> list[Crossing]:
    """The two crossings of a curve that dips across zero and back between ``a`` and
    ``b`` (``up``: it is positive at both), or none if its extremum stays on their side."""
    sign = 1.0 if up else -1.0
    t, value = minimum(lambda t: sign * f(t), a, b, tolerance)
    if value >= 0.0:
        return []
    fm = sign * value
    first = root(f, a, fa, t, fm, tolerance)
    second = root(f, t, fm, b, fb, tolerance)
    return [(first, -1 if up else 1), (second, 1 if up else -1)]


def intervals(
    start: float, end: float, positive_at_start: bool, found: Sequence[Crossing]
) -> list[tuple[float, float]]:
    """The parts of [start, end] where a curve is positive, from its sign at
    ``start`` and its crossings (in order)."""
    spans: list[tuple[float, float]] = []
    opened = start if positive_at_start else None
    for t, direction in found:
        if not start <= t <= end:
            continue
        if direction > 0 and opened is None:
            opened = t
        elif direction < 0 and opened is not None:
            if t > opened:
                spans.append((opened, t))
            opened = None
    if opened is not None and end > opened:
        spans.append((opened, end))
    return spans
