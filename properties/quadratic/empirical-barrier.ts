// quadratic.empirical-barrier (CLAIMS Q1b), Gamarnik, Kızıldağ, Zadik 2019: the energy barrier for the empirical
// risk, L_N(W) ≥ (1 − δ)·B(W*) for rank-deficient W once N ≳ d². The students of Q1 are in family.ts.
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { dense, symEig } from '../../src/core/linalg';
import { empiricalRisk, fitBlindStudent, gram, populationRisk } from '../../src/core/model/quadratic';
import { stream } from '../../src/core/rng';
import { choice, countOf, integers, intParam, perDSquared, reals } from '../shared/params';
import {
  barrierArbitrary,
  barrierStudent,
  drawSample,
  drawTeacher,
  FAMILY,
  FAMILY_NAMES,
  familyRange,
  PAPER,
  Q1_FAMILIES,
  TITLE,
  type BarrierInstance,
} from './family';

const Q1B_FAMILIES = [...Q1_FAMILIES, FAMILY.blindFit];

/** δ of CLAIMS Q1b: the empirical barrier is checked at (1 − δ)·B. */
const EMPIRICAL_DELTA = 0.1;

function q1bSamples(params: Params): number {
  const d = intParam(params, 'd', 2);
  return countOf(params, 'N', 'NOverD2', d * d);
}

function q1bExpect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const family = choice(params, 'family', Q1B_FAMILIES);
  if (family === FAMILY.control) return { outcome: 'fails', why: 'full-rank students near the teacher have L_N ≈ L < B' };
  if (family === FAMILY.blindFit) return { outcome: 'observe', why: 'the sample-fitted adversary has no calibration in CLAIMS Q1b: reported only' };
  if (q1bSamples(params) < d * d) return { outcome: 'observe', why: 'no fixed expectation below N/d² = 1 (CLAIMS Q1b)' };
  return { outcome: 'holds', why: 'L_N concentrates on L ≥ B once N ≳ d²' };
}

function q1bRung(d: number, ratio: number, family: number, runs?: number): Rung {
  const params = { d, NOverD2: ratio, family };
  return { name: `d=${d}, N/d²=${ratio}, ${FAMILY_NAMES[family]}`, params, expected: q1bExpect(params), ...(runs ? { runs } : {}) };
}

const Q1B_RATIOS = [0.5, 1, 2, 8];

/*
 * Calibration of the full-rank control (family 2, W = QW* + εG: no barrier binds it), harness, every trial run
 * (--no-sequential); passes, then L_N/B's median [q10, q90]:
 *   seed   d    N/d²   passes    L_N/B
 *   1      3    1      0/200     0.0013 [0.00006, 0.0070]
 *   1      4    1      0/200     0.0010 [0.00004, 0.0065]
 *   7      4    1      0/200     0.0013 [0.00006, 0.0075]
 *   1      8    1      0/200     0.0010 [0.00006, 0.0048]
 *   7      8    1      0/200     0.0013 [0.00009, 0.0044]
 *   1      4    0.5    0/200     0.0008 [0.00005, 0.0085]
 *   1      12   0.5    0/200     0.0012 [0.00006, 0.0047]
 * A full-rank student near the teacher sits three decades under the (1 − δ)·B line at every N: the control
 * separates from the rank-deficient families (≥ 0.98 from N/d² = 1) at each size.
 */

