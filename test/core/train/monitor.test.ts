import { describe, expect, it } from 'vitest';
import { createMonitor, DIVERGENCE_FACTOR } from '../../../src/core/train/monitor';

describe('createMonitor', () => {
  it('records every traceEvery steps and the last one, and stops at the step budget', () => {
    const mon = createMonitor({ steps: 7, traceEvery: 3 });
    const stops = [0, 1, 2, 3, 4, 5, 6, 7].map((t) => mon.observe(t, 10 - t));
    expect(stops).toEqual([false, false, false, false, false, false, false, true]);
    expect(mon.trace()).toEqual({ step: [0, 3, 6, 7], loss: [10, 7, 4, 3] });
    expect(mon.diverged()).toBeUndefined();
  });

  it('stops strictly below stopAtLoss and records that step', () => {
    const mon = createMonitor({ steps: 100, traceEvery: 10, stopAtLoss: 5 });
    expect(mon.observe(0, 6)).toBe(false);
    expect(mon.observe(1, 5)).toBe(false);
    expect(mon.observe(2, 4.9)).toBe(true);
    expect(mon.trace()).toEqual({ step: [0, 2], loss: [6, 4.9] });
  });

  it('flags non-finite losses and growth beyond the factor over a positive initial loss', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      const mon = createMonitor({ steps: 10 });
      mon.observe(0, 1);
      expect(mon.observe(1, bad)).toBe(true);
      expect(mon.diverged()).toEqual({ step: 1, loss: bad });
    }
    const mon = createMonitor({ steps: 10 });
    mon.observe(0, 2);
    expect(mon.observe(1, 2 * DIVERGENCE_FACTOR)).toBe(false);
    expect(mon.observe(2, 2 * DIVERGENCE_FACTOR * 1.01)).toBe(true);
    expect(mon.diverged()!.step).toBe(2);
    // A non-positive initial loss (e.g. the correlation loss) has no growth test.
    const corr = createMonitor({ steps: 10 });
    corr.observe(0, -1);
    expect(corr.observe(1, 1e300)).toBe(false);
  });

  it('finish records a final step once', () => {
    const mon = createMonitor({ steps: 10, traceEvery: 4 });
    mon.observe(0, 3);
    mon.observe(1, 2);
    mon.finish(1, 2);
    mon.finish(1, 2);
    expect(mon.trace()).toEqual({ step: [0, 1], loss: [3, 2] });
  });
});
