// data-repetition.almost-all-directions (Arnaboldi, Dandi, Krzakala, Pesce, Stephan 2024, "Repetita iuvant"):
// with each sample used twice, one-pass SGD learns almost every target of information exponent ≥ 3 in T = O(d log d)
// steps, not only He3; plain one-pass SGD learns almost none of them in that time. The targets are drawn at random:
// the rung's pass rate is the fraction of targets learned. The protocol is in family.ts.
import fc from 'fast-check';
import { hermite } from '../../src/core/data/hermite';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { intParam, SEED, uniform } from '../shared/params';
import { D_LOG_D_DOMAIN, dLogDSteps, flag, multiIndexData, nullOverlapBound, PAPER, premise, rates, runRelu, TITLE } from './family';

/** The plain control's target: at most half of the targets (measured 0.30–0.33, notes). */
const PLAIN_AT_MOST = 0.5;
/** The null overlap's false-positive rate (as data-repetition.multi-index). */
const DELTA = 0.01;

/**
 * A run on one random target: φ picks it, g_φ = cos φ·He3 + sin φ·He4/2 (variance 6 for every φ, as R1's He3), with
 * φ in [π, 2π): the He4 part has the sign of relu's own He4 coefficient (negative). R1's network is one ReLU neuron
 * with its second layer fixed at +1, whose even part has that sign whatever w is: the other half of the circle is
 * out of its reach, learned by no algorithm (notes).
 */
export interface RandomTargetInstance {
  d: number;
  T: number;
  repeat: 0 | 1;
  phi: number;
  seed: number;
}

/**
 * The target's link: a unit vector of Hermite coefficients in the span of He3 and He4 (scaled to R1's variance).
 * Every such target has information exponent ≥ 3, so plain one-pass SGD needs ≫ d log d steps; none is a parity.
 */
export function randomLink(phi: number): (z: number) => number {
  const c3 = Math.cos(phi);
  const c4 = Math.sin(phi) / 2;
  return (z) => c3 * hermite(3, z) + c4 * hermite(4, z);
}

/** The learned bound: |cos(w_T, θ)| above what a random unit vector shows with probability ≥ 1 − δ. */
export function learnedBound(d: number): number {
  return nullOverlapBound(d, 1, 1, DELTA);
}

function expectOf(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const c = intParam(params, 'TdLogd', 1);
  if (d < 64) return { outcome: 'observe', why: 'd < 64: not calibrated' };
  if (flag(params, 'repeat')) {
    return c >= 100 && c <= 200
      ? { outcome: 'holds', why: 'repetition: 39/40 (d = 64) and 40/40 (d = 128) of random targets learned at T = 100 d log d (notes)' }
      : { outcome: 'observe', why: 'repetition outside 100 ≤ T/(d log d) ≤ 200: not calibrated' };
  }
  // Plain SGD learns some of these targets by then (the near-He4 ones through its own O(γ²) self-term): the control
  // is held to at most half, not to the default 10% (notes).
  return c >= 50 && c <= 100
    ? { outcome: 'fails', pFail: PLAIN_AT_MOST, why: 'plain SGD: 12/40 (d = 64) and 13/40 (d = 128) at T = 100 d log d, under half (notes)' }
    : { outcome: 'observe', why: 'plain SGD outside 50 ≤ T/(d log d) ≤ 100: not calibrated (it learns more of them the longer it runs)' };
}

function rungOf(d: number, TdLogd: number, repeat: 0 | 1, runs?: number): Rung {
  const params = { d, TdLogd, repeat };
  return { name: `d=${d}, T=${TdLogd}·d log d, ${repeat ? 'repeated' : 'plain'}`, params, expected: expectOf(params), ...(runs ? { runs } : {}) };
}

