import { describe, expect, it } from 'vitest';
import { fitLine } from '../../../properties/giant-step/only-one-direction';
import { bestSlope, specialization, withoutFirstHermite } from '../../../properties/giant-step/specialization';
import { rungName } from '../../../src/contract/claim';
import { describeClaim, rungRate } from '../../helpers/claim-kit';
import { expectArraysClose, expectClose } from '../../helpers/close';

describeClaim('giant-step', specialization, {
  perRung(_claim, _rung, rate) {
    for (const o of rate.outcomes) {
      expect(o.status, o.reason).toBe('ok');
      // The best line through 0 carries at least half of the second moment of points in a plane.
      expect(o.observables.lineShare).toBeGreaterThanOrEqual(0.5 - 1e-12);
      expect(o.observables.lineShare).toBeLessThanOrEqual(1 + 1e-12);
      expect(o.pass).toBe(o.observables.lineShare < 0.9);
    }
  },
});

describe('helpers', () => {
  it('withoutFirstHermite: y − mean y − X·(Xᵀy/n), the notebook\'s preprocessing', () => {
    const X = Float64Array.of(1, 0, 0, 2, 1, 1);
    const y = Float64Array.of(3, -1, 4);
    const mean = 2;
    const b = [(1 * 3 + 0 * -1 + 1 * 4) / 3, (0 * 3 + 2 * -1 + 1 * 4) / 3];
    const expected = [0, 1, 2].map((i) => y[i] - mean - (X[2 * i] * b[0] + X[2 * i + 1] * b[1]));
    expectArraysClose(withoutFirstHermite(X, y, 3, 2), expected, 1e-14, 'labels');
  });

  it('bestSlope: the top eigenvector of the points\' second moment, so fitLine at it gives share 1 on a line', () => {
    const onLine = Float64Array.of(0.8, 0.2, -0.4, -0.1, 0.6, 0.15);
    expectClose(bestSlope(onLine, 3), 0.25, 1e-14);
    expectClose(fitLine(onLine, 3, bestSlope(onLine, 3)).share, 1, 1e-14);
    const cross = Float64Array.of(2, 0, 0, 1, -2, 0, 0, -1);
    expectClose(bestSlope(cross, 4), 0, 1e-14);
    expectClose(fitLine(cross, 4, 0).share, 0.8, 1e-14);
  });
});

describe('gates sit where the calibration puts them', () => {
  it('gates from d = 64 on, observes d = 32, and reads n from n/d² (--at)', () => {
    expect(specialization.expect({ d: 64, nOverD2: 2, preprocess: 1 }).outcome).toBe('holds');
    expect(specialization.expect({ d: 128, nOverD2: 1 / 128, preprocess: 1 }).outcome).toBe('fails');
    expect(specialization.expect({ d: 64, nOverD2: 2, preprocess: 0 }).outcome).toBe('fails');
    expect(specialization.expect({ d: 64, nOverD2: 1 / 4, preprocess: 1 }).outcome).toBe('observe');
    expect(specialization.expect({ d: 32, nOverD2: 2, preprocess: 1 }).outcome).toBe('observe');
  });
});

describe('both sides are runs of the same step', () => {
  it('with the first Hermite coefficient kept, the step stays on one line even at n = 2d² (Theorem 1\'s condition)', async () => {
    const rung = specialization.ladders.default.find((r) => r.params.preprocess === 0)!;
    expect(rung.params.nOverD2).toBe(2);
    const { outcomes, passes } = await rungRate(specialization, rung, { runs: 3 });
    expect(passes, rungName(rung)).toBe(0);
    for (const o of outcomes) expect(o.observables.lineShare).toBeGreaterThan(0.95);
  });
});
