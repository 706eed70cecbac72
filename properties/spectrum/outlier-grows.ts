// spectrum.outlier-grows (CLAIMS S3): the top eigenvalue of the feature covariance after one giant step grows with η.
// Dandi et al. 2024 (a random matrix view of the spectrum of learned features).
import { orthonormalDirections } from '../../src/core/data/targets';
import { reluFeatureCovariance } from '../../src/core/estimators/feature-covariance';
import { topEigenpair } from '../../src/core/estimators/top-eigenpair';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { stream } from '../../src/core/rng';
import { choice, intParam, positiveParam, reals } from '../shared/params';
import {
  DANDI,
  drawBatch,
  giantStep,
  initialNetwork,
  isCheckResult,
  offCalibratedWidth,
  PAPER,
  samples,
  STEP_DOMAIN,
  stepInstance,
  TARGETS,
  unmoved,
  type StepInstance,
} from './family';

// ------------------------------------------------------------------------------------------------
// S3 the outlier of the feature covariance grows with η.

/**
 * CLAIMS S3's resolution of λ_max: consecutive values may dip by at most 2% (strict monotonicity holds only
 * 0.70–0.81), and "grows" means up by more than the same 2% over the grid (a flat λ_max is not growth).
 */
const S3_TOLERANCE = 0.02;

/*
 * Calibration of the pass rule (no dip beyond 2% and growth beyond 2%) on the default holds rungs (harness, every
 * trial run, n0 = 4d; passes, then λ_max(η_max)/λ_max(0)'s median [q10, q90]):
 *   tanh + He2/2, η_max = 2d   d = 32, p = 64: 198/200 (seed 1), 198/200 (seed 7), ratio 2.39 [1.58, 3.80]
 *                              d = 64, p = 128: 100/100, ratio 3.90 [2.85, 5.21]
 *   He2, η_max = 2d            d = 32, p = 64: 193/200, ratio 2.29 [1.55, 4.16]
 *   bug-lr-ignored (control)   d = 32 and 64, tanh + He2/2, η_max = 2d: 0/100 each, ratio 1.000 (q90 1.00001)
 */

/** CLAIMS S3's measured λ_max(η)/λ_max(0) for tanh + He2/2, keyed by η/d. */
const S3_RATIOS = new Map([[0.5, 1.01], [1, 1.15], [2, 2.5], [4, 8.1]]);

export interface OutlierInstance extends StepInstance {
  /** The grid η ∈ {0, η_max/4, η_max/2, η_max}. */
  etaMax: number;
}

function s3Expect(params: Params): Expectation {
  const offWidth = offCalibratedWidth(params);
  if (offWidth) return offWidth;
  const d = intParam(params, 'd', 2);
  const etaMax = positiveParam(params, 'etaMaxOverD') * d;
  if (etaMax >= 2 * d) return { outcome: 'holds', why: 'λ_max(2d)/λ_max(0) ≈ 2.5, non-decreasing within 2% in 0.98–1.00 of 200 seeds (CLAIMS S3)' };
  return { outcome: 'observe', why: `CLAIMS S3 calibrates the grid up to 2d; λ_max(η)/λ_max(0) ≈ 1.01 at d/2, 1.15 at d, so below 2d the growth is within or near the 2% resolution` };
}

function s3Rung(target: number, etaMaxOverD: number, runs?: number): Rung {
  const params = { d: 32, p: 64, n0OverD: 4, target, etaMaxOverD };
  return { name: `${TARGETS[target].name}, η≤${etaMaxOverD}d`, params, expected: s3Expect(params), ...(runs ? { runs } : {}) };
}

