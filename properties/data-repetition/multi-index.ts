// data-repetition.multi-index (Arnaboldi, Dandi, Krzakala, Pesce, Stephan 2024, "Repetita iuvant"): with each sample
// used twice, one-pass SGD learns the two-index target He3(θ1·x) + He3(θ2·x), information exponent 3 in each
// direction, in T = O(d log d) steps; plain one-pass SGD does not. The protocol is in family.ts.
import { hermite } from '../../src/core/data/hermite';
import { additiveLink, overlapMatrix } from '../../src/core/data/targets';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { D_LOG_D_DOMAIN, dLogDArbitrary, flag, type DLogDInstance, multiIndexData, nullOverlapBound, PAPER, premise, rates, runRelu, TITLE } from './family';
import { intParam } from '../shared/params';

/** Two directions, one ReLU neuron (R1's network), and the null overlap's false-positive rate. */
const K = 2;
const P = 1;
const DELTA = 0.01;
/** He3(z1) + He3(z2): each direction alone has information exponent 3 (running.py's target `fig2cH3`). */
const link = additiveLink([(z) => hermite(3, z), (z) => hermite(3, z)]);

/** The learned bound: both overlaps must exceed what a random unit row shows with probability ≥ 1 − δ. */
export function learnedBound(d: number): number {
  return nullOverlapBound(d, P, K, DELTA);
}

/**
 * Gated where measured (numpy, w free, the family's γ and ρ; the table in the notes): at T = 100 d log d repetition
 * puts both overlaps above the bound (0.433 / 0.306 at d = 64 / 128) in 60/60 and 60/60, plain SGD in 0/60 and
 * 1/60; at 150 d log d (d = 64) 40/40 and 0/40. At 50 d log d repetition is still climbing through the bound
 * (0/40 at d = 64, 35/40 at d = 128): observe. At d = 32 the bound (0.612) is above what repetition reaches by
 * 100 d log d (2/60): observe.
 */
function multiIndexExpect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const c = intParam(params, 'TdLogd', 1);
  if (d < 64) return { outcome: 'observe', why: `d < 64: the null bound ${learnedBound(d).toFixed(2)} is above what repetition reaches by T = 100 d log d (2/60 at d = 32)` };
  if (flag(params, 'repeat')) {
    return c >= 100 && c <= 150
      ? { outcome: 'holds', why: 'repetition: both overlaps above the null bound in 60/60 at d = 64 and 128, T = 100 d log d (numpy)' }
      : { outcome: 'observe', why: 'repetition outside 100 ≤ T/(d log d) ≤ 150: the overlaps are still climbing through the bound (0/40 at d = 64, 35/40 at d = 128, T = 50 d log d) or not calibrated' };
  }
  return c >= 50 && c <= 150
    ? { outcome: 'fails', why: 'plain SGD: both overlaps above the null bound in 0/60 (d = 64) and 1/60 (d = 128) at T = 100 d log d, 0/40 at 50 and 150 d log d (numpy)' }
    : { outcome: 'observe', why: 'plain SGD outside 50 ≤ T/(d log d) ≤ 150: not calibrated (it learns He3 in O(d²) steps)' };
}

function multiIndexRung(d: number, TdLogd: number, repeat: 0 | 1, runs?: number): Rung {
  const params = { d, TdLogd, repeat };
  return { name: `d=${d}, T=${TdLogd}·d log d, ${repeat ? 'repeated' : 'plain'}`, params, expected: multiIndexExpect(params), ...(runs ? { runs } : {}) };
}

/** Mean min(overlap1, overlap2) measured in numpy (60 trials, seed 5, at T = 100 d log d; 40 trials, seed 6, otherwise), by (d, T/(d log d), repeat). */
const MEASURED: Record<string, number> = {
  '64,100,1': 0.597, '64,100,0': 0.083, '128,100,1': 0.644, '128,100,0': 0.079, '32,100,1': 0.529, '32,100,0': 0.121,
  '64,50,1': 0.293, '64,50,0': 0.044, '128,50,1': 0.364, '128,50,0': 0.064, '64,150,1': 0.675, '64,150,0': 0.1,
};

