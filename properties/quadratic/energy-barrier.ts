// quadratic.energy-barrier (CLAIMS Q1), Gamarnik, Kızıldağ, Zadik 2019: every student W of rank < d has population
// risk L(W) ≥ B(W*) = 2 λ_min(A*)². The students and the shared pieces are in family.ts.
import fc from 'fast-check';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { dense, numericalRank } from '../../src/core/linalg';
import { gram, populationRisk } from '../../src/core/model/quadratic';
import { stream } from '../../src/core/rng';
import { choice, integers, intParam } from '../shared/params';
import {
  barrierArbitrary,
  barrierStudent,
  drawTeacher,
  EXACT_FAILS,
  EXACT_HOLDS,
  FAMILY,
  FAMILY_NAMES,
  familyRange,
  PAPER,
  Q1_FAMILIES,
  TITLE,
  type BarrierInstance,
} from './family';

/** The paper states the barrier exactly; the 1e−9 relative slack (CLAIMS Q1) only absorbs rounding in L and B. */
const BARRIER_SLACK = 1e-9;

function q1Expect(params: Params): Expectation {
  return choice(params, 'family', Q1_FAMILIES) === FAMILY.control
    ? { ...EXACT_FAILS, why: 'full-rank students near the teacher sit below the barrier: it only binds rank-deficient W' }
    : { ...EXACT_HOLDS, why: 'every rank-deficient W has L(W) ≥ 2 λ_min(A*)²' };
}

/** CLAIMS Q1 takes d ∈ [2, 12]; the check is two eigendecompositions of d × d matrices, 0.4 s a trial at d = 128. */
const Q1_D = integers(2, 128, 'd ≤ 128: eigendecompositions of d × d matrices, 0.4 s a trial at d = 128 (CLAIMS Q1: d ∈ [2, 12])');

function q1Rung(d: number, family: number, runs?: number): Rung {
  const params = { d, family };
  return { name: `d=${d}, ${FAMILY_NAMES[family]}`, params, expected: q1Expect(params), ...(runs ? { runs } : {}) };
}

export const energyBarrier: Claim<BarrierInstance> = {
  id: 'quadratic.energy-barrier',
  paper: PAPER,
  statement: 'Every student W of rank < d has population risk L(W) ≥ B(W*) = 2 λ_min(W*ᵀW*)².',
  source: `${TITLE}: the energy barrier for rank-deficient W (population risk)`,
  runs: 40,
  defaults: { d: 4, family: FAMILY.randomFactors },
  domain: { d: Q1_D, family: familyRange(Q1_FAMILIES.length) },
  spaceDomain: { dMax: Q1_D, family: familyRange(Q1_FAMILIES.length) },
  ladders: {
    small: [q1Rung(3, 0, 20), q1Rung(3, 1, 20), q1Rung(3, 2, 20)],
    default: [...[2, 4, 8, 12].flatMap((d) => [q1Rung(d, 0), q1Rung(d, 1)]), q1Rung(4, 2), q1Rung(12, 2)],
    large: [...[2, 4, 8, 12, 16, 24].flatMap((d) => [q1Rung(d, 0, 100), q1Rung(d, 1, 100)]), q1Rung(4, 2, 100), q1Rung(24, 2, 100)],
  },
  expect: q1Expect,
  instance(params) {
    return barrierArbitrary(intParam(params, 'd', 2), choice(params, 'family', Q1_FAMILIES), 0);
  },
  check(inst) {
    const s = stream(inst.seed);
    const teacher = drawTeacher(s.child('teacher'), inst.mStar, inst.d);
    const { W, m } = barrierStudent(inst, teacher, s.child('student'));
    const L = populationRisk(gram(W, m, inst.d), teacher.A, inst.d);
    // Energy barrier (CLAIMS Q1): rank W < d ⇒ L(W) ≥ B(W*).
    const pass = L >= teacher.B * (1 - BARRIER_SLACK);
    return { pass, observables: { ratio: L / teacher.B, rank: numericalRank(dense(m, inst.d, W)), lambdaMin: teacher.lambdaMin } };
  },
  plot: { x: 'd', series: 'family', labels: { family: FAMILY_NAMES } },
  space(params) {
    const family = choice(params, 'family', Q1_FAMILIES);
    return fc.integer({ min: 2, max: params.dMax ?? 12 }).map((d) => ({ d, family }));
  },
  notes: [
    'family 0: random factors U·V of rank r < d, scaled to the multiple of their ray closest to the teacher; family 1: t · best rank-(d−1) approximation of W*, t ∈ [0.5, 1.5] (L = 3 λ_min² at t = 1); family 2: full-rank W = QW* + εG, the negative control (expected to fail: L < B).',
    'Exact claim: targets 100% (holds) and 0% (control); the 1e−9 relative slack of CLAIMS Q1 only absorbs rounding.',
  ],
};
