// Gaussian moments of the ReLU in closed form: what a network of ReLU units computes on Gaussian inputs on average,
// without sampling a test set.

/**
 * Φ(x) = P(N(0, 1) ≤ x) by Hart's algorithm 5666 as West (2005) gives it: a rational function times the density
 * for |x| < 5√2, a continued fraction beyond; within 1e−15 of the quadrature of the density in absolute terms
 * (test/core/data/relu-moments.test.ts).
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let tail = 0;
  if (z <= 37) {
    const density = Math.exp(-0.5 * z * z);
    if (z < 7.07106781186547) {
      const num = ((((((0.0352624965998911 * z + 0.700383064443688) * z + 6.37396220353165) * z + 33.912866078383) * z + 112.079291497871) * z + 221.213596169931) * z + 220.206867912376);
      const den = (((((((0.0883883476483184 * z + 1.75566716318264) * z + 16.064177579207) * z + 86.7807322029461) * z + 296.564248779674) * z + 637.333633378831) * z + 793.826512519948) * z + 440.413735824752);
      tail = (density * num) / den;
    } else {
      const fraction = z + 1 / (z + 2 / (z + 3 / (z + 4 / (z + 0.65))));
      tail = density / fraction / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** E[relu(μ + sξ)], ξ ~ N(0, 1), s ≥ 0: μΦ(μ/s) + sφ(μ/s). */
export function reluMean(mu: number, s: number): number {
  if (s === 0) return Math.max(mu, 0);
  const r = mu / s;
  return mu * normalCdf(r) + (s * Math.exp(-0.5 * r * r)) / Math.sqrt(2 * Math.PI);
}

/**
 * E[relu(u) relu(v)] for centred Gaussian (u, v) with variances q1, q2 and covariance c: the arc-cosine kernel of
 * degree 1, √(q1 q2)/(2π)·(sin θ + (π − θ) cos θ) with cos θ = c/√(q1 q2) (Cho and Saul 2009).
 */
export function reluKernel(q1: number, q2: number, c: number): number {
  const norm = Math.sqrt(q1 * q2);
  if (norm === 0) return 0;
  // Rounding can put |c| a few ulps past √(q1 q2) for parallel units: acos needs [−1, 1].
  const cos = Math.min(1, Math.max(-1, c / norm));
  const theta = Math.acos(cos);
  return (norm / (2 * Math.PI)) * (Math.sin(theta) + (Math.PI - theta) * cos);
}