export const multiIndexLearned: Claim<DLogDInstance> = {
  id: 'data-repetition.multi-index',
  paper: PAPER,
  statement: 'With each sample used twice, one-pass SGD learns the two-index target He3(θ1·x) + He3(θ2·x) (information exponent 3 in each direction) in both directions in T = O(d log d) steps; plain one-pass SGD does not.',
  source: `${TITLE}: multi-index targets are learned in O(d log d) steps with data repetition (Repetita-Iuvant running.py, target fig2cH3, choice_time_scaling dlogd)`,
  runs: 20,
  defaults: { d: 64, TdLogd: 100, repeat: 1 },
  domain: D_LOG_D_DOMAIN,
  ladders: {
    small: [multiIndexRung(64, 100, 1, 4), multiIndexRung(64, 100, 0, 4)],
    default: [multiIndexRung(64, 100, 1), multiIndexRung(64, 100, 0)],
    large: [
      ...[64, 128].flatMap((d) => [multiIndexRung(d, 100, 1, 40), multiIndexRung(d, 100, 0, 40), multiIndexRung(d, 50, 1), multiIndexRung(d, 50, 0)]),
      multiIndexRung(32, 100, 1),
      multiIndexRung(32, 100, 0),
    ],
  },
  expect: multiIndexExpect,
  instance: dLogDArbitrary,
  async check(inst, ctx) {
    const { d, T } = inst;
    const { Theta, W0, X, y } = multiIndexData(inst.seed, d, T, K, P, link);
    const repeat = inst.repeat === 1;
    // Only the final W is read: no probe.
    const run = await runRelu(ctx, d, P, T, X, y, W0, Theta.subarray(0, d), repeat, false);
    if ('pass' in run) return run;
    const O = overlapMatrix(run.W, P, d, Theta, K);
    const overlap1 = Math.abs(O[0]);
    const overlap2 = Math.abs(O[1]);
    const bound = learnedBound(d);
    const observables = { overlap1, overlap2, minOverlap: Math.min(overlap1, overlap2), bound, along: run.along, loss: run.loss };
    if (!Number.isFinite(overlap1 + overlap2 + run.along)) return { pass: false, status: 'not-scored', reason: 'non-finite weights without a divergence report', observables };
    // "Not learned" is also what a trainer that does nothing shows: the plain control needs the premise; both
    // overlaps above the null bound are themselves evidence of training.
    const moved = repeat ? undefined : premise(run, rates(d).gamma, T, 'plain SGD');
    if (moved) return { ...moved, observables };
    // Learned in both directions: min_l |⟨w_T, θ_l⟩|/‖w_T‖ above the null overlap's bound.
    return { pass: observables.minOverlap > bound, observables };
  },
  plot: {
    x: 'TdLogd',
    series: 'repeat',
    labels: { repeat: ['plain SGD', 'repeated data'] },
    threshold: { value: 100, label: 'T = 100 d log d (calibrated horizon)', derived: true },
  },
  reference(params) {
    const minOverlap = MEASURED[`${params.d},${params.TdLogd},${params.repeat}`];
    return { bound: learnedBound(params.d), ...(minOverlap === undefined ? {} : { minOverlap }) };
  },
  notes: [
    'Protocol (Repetita-Iuvant running.py, spherical: 0, as R1): one ReLU neuron, a = 1, w0 a unit vector ⟂ span(θ1, θ2) exactly, w not renormalised, batch 1, γ = 0.01/d and ρ = 0.1/d on g_i = −∇½(y − f)², y = He3(θ1·x) + He3(θ2·x) (the code\'s `fig2cH3`), T = (T/(d log d))·d log d fresh samples (`dlogd`); repeat = 1 is displaced SGD, repeat = 0 the plain one-pass control. overlap_l = |⟨w_T, θ_l⟩|/‖w_T‖; along = ⟨w_T, w_0⟩.',
    `Learned in both directions: min(overlap1, overlap2) > b(d) = √(2 ln(4/δ)/d), δ = ${DELTA}: a random unit row exceeds b in either direction with probability ≤ 4e^{−d b²/2} = δ (spherical cap), so b is the null overlap's 99% bound: 0.612 / 0.433 / 0.306 at d = 32 / 64 / 128. The neuron learns a direction inside span(θ1, θ2) near the diagonal (overlaps ≈ 0.6 each), which is weak recovery of both directions, not one neuron per direction: with a = 1 for every row, p = 4 neurons all go to that same diagonal (numpy, d = 64, T = 150 d log d: σ_min of the 4 × 2 overlap matrix 0.08).`,
    'Premise of the plain control (R1\'s): ⟨w_T, w_0⟩ = e^{−γT/2} ± ½(1 − e^{−γT/2}), otherwise not scored, so a trainer that does not train cannot make the control agree; the repeated rung needs both overlaps above b(d), which only training gives.',
    'Calibration (numpy, this protocol and check; pass = min(overlap1, overlap2) > b(d); mean of that minimum in brackets; 60 trials at seed 5 for T = 100 d log d, 40 at seed 6 otherwise): d = 64, T = 100 d log d: repeated 60/60 [0.597, smallest 0.439 against b = 0.433, q10 0.555], plain 0/60 [0.083, largest 0.364]; d = 128, 100 d log d: repeated 60/60 [0.644, smallest 0.613 against 0.306], plain 1/60 [0.079, largest 0.315]; d = 64, 150 d log d: repeated 40/40 [0.675], plain 0/40 [0.100]; d = 64, 50 d log d: repeated 0/40 [0.293], plain 0/40 [0.044]; d = 128, 50 d log d: repeated 35/40 [0.364], plain 0/40 [0.064]; d = 32, 100 d log d: repeated 2/60 [0.529, b = 0.612], plain 0/60 [0.121]. The plain runs met the premise in every trial (⟨w_T, w_0⟩ 0.128 against e^{−γT/2} = 0.125 at d = 64); the repeated ones contract less (0.257) as w grows along the target. The repeated overlaps at a fixed T/(d log d) grow with d (0.53 → 0.60 → 0.64 at 100 d log d), as T = O(d log d) predicts, while the plain ones do not move.',
    'Harness (seed 1, reference trainer; pass count, median min(overlap1, overlap2)): d = 64, T = 100 d log d: repeated 20/20 (0.615), plain 0/20 (0.097); d = 128: repeated 20/20 (0.649), plain 0/20 (0.081); T = 50 d log d: repeated 0/8 (0.306, d = 64) and 8/8 (0.363 against 0.306, d = 128), plain 0/20 and 0/20; d = 32, 100 d log d: repeated 0/8 (0.507 against 0.612), plain 0/8. The default ladder (d = 64, 2 × 20 trials) costs about 65 ms of CPU a trial.',
  ],
};