export const outlierGrows: Claim<OutlierInstance> = {
  id: 'spectrum.outlier-grows',
  paper: PAPER,
  statement: 'The top eigenvalue of the (exact) feature covariance after one giant step grows with η: non-decreasing within 2% on {0, d/2, d, 2d}, and up by more than that over the grid.',
  source: `${DANDI}: the spiked deterministic equivalent of the feature covariance after one step`,
  runs: 60,
  defaults: { d: 32, p: 64, n0OverD: 4, target: 0, etaMaxOverD: 2 },
  domain: { ...STEP_DOMAIN, etaMaxOverD: reals(1 / 64, 16, 'η_max/d ≤ 16: λ_max has grown 8-fold by 4d (CLAIMS S3)') },
  ladders: {
    small: [s3Rung(0, 2, 15), s3Rung(1, 2, 15)],
    default: [s3Rung(0, 0.5, 20), s3Rung(0, 1, 20), s3Rung(0, 2), s3Rung(0, 4), s3Rung(1, 0.5, 20), s3Rung(1, 2)],
    large: [0, 1].flatMap((t) => [0.5, 1, 2, 4].map((e) => s3Rung(t, e, 200))),
  },
  expect: s3Expect,
  instance(params) {
    const d = intParam(params, 'd', 2);
    const etaMax = positiveParam(params, 'etaMaxOverD') * d;
    return stepInstance(params, samples(params, 'n0')).map((base) => ({ ...base, etaMax }));
  },
  async check(inst, ctx) {
    const { d, p, n0, target, etaMax } = inst;
    const s = stream(inst.seed);
    const net = initialNetwork(s.child('network'), d, p);
    const theta = orthonormalDirections(s.child('theta'), 1, d);
    const batch = drawBatch(s.child('batch'), n0, d, theta, target);
    const grid = [0, etaMax / 4, etaMax / 2, etaMax];
    const lambdaMax: number[] = [];
    for (const eta of grid) {
      let W = net.W0;
      if (eta > 0) {
        const W1 = await giantStep(ctx.trainer, net, batch, d, p, eta, inst.seed);
        if (isCheckResult(W1)) return W1;
        const idle = unmoved(net.W0, W1, eta, s3Expect(ctx.params));
        if (idle) return idle;
        W = W1;
      }
      lambdaMax.push(topEigenpair(reluFeatureCovariance(W, p, d, { centered: true }), p, { vector: false }).value);
    }
    let minStep = Infinity;
    for (let k = 1; k < grid.length; k++) minStep = Math.min(minStep, lambdaMax[k] / lambdaMax[k - 1]);
    const ratio = lambdaMax[grid.length - 1] / lambdaMax[0];
    // CLAIMS S3 (spectral outlier grows with η): λ_max non-decreasing on the grid within 2%, and grown beyond 2% at η_max.
    const pass = minStep >= 1 - S3_TOLERANCE && ratio > 1 + S3_TOLERANCE;
    return { pass, observables: { ratio, minStep, lambdaMax0: lambdaMax[0] } };
  },
  plot: { x: 'etaMaxOverD', series: 'target', logX: true, labels: { target: TARGETS.map((t) => t.name) } },
  reference(params) {
    // CLAIMS S3: λ_max(η)/λ_max(0) ≈ 1.01, 1.15, 2.5, 8.1 at η = d/2, d, 2d, 4d (tanh + He2/2).
    const ratio = S3_RATIOS.get(positiveParam(params, 'etaMaxOverD'));
    return ratio === undefined || choice(params, 'target', [0, 1, 2, 3]) !== 0 ? undefined : { ratio };
  },
  notes: [
    'λ_max of the centred covariance of relu(Wx) under x ~ N(0, I), exact by the arc-cosine kernel (no sampling), after one step of each η on the grid {0, η_max/4, η_max/2, η_max} from the same W0 and batch (n0 = 4d).',
    'Calibration (CLAIMS S3): ratios λ_max(η)/λ_max(0) ≈ 1.01, 1.15, 2.5, 8.1 at η = d/2, d, 2d, 4d; non-decreasing within 2% on {0, d/2, d, 2d} in 0.98–1.00 of 200 seeds. Pass: no dip beyond 2% between neighbours on the grid and λ_max(η_max) > 1.02 λ_max(0): "grows", at the claim\'s own 2% resolution, so that a λ_max left flat does not pass.',
    'This harness (seed 1, 200 trials): tanh + He2/2 at η_max = 4d 0.99 (median ratio 7.3); He2 at η_max = 2d 0.965 (median ratio 2.29); at η_max = d/2 the growth is ≈ 1% and 0.0–0.5 of trials exceed the 2% resolution (observed).',
    'Negative control: a named broken trainer, bug-lr-ignored (test/fixtures/broken-trainers/lr-ignored.ts: takes every step with lr 0.01 whatever η is asked). Its steps are real but the same at every η, so λ_max stays flat (ratio 1.000, q90 1.00001) and the check fails in every trial (0/100 at d = 32 and 64); the unit tests assert it. The pass rule on the default holds rung: 198/200 at seeds 1 and 7 (d = 32), 100/100 at d = 64; He2 193/200 (table in the claim\'s file). There is no control in η or in the target: the He2 target grows the same way (CLAIMS S3), and CLAIMS states no threshold in η below which λ_max stops growing (at η_max = d/2 the growth, ≈ 1%, is only below the resolution). A trainer that returns W0 fails (no step, no growth).',
  ],
};
