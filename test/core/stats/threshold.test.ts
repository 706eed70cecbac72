import { describe, expect, it } from 'vitest';
import { stream } from '../../../src/core/rng';
import { wilson } from '../../../src/core/stats/stats';
import { locateThreshold, type ThresholdFit } from '../../../src/core/stats/threshold';
import { drawPasses, logistic } from '../../helpers/binomial';

const points = (t: readonly number[], passes: ArrayLike<number>, runs: number) => ({
  t: Float64Array.from(t),
  passes: Float64Array.from(passes),
  runs: Float64Array.from(t, () => runs),
});

function located(fit: ThresholdFit): Extract<ThresholdFit, { located: true }> {
  if (!fit.located) throw new Error(`not located: ${fit.reason}`);
  return fit;
}

/** 99% Wilson interval of a coverage count: the nominal 95% must lie inside it. */
const Z99 = 2.5758293035489;

/**
 * Replications of a design with a known threshold: the share of 95% intervals that contain it, and the mean and
 * spread of the point estimates.
 */
function replicate(seed: number, ts: readonly number[], runs: number, t50: number, slope: number, replications: number) {
  const s = stream(seed);
  let covered = 0;
  let found = 0;
  const estimates: number[] = [];
  for (let rep = 0; rep < replications; rep++) {
    const fit = locateThreshold(points(ts, drawPasses(s, ts, runs, (t) => logistic(t, t50, slope)), runs), slope > 0);
    if (!fit.located) continue;
    found++;
    if (fit.interval[0] <= t50 && t50 <= fit.interval[1]) covered++;
    if (fit.t50 !== undefined) estimates.push(fit.t50);
  }
  const mean = estimates.reduce((a, b) => a + b, 0) / estimates.length;
  const sd = Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (estimates.length - 1));
  return { covered, found, bias: mean - t50, standardError: sd / Math.sqrt(estimates.length) };
}

describe('locateThreshold', () => {
  // Rungs that resolve the transition (spacing about its 12–88% width): the profile interval covers near 95%.
  const designs = [
    { name: 'rising, 7 rungs of 20 trials', seed: 1, ts: [0, 0.5, 1, 1.5, 2, 2.5, 3], runs: 20, t50: 1.3, slope: 2 },
    { name: 'falling, 6 rungs of 10 trials', seed: 2, ts: [0, 1, 2, 3, 4, 5], runs: 10, t50: 2.5, slope: -1 },
  ];
  const replications = 400;
  for (const d of designs) {
    it(`covers a known threshold at about the nominal 95% (${d.name}, ${replications} replications), without bias`, () => {
      const r = replicate(d.seed, d.ts, d.runs, d.t50, d.slope, replications);
      // Located whenever the curve crosses ½ well inside the rungs.
      expect(r.found).toBeGreaterThanOrEqual(0.98 * replications);
      const [lo, hi] = wilson(r.covered, r.found, Z99);
      expect(lo, `coverage ${r.covered}/${r.found}`).toBeLessThanOrEqual(0.95);
      expect(hi, `coverage ${r.covered}/${r.found}`).toBeGreaterThanOrEqual(0.95);
      // The mean estimate is within three standard errors of the truth.
      expect(Math.abs(r.bias)).toBeLessThanOrEqual(3 * r.standardError);
    });
  }

  it('brackets an exact threshold between the last failing and the first passing rung, with no point inside', () => {
    // quadratic.recovery-threshold at d = 5 (N* = 15): N/N* = 0.5, 0.9, 14/15, 1, 1.1, 2 on a log scale.
    const ts = [0.5, 0.9, 14 / 15, 1, 1.1, 2].map(Math.log);
    const fit = located(locateThreshold(points(ts, [0, 0, 0, 20, 20, 20], 20), true));
    expect(fit.separated).toBe(true);
    expect(fit.t50).toBeUndefined();
    expect(fit.interval).toEqual([Math.log(14 / 15), 0]);
  });

  it('widens a bracket past its rungs when they hold too few trials to rule the rung itself out', () => {
    // At t50 on a rung of 0/2 the curve gives it ½: a likelihood drop of 2·ln 2 < 1.92, so the rung is inside.
    const fit = located(locateThreshold(points([0, 1, 2, 3], [0, 0, 2, 2], 2), true));
    expect(fit.separated).toBe(true);
    expect(fit.interval[0]).toBeLessThan(1);
    expect(fit.interval[1]).toBeGreaterThan(2);
    // With 3 trials the drop is 3·ln 2 > 1.92: the bracket is the rungs'.
    expect(located(locateThreshold(points([0, 1, 2, 3], [0, 0, 3, 3], 3), true)).interval).toEqual([1, 2]);
  });

  it('gives no point when the rungs separate but for one, whose step fits best; its interval on the side its rate says', () => {
    const ts = [0, 1, 2, 3, 4];
    const fit = located(locateThreshold(points(ts, [0, 0, 18, 20, 20], 20), true));
    expect(fit.separated).toBe(false);
    expect(fit.stepAt).toBe(2);
    expect(fit.t50).toBeUndefined();
    // 18/20 at t = 2: the 50% point sits below the rung, which is the interval's upper end exactly.
    expect(fit.interval[1]).toBe(2);
    expect(fit.interval[0]).toBeGreaterThanOrEqual(1);
  });

  it('locates a falling rate as the mirror image of a rising one', () => {
    const ts = [0, 1, 2, 3, 4];
    const passes = [1, 4, 9, 16, 19];
    const rising = located(locateThreshold(points(ts, passes, 20), true));
    const falling = located(locateThreshold(points(ts.map((t) => -t), passes, 20), false));
    expect(falling.t50).toBe(-rising.t50!);
    expect(falling.interval).toEqual([-rising.interval[1], -rising.interval[0]]);
    expect(falling.slope).toBe(-rising.slope!);
    expect(rising.interval[0]).toBeLessThan(rising.t50!);
    expect(rising.interval[1]).toBeGreaterThan(rising.t50!);
  });

  it('says "not located" rather than invent a threshold', () => {
    const notLocated = (fit: ThresholdFit) => (fit.located ? `located at ${fit.interval}` : fit.reason);
    // One rung, whatever its rate.
    expect(notLocated(locateThreshold(points([1], [10], 20), true))).toMatch(/one scored rung/);
    // Rungs with no scored trial do not count.
    expect(notLocated(locateThreshold({ t: Float64Array.of(1, 2), passes: Float64Array.of(0, 5), runs: Float64Array.of(0, 10) }, true))).toMatch(/one scored rung/);
    // No trend, or the wrong one.
    expect(notLocated(locateThreshold(points([1, 2, 3], [10, 10, 10], 20), true))).toMatch(/does not rise/);
    expect(notLocated(locateThreshold(points([1, 2, 3], [18, 10, 2], 20), true))).toMatch(/does not rise/);
    expect(notLocated(locateThreshold(points([1, 2, 3], [20, 20, 20], 20), true))).toMatch(/does not rise/);
    // A rise that never crosses ½ within the rungs: the threshold lies below them.
    expect(notLocated(locateThreshold(points([1, 2, 3], [15, 18, 20], 20), true))).toMatch(/past the smallest rung/);
    expect(notLocated(locateThreshold(points([1, 2, 3], [0, 1, 4], 20), true))).toMatch(/past the largest rung/);
  });

  it('refuses counts that are not counts', () => {
    expect(() => locateThreshold(points([1, 2], [3, 25], 20), true)).toThrow(/25 passes of 20/);
  });
});
