// quadratic.recovery-threshold (CLAIMS Q4), Gamarnik, Kızıldağ, Zadik 2019: exact recovery iff N ≥ N* = d(d+1)/2.
import fc from 'fast-check';
import type { CheckResult, Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import {
  empiricalRisk,
  featureDim,
  featureMatrix,
  featureSpectrum,
  gram,
  indistinguishableStudent,
  meanSquare,
  riskOfDelta,
} from '../../src/core/model/quadratic';
import { stream } from '../../src/core/rng';
import { integers, intParam } from '../shared/params';
import { drawSample, drawTeacher, EXACT_FAILS, EXACT_HOLDS, PAPER, q4Samples, recoveryArbitrary, SAMPLES_FOR_RATIO, samplesDomain, TITLE, type RecoveryInstance } from './family';

function q4Expect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  return q4Samples(params) < featureDim(d)
    ? { ...EXACT_FAILS, why: 'N < N*: Φ has a null space, so some W\' fits every sample with L(W\') > 0' }
    : { ...EXACT_HOLDS, why: 'N ≥ N*: Gaussian samples give rank Φ = N* almost surely' };
}

/** The ratio rungs of CLAIMS Q4, N*−1 included (its ratio (N*−1)/N* rounds back to N*−1). */
const Q4_RATIOS = ['0.5', '0.9', 'N*−1', '1', '1.1', '2'] as const;

function q4Rungs(ds: number[], runs?: number, labels: readonly (typeof Q4_RATIOS)[number][] = Q4_RATIOS): Rung[] {
  return ds.flatMap((d) => {
    const Ns = featureDim(d);
    return labels.map((label) => {
      const ratio = label === 'N*−1' ? (Ns - 1) / Ns : Number(label);
      const params = { d, NOverNstar: ratio };
      const name = `d=${d}, N=${label === 'N*−1' ? label : `${label}·N*`} (${Math.round(ratio * Ns)})`;
      return { name, params, expected: q4Expect(params), ...(runs ? { runs } : {}) };
    });
  });
}

/** Observables (and the pass) of Q4's algebraic check on one instance. */
function recoveryCheck(inst: RecoveryInstance): CheckResult {
  const { d, N, mStar } = inst;
  const s = stream(inst.seed);
  const teacher = drawTeacher(s.child('teacher'), mStar, d);
  const sample = drawSample(s.child('inputs'), teacher, N);
  const Ns = featureDim(d);
  const Phi = featureMatrix(sample.X, N, d);
  // Identifiability (CLAIMS Q4): rank Φ = N*, tolerance σ_max · max(N, N*) · ε (σ_min/σ_max ~ 1e−4 at N = N*).
  const { s: sigma, rank, tolerance } = featureSpectrum(Phi, N, d);
  const observables: Record<string, number> = { rank, rankDeficit: Ns - rank, sigmaRatio: rank === Ns ? sigma[Ns - 1] / sigma[0] : 0 };
  if (rank === Ns) return { pass: true, observables };
  // Short rank: exhibit the student the samples cannot tell from the teacher, and verify both numbers.
  const cx = indistinguishableStudent(Phi, N, d, teacher.A, teacher.lambdaMin, s.child('null'));
  if (!cx) return { pass: false, status: 'error', reason: `rank Φ = ${rank} < N* = ${Ns} but the null space is empty`, observables };
  const LN = empiricalRisk(cx.W, d, d, sample.X, sample.y, N);
  const Lpop = riskOfDelta(gram(cx.W, d, d).map((a, k) => a - teacher.A[k]), d);
  // First-order rounding bound on ‖y − f_W'‖₂: the null vectors leave ‖Φ vec Δ‖ ≤ tol·‖Δ‖_F, and forming
  // ‖W'x‖² (eigen square root, then d-term dot products) and y = ‖W*x‖² costs ≤ 4(d + m*) ε (‖A'‖ + ‖A*‖) ‖x‖² each.
  let normsSq = 0;
  for (let i = 0; i < N; i++) {
    let r = 0;
    for (let j = 0; j < d; j++) r += sample.X[i * d + j] ** 2;
    normsSq += r * r;
  }
  const deltaF = Math.sqrt(cx.Delta.reduce((a, v) => a + v * v, 0));
  const residualBound = tolerance * deltaF + 4 * (d + mStar) * Number.EPSILON * (cx.normA + teacher.lambdaMax) * Math.sqrt(normsSq);
  const fits = N * LN <= residualBound ** 2;
  // L(W') ≥ 2‖Δ‖_F² ≥ 2‖Δ‖_op² = B/4, up to the same relative rounding.
  const generalises = Lpop >= (teacher.B / 4) * (1 - 4 * (d + mStar) * Number.EPSILON);
  Object.assign(observables, { fitResidual: LN / meanSquare(sample.y), residualToBound: Math.sqrt(N * LN) / residualBound, popRiskOverB: Lpop / teacher.B });
  if (!fits || !generalises) {
    return { pass: false, status: 'error', reason: `counterexample did not verify: L_N(W')·N = ${N * LN} vs bound ${residualBound ** 2}, L(W')/B = ${Lpop / teacher.B}`, observables };
  }
  return { pass: false, reason: `N = ${N} < N* = ${Ns}: W' fits every sample (L_N/mean y² = ${(LN / meanSquare(sample.y)).toExponential(2)}) with L(W')/B = ${(Lpop / teacher.B).toFixed(3)}`, observables };
}