export const almostAllDirections: Claim<RandomTargetInstance> = {
  id: 'data-repetition.almost-all-directions',
  paper: PAPER,
  statement: 'With each sample used twice, one-pass SGD learns at least 90% of random single-index targets g = cos φ·He3 + sin φ·He4/2 (information exponent ≥ 3; φ uniform in [π, 2π), the targets a ReLU neuron with a = +1 can fit) in T = 100·d log d steps; plain one-pass SGD learns far fewer of them (at most half).',
  source: `${TITLE}: data repetition lets one-pass SGD learn almost all directions (every target but the parity-like ones) in O(d log d) steps`,
  runs: 20,
  defaults: { d: 64, TdLogd: 100, repeat: 1 },
  domain: D_LOG_D_DOMAIN,
  ladders: {
    small: [rungOf(64, 100, 1, 4), rungOf(64, 100, 0, 4)],
    default: [rungOf(64, 100, 1), rungOf(64, 100, 0)],
    large: [64, 128].flatMap((d) => [rungOf(d, 100, 1, 60), rungOf(d, 100, 0, 60), rungOf(d, 50, 1), rungOf(d, 50, 0)]),
  },
  expect: expectOf,
  instance: (params) =>
    fc.record({
      d: fc.constant(intParam(params, 'd', 2)),
      T: fc.constant(dLogDSteps(params)),
      repeat: fc.constant(flag(params, 'repeat')),
      // The target, uniform in φ: the first draw of fc.sample is biased to the range's ends (the same φ in every
      // trial without noBias). Shrinking moves φ towards π, pure −He3 (R1's target up to its sign).
      phi: fc.noBias(uniform(Math.PI, 2 * Math.PI)),
      seed: SEED,
    }),
  async check(inst, ctx) {
    const { d, T } = inst;
    const link = randomLink(inst.phi);
    const { Theta, W0, X, y } = multiIndexData(inst.seed, d, T, 1, 1, (h) => link(h[0]));
    const repeat = inst.repeat === 1;
    const run = await runRelu(ctx, d, 1, T, X, y, W0, Theta, repeat, false);
    if ('pass' in run) return run;
    const bound = learnedBound(d);
    const observables = { cos: run.cos, bound, phi: inst.phi, shareHe3: Math.cos(inst.phi) ** 2, along: run.along, loss: run.loss };
    if (!Number.isFinite(run.cos + run.along)) return { pass: false, status: 'not-scored', reason: 'non-finite weights without a divergence report', observables };
    // "Not learned" is also what a trainer that does nothing shows: the plain control needs R1's premise.
    const moved = repeat ? undefined : premise(run, rates(d).gamma, T, 'plain SGD');
    if (moved) return { ...moved, observables };
    return { pass: run.cos > bound, observables };
  },
  plot: { x: 'd', series: 'repeat', labels: { repeat: ['plain SGD', 'repeated data'] } },
  reference: (params) => ({ bound: learnedBound(params.d) }),
  notes: [
    'Protocol (R1\'s, Repetita-Iuvant running.py, spherical: 0): one ReLU neuron, a = 1, w0 a unit vector ⟂ θ, w not renormalised, batch 1, γ = 0.01/d and ρ = 0.1/d, T = (T/(d log d))·d log d fresh samples; repeat = 1 displaced SGD, repeat = 0 the plain one-pass control. Each trial draws its own target: φ uniform in [0, 2π), g_φ = cos φ·He3 + sin φ·He4/2, of variance 6 for every φ (R1\'s He3 is φ = 0); shareHe3 = cos² φ. Pass: |cos(w_T, θ)| > b(d) = √(2 ln(2/δ)/d), δ = 0.01, the null overlap\'s 99% bound (0.41 at d = 64, 0.29 at d = 128).',
    'Why φ ∈ [π, 2π): relu\'s own He4 coefficient is −½√(2/π), so a ReLU neuron with a = +1 has an even part of that sign whatever w is. On the whole circle (harness, seed 1, d = 64, T = 100 d log d, 40 trials) repetition learned 30/40: every target with φ ∈ [0.6, 2.1] (He4 part positive and large) failed, every one with φ ∈ [π, 2π) passed with cos 0.9–0.99. Those targets need a = −1, which R1\'s network does not have; no algorithm on it learns them.',
    'Calibration (harness, seed 1, 40 trials per rung, --no-sequential; passes, median cos [q10, q90]): d = 64, T = 100 d log d: repeated 39/40, 0.976 [0.902, 0.986]; plain 12/40, 0.278 [0.074, 0.671]. d = 128: repeated 40/40, 0.989 [0.966, 0.992]; plain 13/40, 0.221 [0.034, 0.437]. Plain SGD\'s passes are the targets near pure −He4 (φ ≈ 3π/2, cos up to 0.94) and some with a large positive He3 part (cos 0.3–0.5, just above the bound): plain one-pass SGD has its own self-term at order γ², which sees y² and so the even part of the target, as repetition does at order γρ. The paper\'s "much less" is gated as at most half (measured 0.30 and 0.33); the default 10% would fail on the paper\'s own dynamics.',
  ],
};
