// Tests of spectrum.asymptotic-error (properties/spectrum/asymptotic-error.ts): the kit's, then its formula, its band
// and the control at η = 1.
import { describe, expect, it } from 'vitest';
import { asymptoticError, errorBand, gaussianEquivalentError } from '../../../properties/spectrum/asymptotic-error';
import { randomFeaturesFloor } from '../../../properties/spectrum/beyond-random-features';
import { initialNetwork } from '../../../properties/spectrum/family';
import { orthonormalDirections } from '../../../src/core/data/targets';
import { stream } from '../../../src/core/rng';
import { describeClaim, everyTrialOk, rungRate } from '../../helpers/claim-kit';

describeClaim('spectrum', asymptoticError, { perRung: everyTrialOk });

describe('spectrum.asymptotic-error: the formula, the band and the control', () => {
  it('puts random features near the floor E[σ*²] − μ0² − μ1², above it by the finite n/p and p/d', () => {
    const d = 32;
    const p = 64;
    const s = stream('formula');
    const { W0 } = initialNetwork(s.child('network'), d, p);
    const theta = orthonormalDirections(s.child('theta'), 1, d);
    const rf = gaussianEquivalentError(W0, d, p, theta, 0, 16 * d, 1e-3);
    // Measured 0.56–0.67 over seeds (the notes); the floor is the limit of many more features and samples.
    expect(rf).toBeGreaterThan(randomFeaturesFloor(0));
    expect(rf).toBeLessThan(randomFeaturesFloor(0) + 0.2);
  });

  it('holds the measured error to a band that shrinks like 1/√d', () => {
    expect(errorBand(64) / errorBand(32)).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('expects the control at η = 1 and the holds side from η = 4d, at every d', () => {
    for (const d of [32, 64, 128]) {
      expect(asymptoticError.expect({ d, etaOverD: 1 / d }).outcome).toBe('fails');
      expect(asymptoticError.expect({ d, etaOverD: 1 }).outcome).toBe('observe');
      expect(asymptoticError.expect({ d, etaOverD: 4 }).outcome).toBe('holds');
    }
  });

  it('the control: after a step of η = 1 no trial leaves the random-features error', async () => {
    const control = asymptoticError.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    const { outcomes, passes, scored } = await rungRate(asymptoticError, control);
    expect(scored).toBe(control.runs);
    expect(passes).toBe(0);
    // The step was taken (every trial scored), and the error is where random features put it.
    const gap = outcomes.map((o) => Math.abs(o.observables.testMse - o.observables.randomFeatures));
    expect(gap.filter((g) => g < 3 * errorBand(control.params.d)).length).toBe(outcomes.length);
  });

  it('the holds side: after η = 4d the mean deviation from the formula is within a standard error of the band', async () => {
    const holds = asymptoticError.ladders.small.find((r) => r.expected.outcome === 'holds')!;
    const { outcomes, passes, runs } = await rungRate(asymptoticError, holds);
    expect(passes).toBe(runs);
    const mean = outcomes.reduce((s, o) => s + o.observables.deviation, 0) / outcomes.length;
    // The band is three standard deviations of one trial: the mean of `runs` lies within band/√runs of 0.
    expect(Math.abs(mean)).toBeLessThan(errorBand(holds.params.d) / Math.sqrt(runs));
  });

  it('rejects a step of size 0 with the field named', () => {
    expect(() => asymptoticError.instance({ d: 32, p: 64, target: 0, etaOverD: 0, n0OverD: 16, nOverD: 16 })).toThrow(/params\.etaOverD/);
  });
});

describe('spectrum.asymptotic-error: the drawn curve', () => {
  it('draws the formula\'s calibrated medians on every rung of the default and large ladders', () => {
    for (const rung of [...asymptoticError.ladders.default, ...asymptoticError.ladders.large]) {
      expect(asymptoticError.reference!(rung.params)!.testMse, `${rung.name}`).toBeGreaterThan(0);
    }
    // From random features down to the one-step error as η grows.
    const at = (etaOverD: number) => asymptoticError.reference!({ d: 64, etaOverD })!.testMse;
    expect(at(1 / 64)).toBeGreaterThan(at(1));
    expect(at(1)).toBeGreaterThan(at(4));
  });
});
