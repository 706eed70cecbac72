import { describe, expect, it } from 'vitest';
import { oneStepOverlap, rankOneSpike } from '../../../properties/spectrum/rank-one-spike';
import { targetMoments } from '../../../properties/spectrum/family';
import { describeClaim, rungRate } from '../../helpers/claim-kit';

describeClaim('spectrum', rankOneSpike, {
  perRung(_claim, _rung, rate) {
    expect(rate.outcomes.every((r) => r.status === 'ok'), rate.outcomes.map((r) => r.reason).join('; ')).toBe(true);
  },
});

describe('gates and controls', () => {

  it('the control sits where CLAIMS S puts it: S1 He2 at n0 ∈ {8d, 16d}', () => {
    for (const ratio of [8, 16]) {
      expect(rankOneSpike.expect({ d: 32, p: 64, n0OverD: ratio, target: 0 }).outcome).toBe('holds');
      expect(rankOneSpike.expect({ d: 32, p: 64, n0OverD: ratio, target: 1 }).outcome).toBe('fails');
    }
    expect(rankOneSpike.expect({ d: 32, p: 64, n0OverD: 4, target: 1 }).outcome).toBe('observe');
  });
});

describe('the reference curve', () => {
  it('oneStepOverlap is 1/√(1 + κ d/n0)', () => {
    expect(oneStepOverlap(5, 32, 8 * 32)).toBeCloseTo(1 / Math.sqrt(1 + 5 / 8), 15);
  });

  it('gives S1 its overlap formula per rung (0 for He2)', () => {
    expect(rankOneSpike.reference!({ d: 32, p: 64, n0OverD: 8, target: 0 })!.overlap).toBeCloseTo(oneStepOverlap(targetMoments(0).kappa, 32, 256), 15);
    expect(rankOneSpike.reference!({ d: 32, p: 64, n0OverD: 8, target: 1 })!.overlap).toBe(0);
  });

  it('S1 follows 1/√(1 + κ_t d/n0): median overlap within 0.04 of it at n0 = 8d (CLAIMS S)', async () => {
    const params = { d: 32, p: 64, n0OverD: 8, target: 0 };
    const { outcomes } = await rungRate(rankOneSpike, { params, expected: { outcome: 'observe' }, runs: 21 });
    const overlaps = outcomes.map((r) => r.observables.overlap).sort((a, b) => a - b);
    expect(Math.abs(overlaps[10] - rankOneSpike.reference!(params)!.overlap)).toBeLessThan(0.04);
  });
});

describe('expectations at custom parameters (--at)', () => {
  it('read the thresholds from the parameters', () => {
    expect(rankOneSpike.expect({ d: 32, p: 64, n0OverD: 16, target: 2 }).outcome).toBe('holds');
    expect(rankOneSpike.expect({ d: 32, p: 64, n0OverD: 16, target: 1 }).outcome).toBe('fails');
    expect(rankOneSpike.expect({ d: 32, p: 64, n0: 64, n0OverD: 16, target: 0 }).outcome).toBe('observe');
    expect(() => rankOneSpike.instance({ d: 32, p: 64, n0OverD: 8, target: 9 })).toThrow(/params\.target/);
  });
});
