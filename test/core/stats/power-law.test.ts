import { describe, expect, it } from 'vitest';
import { stream } from '../../../src/core/rng';
import { fitExponent, type ExponentFit, type LogThreshold } from '../../../src/core/stats/power-law';
import { wilson, Z95 } from '../../../src/core/stats/stats';
import { expectClose } from '../../helpers/close';

function located(fit: ExponentFit): Extract<ExponentFit, { located: true }> {
  if (!fit.located) throw new Error(`not located: ${fit.reason}`);
  return fit;
}

/** A threshold c·d^κ observed with a normal error of sd `sigma` on its log, its interval ±1.96 sd. */
function observed(d: number, c: number, kappa: number, sigma: number, noise: number): LogThreshold {
  const point = Math.log(c) + kappa * Math.log(d) + sigma * noise;
  return { logD: Math.log(d), point, lo: point - Z95 * sigma, hi: point + Z95 * sigma };
}

describe('fitExponent', () => {
  it('recovers an exact power law, with the interval its per-d errors give', () => {
    const sigma = 0.05;
    const fit = located(fitExponent([8, 16, 32].map((d) => observed(d, 3, 1.5, sigma, 0))));
    expect(fit.method).toBe('weighted least squares');
    if (fit.method !== 'weighted least squares') return;
    expectClose(fit.kappa, 1.5, 1e-12);
    // Equal weights: se(κ) = σ/√Σ(log d − mean)², and ln 2 apart: Σ = 2 (ln 2)².
    const half = (Z95 * sigma) / Math.sqrt(2 * Math.LN2 ** 2);
    expectClose(fit.interval[1] - fit.interval[0], 2 * half, 1e-12);
  });

  it('covers the exponent at about the nominal 95% over many replications', () => {
    const s = stream('power-law coverage');
    const replications = 2000;
    let covered = 0;
    for (let rep = 0; rep < replications; rep++) {
      const fit = located(fitExponent([16, 32].map((d, i) => observed(d, 2, 2, i ? 0.08 : 0.05, s.normal()))));
      if (fit.interval[0] <= 2 && 2 <= fit.interval[1]) covered++;
    }
    // Two d with known errors: exact 95%. The 99% Wilson interval of the count must contain it.
    const [lo, hi] = wilson(covered, replications, 2.5758293035489);
    expect(lo).toBeLessThanOrEqual(0.95);
    expect(hi).toBeGreaterThanOrEqual(0.95);
  });

  it('widens the interval when the thresholds scatter about the line more than their errors allow', () => {
    const tight = located(fitExponent([4, 8, 16, 32].map((d) => observed(d, 1, 1, 0.01, 0))));
    const scattered = located(fitExponent([4, 8, 16, 32].map((d, i) => observed(d, 1, 1, 0.01, [3, -3, -3, 3][i]))));
    expect(scattered.interval[1] - scattered.interval[0]).toBeGreaterThan(2 * (tight.interval[1] - tight.interval[0]));
  });

  it('gives every exponent some c·d^κ fits through when thresholds are only brackets', () => {
    // quadratic.recovery-threshold: separated rungs N*−1 and N* at d = 5..8 bracket the count N* = d(d+1)/2.
    const brackets = [5, 6, 7, 8].map((d) => ({ logD: Math.log(d), lo: Math.log((d * (d + 1)) / 2 - 1), hi: Math.log((d * (d + 1)) / 2) }));
    const fit = located(fitExponent(brackets));
    expect(fit.method).toBe('brackets');
    expect(fit.interval[0]).toBeLessThanOrEqual(2);
    expect(fit.interval[1]).toBeGreaterThanOrEqual(2);
    // Tight enough to rule out d^1.5 and d^2.5.
    expect(fit.interval[0]).toBeGreaterThan(1.5);
    expect(fit.interval[1]).toBeLessThan(2.5);
    // The end points are pairs of brackets at their extremes: every c·d^κ at κ inside meets every bracket.
    for (const kappa of [fit.interval[0], (fit.interval[0] + fit.interval[1]) / 2, fit.interval[1]]) {
      const lo = Math.max(...brackets.map((b) => b.lo - kappa * b.logD));
      const hi = Math.min(...brackets.map((b) => b.hi - kappa * b.logD));
      expect(lo).toBeLessThanOrEqual(hi + 1e-12);
    }
  });

  it('says why when no exponent can be fitted', () => {
    const one = fitExponent([observed(8, 1, 1, 0.1, 0)]);
    expect(one.located ? '' : one.reason).toMatch(/one value/);
    const crossed = fitExponent([
      { logD: Math.log(4), lo: 0, hi: 0.1 },
      { logD: Math.log(8), lo: 1, hi: 1.1 },
      { logD: Math.log(16), lo: 0, hi: 0.1 },
    ]);
    expect(crossed.located ? '' : crossed.reason).toMatch(/no power law/);
  });
});
