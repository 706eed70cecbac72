import { describe, expect, it } from 'vitest';
import { beyondRandomFeatures, randomFeaturesFloor } from '../../../properties/spectrum/beyond-random-features';
import { describeClaim } from '../../helpers/claim-kit';

describeClaim('spectrum', beyondRandomFeatures, {
  perRung(_claim, _rung, rate) {
    expect(rate.outcomes.every((r) => r.status === 'ok'), rate.outcomes.map((r) => r.reason).join('; ')).toBe(true);
  },
});

describe('gates and controls', () => {

  it('the controls sit where CLAIMS S puts them: S2 η = 0, plus S2 η = 1 (a trainer run)', () => {
    const s2 = (etaOverD: number) => beyondRandomFeatures.expect({ d: 32, p: 64, target: 0, etaOverD, n0OverD: 4, nOverD: 16 }).outcome;
    expect(s2(0)).toBe('fails');
    expect(s2(1 / 32)).toBe('fails');
    expect(s2(1)).toBe('observe');
    expect(s2(4)).toBe('holds');
    const defaults = beyondRandomFeatures.ladders.default.filter((r) => r.expected.outcome === 'fails').map((r) => r.params.etaOverD);
    expect(defaults).toContain(0);
    expect(defaults).toContain(1 / 32);
  });
});

describe('the reference curve', () => {
  it('reproduces the random-features floor of CLAIMS S', () => {
    expect(randomFeaturesFloor(0)).toBeCloseTo(0.5275, 3);
  });
});

describe('expectations at custom parameters (--at)', () => {
  it('read the thresholds from the parameters', () => {
    expect(beyondRandomFeatures.expect({ d: 32, p: 64, target: 0, etaOverD: 0, n0OverD: 4, nOverD: 16 }).outcome).toBe('fails');
  });
});
