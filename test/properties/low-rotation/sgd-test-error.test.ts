// low-rotation.sgd-test-error (properties/low-rotation/sgd-test-error.ts): the kit's tests, every small-ladder trial
// scored, the gates where the calibration puts them, and the bound C/(γ_ntk²·n) as the reference curve.
import { describe, expect, it } from 'vitest';
import { ntkMarginOf } from '../../../properties/low-rotation/family';
import { sgdBound, sgdTestError } from '../../../properties/low-rotation/sgd-test-error';
import { describeClaim, everyTrialOk, rungRate } from '../../helpers/claim-kit';

describeClaim('low-rotation', sgdTestError, { perRung: everyTrialOk });

describe('low-rotation.sgd-test-error: gates, controls and the bound', () => {
  it('gates γ²n ≥ 1 (holds) and shuffled labels wherever the bound is below ½ (fails); observes below', () => {
    for (const d of [8, 12, 16]) {
      expect(sgdTestError.expect({ d, nGamma2: 1 }).outcome).toBe('holds');
      expect(sgdTestError.expect({ d, nGamma2: 0.5 }).outcome).toBe('observe');
      expect(sgdTestError.expect({ d, nGamma2: 1, shuffled: 1 }).outcome).toBe('fails');
      // C/(γ²n) ≥ ½: chance itself meets the bound, so the control says nothing.
      expect(sgdTestError.expect({ d, nGamma2: 0.1, shuffled: 1 }).outcome).toBe('observe');
    }
  });

  it('a count n given directly is read on the γ²n scale', () => {
    const n = 300;
    expect(sgdTestError.reference!({ d: 8, n })!.testError).toBeCloseTo(sgdBound(ntkMarginOf(8) ** 2 * n), 12);
    expect(sgdTestError.expect({ d: 8, n: 20 }).outcome).toBe('observe');
    expect(sgdTestError.expect({ d: 8, n: 300 }).outcome).toBe('holds');
  });

  it('the reference curve is C/(γ²n): it halves when n doubles', () => {
    const ref = (nGamma2: number) => sgdTestError.reference!({ d: 12, nGamma2 })!.testError;
    expect(ref(2)).toBeCloseTo(ref(1) / 2, 12);
    expect(ref(1)).toBeLessThanOrEqual(0.1);
  });

  it('the error falls as n grows on the parity and stays near ½ on shuffled labels', async () => {
    const rung = (nGamma2: number, shuffled: number) => ({ params: { d: 8, nGamma2, shuffled }, expected: sgdTestError.expect({ d: 8, nGamma2, shuffled }) });
    const median = async (nGamma2: number, shuffled: number) => {
      const { outcomes } = await rungRate(sgdTestError, rung(nGamma2, shuffled), { runs: 5 });
      const errors = outcomes.map((o) => o.observables.testError).sort((a, b) => a - b);
      return errors[2];
    };
    const few = await median(0.5, 0);
    expect(few).toBeGreaterThan(await median(2, 0));
    // Chance on the 256 vertices: ½ within a few of its binomial standard deviations (0.03) over a random sign.
    expect(Math.abs((await median(2, 1)) - 0.5)).toBeLessThan(0.15);
  });
});