export const recoveryThreshold: Claim<RecoveryInstance> = {
  id: 'quadratic.recovery-threshold',
  paper: PAPER,
  statement: 'Every zero-training-risk student has zero population risk iff N ≥ N* = d(d+1)/2 (Φ has full column rank).',
  source: `${TITLE}: the geometric condition on the data for minimisers of L_N to generalise`,
  runs: 20,
  defaults: { d: 3, NOverNstar: 1 },
  counts: SAMPLES_FOR_RATIO,
  domain: { d: integers(2, 32, 'd ≤ 32: the SVD of Φ, N × N* with N* = d(d+1)/2, costs ∝ d⁶: 7 s a trial at d = 32, over a minute at d = 48'), ...samplesDomain(32) },
  spaceDomain: {
    dMax: integers(2, 16, 'falsify tries 100 instances and shrinks its failures: d ≤ 16 keeps each under a second'),
    minOffset: integers(-100, 3, 'N starts at N* + minOffset, and N* = 3 at d = 2: a larger offset leaves no N up to 2N*'),
  },
  ladders: {
    small: q4Rungs([3], 10, ['0.5', 'N*−1', '1', '2']),
    default: q4Rungs([3, 5, 8]),
    large: q4Rungs([3, 5, 8, 12], 100),
  },
  expect: q4Expect,
  instance(params) {
    return recoveryArbitrary(params, q4Samples(params));
  },
  check: recoveryCheck,
  plot: { x: 'NOverNstar', series: 'd', threshold: { value: 1, label: 'N = N* = d(d+1)/2' } },
  // N/N* is N over N* = d(d+1)/2 ∝ d²: the count's exponent is 2 plus that of the ratio's threshold (0 if N* is right).
  transition: { x: 'NOverNstar', scale: 2, exponent: 2, value: 1, label: 'N = N* = d(d+1)/2' },
  space(params) {
    // Falsify mode over d ∈ [2, dMax], N ∈ [N* + minOffset, 2N*]; minOffset = 0 is where the claim holds.
    const dMax = params.dMax ?? 8;
    const minOffset = params.minOffset ?? 0;
    return fc.record({ d: fc.integer({ min: 2, max: dMax }), position: fc.integer({ min: 0, max: 1000 }) }).map(({ d, position }) => {
      const lo = Math.max(1, featureDim(d) + minOffset);
      const hi = 2 * featureDim(d);
      // position shrinks to 0, i.e. towards the smallest N of the space.
      return { d, N: lo + Math.round((position / 1000) * (hi - lo)) };
    });
  },
  notes: [
    'Exact transition at every d: targets 0% for N < N*, 100% for N ≥ N*. A short rank is backed by an explicit W\' (Δ in the null space of Φ, ‖Δ‖_op = λ_min(A*)/2) whose L_N vanishes to rounding while L(W\') ≥ B/4: both are verified, or the trial is an error.',
    'Shrinking: stated for N ≥ N* − 1 (space minOffset = −1), falsify mode shrinks to d = 2, N = 2.',
  ],
};
