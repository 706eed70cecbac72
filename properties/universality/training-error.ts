// universality.training-error (CLAIMS U1), Pesce, Krzakala, Loureiro, Stephan 2023: the training error of least
// squares on a Gaussian mixture is universal. The mixture setting and the fit are in family.ts.
import { drawMixture, sampleMixture } from '../../src/core/data/mixture';
import type { CheckResult, Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { meanSquaredResidual } from '../../src/core/linalg/least-squares';
import { stream } from '../../src/core/rng';
import { integers, intParam } from '../shared/params';
import { drawProblem, fit, labels, MIXTURE_DOMAIN, PAPER, setting, TITLE, universalityInstance, type UniversalityInstance } from './family';

/** CLAIMS U1: the mean training MSE over a batch of datasets lies within 3 standard errors of Δ(1 − d/n). */
const U1_Z = 3;
const U1_DATASETS = 50;

/** The training MSE of least squares for n > d: E‖(I − P_X)ξ‖²Δ/n = Δ(n − d)/n for any full-rank X; 0 for n ≤ d. */
export function leastSquaresTrainingError(Delta: number, n: number, d: number): number {
  return n > d ? Delta * (1 - d / n) : 0;
}

function u1Expect(params: Params): Expectation {
  const st = setting(params);
  if (st.lambda > 0) return { outcome: 'fails', why: 'ridge shrinks the fit: its training error is not Δ(1 − d/n) (0.00 in CLAIMS U1)' };
  if (st.n <= st.d) return { outcome: 'holds', pHold: 1, why: 'n ≤ d: the minimum-norm solution interpolates, exactly' };
  return { outcome: 'holds', why: 'Δ(1 − d/n) whatever the input law (1.00 / 1.00 / 0.97 at α = 1.5 / 2 / 4 in CLAIMS U1)' };
}

function u1Rung(alpha: number, lambda: number, runs?: number): Rung {
  const params = { d: 50, alpha, Delta: 0.25, lambda, mu: 1, sigmaMinus: 3, aligned: 1 };
  return { name: `α=${alpha}${lambda > 0 ? `, ridge λ=${lambda}` : ''}`, params, expected: u1Expect(params), ...(runs ? { runs } : {}) };
}

export const trainingErrorUniversal: Claim<UniversalityInstance> = {
  id: 'universality.training-error',
  paper: PAPER,
  statement: 'The training error of least squares on a Gaussian mixture is universal: 0 below n = d, Δ(1 − d/n) above, whatever the means and covariances.',
  source: `${TITLE}: strong universality of the least-squares training error`,
  runs: 30,
  defaults: { d: 50, alpha: 2, Delta: 0.25, lambda: 0, mu: 1, sigmaMinus: 3, aligned: 1 },
  domain: { d: integers(2, 200, 'd ≤ 200: a trial fits 50 datasets, ∝ d³ each, 16 s at d = 200, n/d = 16 (CLAIMS U1: d = 50)'), ...MIXTURE_DOMAIN },
  ladders: {
    small: [u1Rung(2, 0, 10), u1Rung(0.5, 0, 5), u1Rung(2, 1, 10)],
    default: [u1Rung(0.5, 0, 20), u1Rung(1.5, 0), u1Rung(2, 0), u1Rung(4, 0), u1Rung(2, 1, 20)],
    large: [...[0.5, 0.9, 1.2, 1.5, 2, 4, 8].map((a) => u1Rung(a, 0, 100)), u1Rung(2, 1, 40), u1Rung(4, 1, 40)],
  },
  expect: u1Expect,
  instance: (params) => universalityInstance(params, params.datasets === undefined ? U1_DATASETS : intParam(params, 'datasets', 2)),
  check(inst): CheckResult {
    const { d, n, Delta, lambda, datasets } = inst;
    const s = stream(inst.seed);
    const { mix, theta } = drawProblem(s.child('problem'), inst);
    const mse = new Float64Array(datasets);
    // The worst dataset's relative residual ‖y − Xw‖/‖y‖ and its ratio to the rounding tolerance.
    let relResidual = 0;
    let roundingRatio = 0;
    for (let k = 0; k < datasets; k++) {
      const data = s.child(`dataset${k}`);
      const { X } = sampleMixture(mix, drawMixture(data.child('x'), n, d));
      const y = labels(X, n, d, theta, Delta, data.child('xi').normals(n));
      const { w, cond } = fit(X, n, d, y, lambda);
      mse[k] = meanSquaredResidual(X, n, d, y, w);
      let yy = 0;
      for (let i = 0; i < n; i++) yy += y[i] * y[i];
      const relative = Math.sqrt((mse[k] * n) / yy);
      // A backward-stable solve leaves a relative residual of order max(n, d)·ε·κ(X).
      const tolerance = Math.max(n, d) * Number.EPSILON * cond;
      relResidual = Math.max(relResidual, relative);
      roundingRatio = Math.max(roundingRatio, relative / tolerance);
    }
    const mean = mse.reduce((a, b) => a + b, 0) / datasets;
    const sd = Math.sqrt(mse.reduce((a, b) => a + (b - mean) ** 2, 0) / (datasets - 1));
    const se = sd / Math.sqrt(datasets);
    const predicted = leastSquaresTrainingError(Delta, n, d);
    if (n <= d && lambda === 0) {
      // CLAIMS U1, n ≤ d: the minimum-norm least-squares solution interpolates (training error 0 up to rounding).
      return { pass: roundingRatio <= 1, observables: { trainMse: mean, relResidual, roundingRatio } };
    }
    const z = Math.abs(mean - predicted) / se;
    // CLAIMS U1, n > d: mean training MSE within 3 standard errors of Δ(1 − d/n).
    return { pass: z < U1_Z, observables: { trainMse: mean, z } };
  },
  plot: { x: 'alpha', series: 'lambda', threshold: { value: 1, label: 'n = d (interpolation below)' } },
  reference: (params) => {
    const st = setting(params);
    return { trainMse: leastSquaresTrainingError(st.Delta, st.n, st.d) };
  },
  notes: [
    'd = 50, means ±u (μ = 1), covariances I and 9I (σ₋ = 3), θ = √d·u aligned with the means, Δ = 0.25: the structure that breaks test-error universality (U2) leaves the training-error identity intact. A trial is 50 datasets; its training MSE is their mean, compared with Δ(1 − d/n) within 3 standard errors.',
    'Below n = d the check is interpolation: relative residual ≤ max(n, d)·ε·κ(X), κ estimated from the QR factor (an exact claim: target 100%).',
    'Negative control: ridge with λ = 1 (normalised by n) shrinks the fit and its training error leaves Δ(1 − d/n).',
    'Calibration (CLAIMS U1, numpy, 40 trials of 50 datasets): 1.00 / 1.00 / 0.97 at α = 1.5 / 2 / 4; ridge λ = 1: 0.00; relative training error ≤ 3.5e−29 below n = d.',
  ],
};
