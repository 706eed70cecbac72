import { describe, expect, it } from 'vitest';
import type { TransitionSeries } from '../../../src/contract/report';
import { nextProbe, relativeWidth, type ProbeSetting } from '../../../src/core/stats/locate';
import { expectClose } from '../../helpers/close';

const setting = (over: Partial<ProbeSetting> = {}): ProbeSetting => ({ log: false, width: 0.1, xs: [], snap: (x) => x, ...over });
const series = (over: Partial<TransitionSeries>): TransitionSeries => ({ rungs: 4, trials: 80, ...over });

describe('relativeWidth', () => {
  it('is the length over the middle, and infinite for an interval centred on 0', () => {
    expectClose(relativeWidth([0.95, 1.05]), 0.1, 1e-15);
    expect(relativeWidth([-1, 1])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('nextProbe', () => {
  it('halves a separated bracket at its middle, geometric on a log scale', () => {
    expect(nextProbe(series({ interval: [2, 8], separated: true }), setting({ xs: [2, 8] }))).toEqual({ x: 5 });
    const probe = nextProbe(series({ interval: [2, 8], separated: true }), setting({ log: true, xs: [2, 8] }));
    expectClose((probe as { x: number }).x, 4, 1e-15);
  });

  it('puts the next rung at the fitted 50% point, or at the middle of the wider half when a rung sits there', () => {
    expect(nextProbe(series({ interval: [1, 9], x50: 3 }), setting())).toEqual({ x: 3 });
    expect(nextProbe(series({ interval: [1, 9], x50: 3 }), setting({ xs: [3] }))).toEqual({ x: 6 });
    expect(nextProbe(series({ interval: [1, 9], x50: 7 }), setting({ xs: [7] }))).toEqual({ x: 4 });
  });

  it('splits the wider side of a step that one rung does not separate', () => {
    expect(nextProbe(series({ interval: [1, 9], stepAt: 3 }), setting({ xs: [3] }))).toEqual({ x: 6 });
  });

  it('stops once the interval is narrower than asked', () => {
    expect(nextProbe(series({ interval: [0.97, 1.02], x50: 1 }), setting())).toEqual({ stop: 'interval narrower than 0.1', narrowEnough: true });
  });

  it('stops at the resolution of the scaling variable: every snapped candidate is an end or a rung already run', () => {
    // N/N* at d = 3 (N* = 6): between 5/6 and 1 there is no whole count.
    const snap = (x: number) => Math.round(x * 6) / 6;
    const probe = nextProbe(series({ interval: [5 / 6, 1], separated: true }), setting({ snap, xs: [5 / 6, 1] }));
    expect(probe).toMatchObject({ stop: expect.stringContaining('resolution') });
    expect(nextProbe(series({ interval: [1, 9], x50: 3 }), setting({ snap: () => undefined }))).toMatchObject({ stop: expect.stringContaining('resolution') });
  });

  it('passes on why a series was not located', () => {
    expect(nextProbe(series({ reason: 'one scored rung' }), setting())).toEqual({ stop: 'not located: one scored rung' });
  });
});
