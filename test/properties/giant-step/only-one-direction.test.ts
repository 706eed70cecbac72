import { describe, expect, it } from 'vitest';
import { fitLine, onlyOneDirection } from '../../../properties/giant-step/only-one-direction';
import { DEFAULT_P_FAIL, DEFAULT_P_HOLD } from '../../../src/core/stats/stats';
import { describeClaim } from '../../helpers/claim-kit';
import { expectClose } from '../../helpers/close';

describeClaim('giant-step', onlyOneDirection, {
  perRung(_claim, _rung, rate) {
    for (const o of rate.outcomes) expect(o.status, o.reason).toBe('ok');
  },
});

describe('helpers', () => {
  it('fitLine: exact slope and share 1 on a line through 0 (any signs), share ≈ 1/2 for isotropic points', () => {
    const onLine = Float64Array.from([0.8, 0.2, -0.4, -0.1, 0.6, 0.15]);
    const fit = fitLine(onLine, 3, 0.25);
    expectClose(fit.slope, 0.25, 1e-15);
    expectClose(fit.share, 1, 1e-15);
    // Points on the axes with equal norms: half of the second moment along any line through 0 at 45°.
    const cross = Float64Array.from([1, 0, 0, 1, -1, 0, 0, -1]);
    expectClose(fitLine(cross, 4, 1).share, 0.5, 1e-15);
    expectClose(fitLine(cross, 4, 1).slope, 0, 1e-15);
  });
});

describe('gates and controls sit where the calibration puts them', () => {
  it('no rung lowers the default targets, but for G2\'s control, whose predicate passes by chance at ≈ 0.07 (its calibration is in the notes)', () => {
    for (const scale of ['small', 'default', 'large'] as const) {
      for (const rung of onlyOneDirection.ladders[scale]) {
        const e = rung.expected;
        if (e.outcome === 'holds') expect(e.pHold ?? DEFAULT_P_HOLD).toBe(DEFAULT_P_HOLD);
        if (e.outcome === 'fails') expect(e.pFail ?? DEFAULT_P_FAIL).toBe(0.2);
      }
    }
    expect(onlyOneDirection.notes?.join(' ')).toMatch(/Calibration of the control's target \(200 trials each/);
  });
});
