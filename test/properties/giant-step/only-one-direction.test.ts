import { describe, expect, it } from 'vitest';
import { fitLine, onlyOneDirection } from '../../../properties/giant-step/only-one-direction';
import { describeClaim } from '../../helpers/claim-kit';
import { expectClose } from '../../helpers/close';

describeClaim('giant-step', onlyOneDirection, {
  loosenedTargets: 'the control at n = d/16 is held to pFail 0.2: its predicate passes by chance at ≈ 0.07',
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
  it('G2\'s control alone is held to pFail 0.2, clear of its 0.07 chance rate (its calibration is in the notes)', () => {
    for (const scale of ['small', 'default', 'large'] as const) {
      for (const rung of onlyOneDirection.ladders[scale]) if (rung.expected.outcome === 'fails') expect(rung.expected.pFail).toBe(0.2);
    }
    expect(onlyOneDirection.notes?.join(' ')).toMatch(/Calibration of the control's target \(200 trials each/);
  });
});
