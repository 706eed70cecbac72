import { describe, expect, it } from 'vitest';
import { testErrorUniversal } from '../../../properties/universality/test-error';
import { describeClaim, rungRate } from '../../helpers/claim-kit';

describeClaim('universality', testErrorUniversal, {
  untrained: [testErrorUniversal],
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status === 'ok')).toBe(true),
});

describe('U2 in detail', () => {
  it('the reference difference is 0 only in the universal setting', () => {
    expect(testErrorUniversal.reference!({ d: 200, alpha: 1, lambda: 0.1, aligned: 0, sigmaMinus: 1 })).toEqual({ diff: 0 });
    expect(testErrorUniversal.reference!({ d: 200, alpha: 1, lambda: 0.1, aligned: 1, sigmaMinus: 3 })).toBeUndefined();
  });

  it('the structured mixture is harder than its Gaussian twin (the sign of the breakdown)', async () => {
    const fails = testErrorUniversal.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    const { outcomes } = await rungRate(testErrorUniversal, fails, { runs: 3 });
    // The mixture's heavier cluster (Σ₋ = 9I) along θ costs ridge more than the Gaussian spreads it (diff > 0).
    for (const r of outcomes) expect(r.observables.diff).toBeGreaterThan(0);
  });

  it('rejects parameters outside the claim with the field named', () => {
    expect(() => testErrorUniversal.instance({ d: 200, alpha: 1, aligned: 2 })).toThrow(/params\.aligned/);
  });
});
