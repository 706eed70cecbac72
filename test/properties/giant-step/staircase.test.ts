import { describe, expect, it } from 'vitest';
import { axialSpread, staircaseSteps } from '../../../properties/giant-step/staircase';
import { claims } from '../../../properties/index';
import { rungName } from '../../../src/contract/claim';
import { describeClaim } from '../../helpers/claim-kit';
import { expectClose } from '../../helpers/close';

// G4 is observed on every rung until a protocol separates the staircase from its control (CLAIMS G4, notes).
describeClaim('giant-step', staircaseSteps, {
  observeOnly: [staircaseSteps],
  // G4 (observe): both targets report the step-1 and step-6 spreads.
  perRung(_claim, _rung, rate) {
    for (const r of rate.outcomes) {
      expect(r.status, r.reason).toBe('ok');
      const { spread1, spread6 } = r.observables;
      for (const v of [spread1, spread6]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(Math.PI / 2);
      }
      expect(r.pass).toBe(spread6 >= 2 * spread1);
    }
  },
});

describe('helpers', () => {
  it('axialSpread: 0 on one line through 0 (rays of both signs), π/2-ish cap when the points have no axis', () => {
    expect(axialSpread(Float64Array.from([1, 0.25, -2, -0.5, 0.4, 0.1]), 3)).toBeLessThan(1e-7);
    const spread = axialSpread(Float64Array.from([1, 0, 0, 1, 1, 1, 1, -1]), 4);
    expect(spread).toBeGreaterThan(1);
    // Two lines at a small angle δ: the spread is δ/2 to first order.
    const delta = 0.02;
    const two = Float64Array.from([1, 0, Math.cos(delta), Math.sin(delta)]);
    expectClose(axialSpread(two, 2), delta / 2, 1e-3);
  });
});

describe('gates and controls sit where the calibration puts them', () => {
  it('is listed once; its rung names are unique and every rung\'s expectation is the claim\'s rule', () => {
    expect(claims.filter((c) => c.id === staircaseSteps.id)).toHaveLength(1);
    expect(staircaseSteps.id).toMatch(/^giant-step\.[a-z0-9-]+$/);
    for (const scale of ['small', 'default', 'large'] as const) {
      const rungs = staircaseSteps.ladders[scale];
      expect(new Set(rungs.map(rungName)).size, scale).toBe(rungs.length);
      for (const rung of rungs) expect(rung.expected, `${scale} ${rungName(rung)}`).toEqual(staircaseSteps.expect(rung.params));
    }
  });

  it('G4 stays observe on every rung', () => {
    for (const scale of ['small', 'default', 'large'] as const) {
      for (const rung of staircaseSteps.ladders[scale]) expect(rung.expected.outcome).toBe('observe');
    }
  });
});