export const empiricalBarrier: Claim<BarrierInstance> = {
  id: 'quadratic.empirical-barrier',
  paper: PAPER,
  statement: 'The barrier holds for the empirical risk: L_N(W) ≥ (1 − δ)·B(W*) for rank-deficient W, with rate → 1 as N/d² grows.',
  source: `${TITLE}: the energy barrier for the empirical risk (N polynomial in d)`,
  runs: 30,
  defaults: { d: 4, NOverD2: 2, family: FAMILY.adversarial },
  counts: { N: perDSquared('NOverD2') },
  domain: {
    d: integers(2, 16, 'd ≤ 16: family 3 fits its student to N = (N/d²)·d² samples, 3 s a trial at d = 16, N/d² = 32, 40 s at d = 24'),
    NOverD2: reals(0.001, 32, 'N/d² ≤ 32: the large ladder\'s largest, where the rate is already ≈ 1'),
    N: integers(1, 32 * 16 ** 2),
    family: familyRange(Q1B_FAMILIES.length),
  },
  ladders: {
    // The rank-deficient families pass about 98% at N/d² = 8 (d = 3: 295/300; d = 4: 297/300, seeds 1, 3, 7):
    // with 15 trials a chance 13/15 (inconclusive) came up at seed 7; 20 trials keep ≤ 17/20 under 1%.
    small: [q1bRung(3, 8, 0, 20), q1bRung(3, 8, 1, 20), q1bRung(3, 1, 2, 20)],
    default: [
      ...[4, 8].flatMap((d) => Q1B_RATIOS.flatMap((r) => [q1bRung(d, r, 0), q1bRung(d, r, 1)])),
      q1bRung(4, 1, 2),
      q1bRung(8, 1, 2),
      ...[...Q1B_RATIOS, 16].map((r) => q1bRung(4, r, 3)),
    ],
    large: [
      ...[4, 8, 12].flatMap((d) => Q1B_RATIOS.flatMap((r) => [q1bRung(d, r, 0, 100), q1bRung(d, r, 1, 100)])),
      ...[4, 12].map((d) => q1bRung(d, 0.5, 2, 100)),
      ...[4, 8].flatMap((d) => [...Q1B_RATIOS, 16, 32].map((r) => q1bRung(d, r, 3, 100))),
    ],
  },
  expect: q1bExpect,
  instance(params) {
    return barrierArbitrary(intParam(params, 'd', 2), choice(params, 'family', Q1B_FAMILIES), q1bSamples(params));
  },
  check(inst) {
    const { d, N } = inst;
    const s = stream(inst.seed);
    const teacher = drawTeacher(s.child('teacher'), inst.mStar, d);
    const sample = drawSample(s.child('inputs'), teacher, N);
    let student: { W: Float64Array; m: number };
    if (inst.family === FAMILY.blindFit) {
      // The columns 1..d−1 of A*'s eigenvectors (ascending) span the complement of its weakest direction.
      const basis = symEig(dense(d, d, teacher.A)).vectors.data;
      student = { W: fitBlindStudent(sample.X, sample.y, N, d, basis, d, 1), m: d - 1 };
    } else {
      student = barrierStudent(inst, teacher, s.child('student'));
    }
    const LN = empiricalRisk(student.W, student.m, d, sample.X, sample.y, N);
    const L = populationRisk(gram(student.W, student.m, d), teacher.A, d);
    // Empirical barrier (CLAIMS Q1b): L_N(W) ≥ (1 − δ)·B(W*), δ = 0.1.
    const pass = LN >= (1 - EMPIRICAL_DELTA) * teacher.B;
    return { pass, observables: { empiricalRatio: LN / teacher.B, ratio: L / teacher.B } };
  },
  plot: { x: 'NOverD2', series: 'd', logX: true, labels: { family: FAMILY_NAMES }, threshold: { value: 1, label: 'N = d² (rate → 1 above)', derived: true } },
  notes: [
    'families 0 and 1 are the rank-deficient students of Q1 and family 2 its full-rank control (expected to fail); family 3 is the least-squares fit to the sample among PSD A with A v_min = 0 (v_min the weakest eigenvector of A*), the rank-deficient student closest to the barrier on the sample: an observe-only series, as CLAIMS gives no calibration for it.',
    'Calibration of the full-rank control (harness, seeds 1 and 7, 200 trials a rung): 0/200 at d = 3, 4, 8 (N/d² = 1) and d = 4, 12 (N/d² = ½), L_N/B ≈ 0.001 (q90 ≤ 0.009); the table is in the claim\'s file.',
    'Expected: observe below N/d² = 1, holds (≥ 90%) from N/d² = 1 on (CLAIMS Q1b). Families 0 and 1 stay far above the barrier (L/B ≳ 2 in most trials), so their rate is near 1 already at N/d² = 0.5; family 3 shows where the empirical barrier really binds.',
  ],
};
