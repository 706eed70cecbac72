// quadratic.identity-below-barrier (CLAIMS Q3), Gamarnik, Kızıldağ, Zadik 2019: a multiple of the identity starts
// below the barrier when m* ≳ d².
import fc from 'fast-check';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { gram, populationRisk } from '../../src/core/model/quadratic';
import { stream } from '../../src/core/rng';
import { integers, intParam, perDSquared, reals, SEED } from '../shared/params';
import { drawTeacher, identityStart, PAPER, teacherWidth, TITLE } from './family';

export interface IdentityInstance {
  d: number;
  mStar: number;
  /** Student width m ≥ d (W0 = c [I_d; 0]). */
  m: number;
  seed: number;
}

function q3Expect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const ratio = teacherWidth(params) / (d * d);
  if (ratio <= 1) return { outcome: 'fails', why: 'measured 0% at m*/d² = 0.5 (CLAIMS Q3)' };
  if (ratio >= 8) return { outcome: 'holds', why: 'measured 100% at m*/d² = 8 (CLAIMS Q3)' };
  return { outcome: 'observe', why: 'finite-size crossover between m*/d² = 1 and 8' };
}

function q3Rung(d: number, ratio: number, runs?: number): Rung {
  const params = { d, mStarOverD2: ratio };
  return { name: `d=${d}, m*/d²=${ratio}`, params, expected: q3Expect(params), ...(runs ? { runs } : {}) };
}

const Q3_RATIOS = [0.5, 1, 2, 4, 8];

export const identityBelowBarrier: Claim<IdentityInstance> = {
  id: 'quadratic.identity-below-barrier',
  paper: PAPER,
  statement: 'For a wide enough teacher (m* ≳ d²), W0 = c·[I_d; 0] with c² = tr(A*)/d has L(W0) < B(W*).',
  source: `${TITLE}: initialising with a multiple of the identity (semicircle law for Wishart matrices)`,
  runs: 50,
  defaults: { d: 4, mStarOverD2: 8 },
  counts: { mStar: perDSquared('mStarOverD2') },
  domain: {
    d: integers(2, 64, 'd ≤ 64: the teacher has m* = (m*/d²)·d² rows of d entries, 131072 × 64 at d = 64, m*/d² = 32'),
    mStarOverD2: reals(0.01, 32, 'm*/d² ≤ 32: past 8 every trial is below the barrier (CLAIMS Q3)'),
    mStar: integers(2, 32 * 64 ** 2),
  },
  ladders: {
    small: [q3Rung(4, 0.5, 20), q3Rung(4, 8, 20)],
    default: [4, 8, 16].flatMap((d) => Q3_RATIOS.map((r) => q3Rung(d, r))),
    large: [4, 8, 16, 32].flatMap((d) => Q3_RATIOS.map((r) => q3Rung(d, r, 200))),
  },
  expect: q3Expect,
  instance(params) {
    const d = intParam(params, 'd', 2);
    return fc.record({ d: fc.constant(d), mStar: fc.constant(teacherWidth(params)), m: fc.integer({ min: d, max: 2 * d }), seed: SEED });
  },
  check(inst) {
    const { d, mStar, m } = inst;
    const teacher = drawTeacher(stream(inst.seed).child('teacher'), mStar, d);
    const W0 = identityStart(teacher, m);
    const L = populationRisk(gram(W0, m, d), teacher.A, d);
    // Identity initialisation (CLAIMS Q3): L(c·[I; 0]) < B(W*).
    return { pass: L < teacher.B, observables: { ratio: L / teacher.B, lambdaMinOverMStar: teacher.lambdaMin / mStar } };
  },
  plot: { x: 'mStarOverD2', series: 'd', logX: true, threshold: { value: 1, label: 'm* ≈ d² (semicircle heuristic)', derived: true } },
  reference(params) {
    const d = intParam(params, 'd', 2);
    const mStar = teacherWidth(params);
    // L(W0) ≈ 2 m*(d − 1)(d + 2) (off-diagonal and diagonal Wishart fluctuations) over B ≈ 2(√m* − √d)⁴.
    const gap = Math.sqrt(mStar) - Math.sqrt(d);
    return gap > 0 ? { ratio: (mStar * (d - 1) * (d + 2)) / gap ** 4 } : undefined;
  },
  notes: [
    `Calibration (CLAIMS Q3, numpy, 50 trials): pass rate at m*/d² = 0.5: 0 (d = 4, 8, 16); at 2: 0.26, 0.24, 0.44; at 4: 0.90, 0.98, 1.00; at 8: 1.00. Expected fails at m*/d² ≤ 1, holds at ≥ 8, observe between.`,
    'Reference ratio: the derived estimate m*(d − 1)(d + 2)/(√m* − √d)⁴ of L/B; the threshold m* ≈ d² is derived (asymptotic), not quoted.',
  ],
};
