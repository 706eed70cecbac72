// Neural-collapse data: k tight groups, centres c_g of norm `norm` at pairwise distance ≥ `minDistance`,
// points within `radius` of their centre (uniform in the ball), one random label ±1 per group. With
// norm + radius ≤ 1 every input has ‖x‖ ≤ 1.
import type { Stream } from '../rng';

export interface Groups {
  k: number;
  d: number;
  /** k x d row-major centres. */
  centres: Float64Array;
  /** One label ±1 per group. */
  labels: Float64Array;
  radius: number;
}

export interface GroupOptions {
  norm?: number;
  minDistance?: number;
  radius?: number;
  /** Proposals per centre before giving up (the constraints may be infeasible for large k / small d). */
  maxTries?: number;
}

/** Uniform direction on the unit sphere of R^d, written to out[o..o+d). */
function direction(s: Stream, d: number, out: Float64Array, o: number): void {
  let q = 0;
  for (;;) {
    q = 0;
    for (let j = 0; j < d; j++) {
      const v = s.normal();
      out[o + j] = v;
      q += v * v;
    }
    if (q > 0) break;
  }
  const c = 1 / Math.sqrt(q);
  for (let j = 0; j < d; j++) out[o + j] *= c;
}

/** k centres drawn one at a time, uniform on the sphere of radius `norm`, rejecting those closer than minDistance to an earlier one. */
export function drawGroups(s: Stream, k: number, d: number, options: GroupOptions = {}): Groups {
  const norm = options.norm ?? 0.9;
  const minDistance = options.minDistance ?? 1;
  const radius = options.radius ?? 0.05;
  const maxTries = options.maxTries ?? 10_000;
  const centres = new Float64Array(k * d);
  const sc = s.child('centres');
  for (let g = 0; g < k; g++) {
    let tries = 0;
    for (;;) {
      if (++tries > maxTries) throw new RangeError(`drawGroups: no centre ${g} of ${k} at distance ≥ ${minDistance} after ${maxTries} tries (d = ${d})`);
      direction(sc, d, centres, g * d);
      for (let j = 0; j < d; j++) centres[g * d + j] *= norm;
      let ok = true;
      for (let h = 0; h < g && ok; h++) {
        let q = 0;
        for (let j = 0; j < d; j++) q += (centres[g * d + j] - centres[h * d + j]) ** 2;
        ok = q >= minDistance * minDistance;
      }
      if (ok) break;
    }
  }
  const sl = s.child('labels');
  const labels = new Float64Array(k);
  for (let g = 0; g < k; g++) labels[g] = sl.uniform() < 0.5 ? -1 : 1;
  return { k, d, centres, labels, radius };
}

export interface GroupSample {
  n: number;
  X: Float64Array;
  y: Float64Array;
  /** The group of each point. */
  group: Int32Array;
}

/** n points: a uniform group, then its centre plus a point uniform in the ball of radius `radius`. */
export function sampleGroups(s: Stream, groups: Groups, n: number): GroupSample {
  const { k, d, centres, labels, radius } = groups;
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = s.int(0, k - 1);
    group[i] = g;
    y[i] = labels[g];
    direction(s, d, X, i * d);
    // Radius R·U^{1/d} makes the point uniform in the ball.
    const r = radius * s.uniform() ** (1 / d);
    for (let j = 0; j < d; j++) X[i * d + j] = centres[g * d + j] + r * X[i * d + j];
  }
  return { n, X, y, group };
}

/** Number of distinct groups among the first n points. */
export function groupsSeen(group: Int32Array, k: number): number {
  const seen = new Uint8Array(k);
  let count = 0;
  for (const g of group) if (!seen[g]) {
    seen[g] = 1;
    count++;
  }
  return count;
}
