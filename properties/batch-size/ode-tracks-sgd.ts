// batch-size.ode-tracks-sgd (Arnaboldi, Dandi, Krzakala, Loureiro, Pesce, Stephan 2024): the low-dimensional
// deterministic system for the overlap tracks the overlap curve of one-pass SGD, within a band that shrinks with d.
import fc from 'fast-check';
import { gaussHermite, gaussianExpectation, hermite } from '../../src/core/data/hermite';
import { hermiteTarget, orthonormalDirections } from '../../src/core/data/targets';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { InputError } from '../../src/contract/errors';
import { stream } from '../../src/core/rng';
import { gaussianSampler, isCheckResult, onlineRequest, trainOrReport, unitWithOverlap, type OnlineSetup } from '../shared/online-sgd';
import { integers, intParam, positiveParam, reals, SEED } from '../shared/params';
import { LOSS, LOSS_NAMES, PAPER, TITLE } from './family';

/** Information exponent of He3, the student's and the target's activation (CLAIMS B). */
const ELL = 3;
/** Warm start ⟨w0, θ⟩: past the search phase, whose escape time no deterministic system predicts run by run. */
export const M0 = 0.5;
/** The paper's rate γ = c·n_b·d^{−ℓ/2}; c = 0.01 is CLAIMS B's. */
const C_HOLDS = 0.01;
/** Trace points compared along the run. */
const POINTS = 50;

// ------------------------------------------------------------------------------------------------
// The overlap system of the repository (giant-learning, base.py OverlapsBase and ProjectedOverlapsBase with
// poly_poly.py's H3H3 expectations), for p = k = 1, a = 1, P = Q = 1 (unit-norm w), noise 0.

/** 2-D Gauss–Hermite rule: the expectations below are polynomials of degree ≤ 10, exact with 8 nodes a side. */
const RULE = gaussHermite(8);

/** E[F(λ, h)] for standard Gaussians λ = w·x, h = θ·x with correlation M. */
function correlated(M: number, F: (lambda: number, h: number) => number): number {
  const s = Math.sqrt(1 - M * M);
  return gaussianExpectation((z1) => gaussianExpectation((z2) => F(z1, M * z1 + s * z2), RULE), RULE);
}

/** The residual of the step: y − σ(λ) for the square loss, y for the correlation loss (CLAIMS B). */
function residual(square: boolean, lambda: number, h: number): number {
  return hermite(3, h) - (square ? hermite(3, lambda) : 0);
}

const dHe3 = (z: number) => 3 * z * z - 3;

/**
 * One step of the system: M ← (M + γ E[r σ'(λ) h]) / √(1 + ΔQ), with ΔQ = 2γ E[r σ'(λ) λ] + γ² ((d/n_b) E[r² σ'(λ)²]
 * + E[r σ' h]² + (E[r σ' λ] − M E[r σ' h])²/(1 − M²)): the mean gradient moves M and the norm, the batch's noise
 * adds (d/n_b)·E[r² σ'²] to the squared norm, and the projection back to ‖w‖ = 1 divides by the new norm.
 */
export function overlapStep(M: number, gamma: number, dOverNb: number, square: boolean): number {
  const target = correlated(M, (l, h) => residual(square, l, h) * dHe3(l) * h);
  const network = correlated(M, (l, h) => residual(square, l, h) * dHe3(l) * l);
  const noise = correlated(M, (l, h) => (residual(square, l, h) * dHe3(l)) ** 2);
  const orthogonal = M * M < 1 ? (network - M * target) ** 2 / (1 - M * M) : 0;
  const dQ = 2 * gamma * network + gamma * gamma * (dOverNb * noise + target * target + orthogonal);
  return (M + gamma * target) / Math.sqrt(1 + dQ);
}

/** M_0 … M_T of the system. */
export function overlapCurve(M0: number, gamma: number, dOverNb: number, square: boolean, T: number): Float64Array {
  const M = new Float64Array(T + 1);
  M[0] = M0;
  for (let t = 0; t < T; t++) M[t + 1] = overlapStep(M[t], gamma, dOverNb, square);
  return M;
}

// ------------------------------------------------------------------------------------------------
// The claim.

function rate(d: number, nb: number, c: number): number {
  return c * nb * d ** (-ELL / 2);
}

/** T = 1/(4γ) steps: the system's M goes from 0.5 to its plateau (0.95 and above) in about 1/(9γ). */
function horizon(gamma: number): number {
  return Math.max(1, Math.ceil(1 / (4 * gamma)));
}

/**
 * The band: sup_t |M_SGD(t) − M_ODE(t)| ≤ B(d) = 0.15·√(64/d). SGD's overlap fluctuates about the system with a
 * standard deviation ∝ √(γ/n_b · γT) ∝ √c·d^{−3/4} (a per-step variance ∝ γ²/n_b over T ∝ 1/γ steps); the measured
 * median sup-norm falls more slowly, as d^{−0.6} from d = 64 to 128 (notes), so the band takes the slower 1/√d. The
 * constant is the calibration's (90th percentile of the sup-norm 0.07–0.10 at d = 64).
 */
export function band(d: number): number {
  return 0.15 * Math.sqrt(64 / d);
}

export interface OdeInstance {
  d: number;
  nb: number;
  loss: 0 | 1;
  c: number;
  seed: number;
}

function lossOf(p: Params): 0 | 1 {
  const v = p.loss ?? 0;
  if (v !== 0 && v !== 1) throw new InputError('params.loss', v, '0 (square) or 1 (correlation)');
  return v;
}

function odeExpect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const c = positiveParam(params, 'c');
  if (d < 64) return { outcome: 'observe', why: 'd < 64: the square loss leaves the band in 4–8 of 30 runs at d = 32 (notes)' };
  if (lossOf(params) === LOSS.square && d < 128 && (c <= C_HOLDS || c >= 1)) {
    return { outcome: 'observe', why: 'square loss at d < 128: 27–29/30 within the band at c = 0.01 and 2–3/30 at c = 1 (d = 64), both too close to the targets (notes)' };
  }
  if (c <= C_HOLDS) return { outcome: 'holds', why: 'c ≤ 0.01: small steps, SGD concentrates on the system' };
  if (c >= 1) return { outcome: 'fails', why: 'c ≥ 1: one step\'s noise γ²(d/n_b)E[r²σ\'²] is O(1), the overlap is redrawn every step' };
  return { outcome: 'observe', why: '0.01 < c < 1: fluctuations between the band and O(1)' };
}

function odeRung(d: number, loss: 0 | 1, c: number, runs?: number): Rung {
  const params = { d, nb: 16, loss, c };
  return { name: `d=${d}, ${LOSS_NAMES[loss]}, c=${c}`, params, expected: odeExpect(params), ...(runs ? { runs } : {}) };
}

export const odeTracksSgd: Claim<OdeInstance> = {
  id: 'batch-size.ode-tracks-sgd',
  paper: PAPER,
  statement: 'The low-dimensional deterministic system for the overlap tracks one-pass SGD\'s overlap curve (square and correlation loss), within a band that shrinks with d.',
  source: `${TITLE}: "one can track the training progress by a system of low-dimensional ordinary differential equations" (abstract; the system of the repository's giant-learning, ProjectedH3H3Overlaps)`,
  runs: 20,
  defaults: { d: 64, nb: 16, loss: LOSS.correlation, c: C_HOLDS },
  domain: {
    d: integers(8, 128, 'd ≤ 128: T = d^{3/2}/(4·0.01·n_b) steps, 2263 of 16 samples at d = 128'),
    nb: integers(1, 256, 'n_b ≤ 256: the batch of CLAIMS B\'s ladder at d ≤ 32'),
    loss: integers(0, 1, '0: square, 1: correlation'),
    c: reals(0.001, 4, 'γ = c·n_b·d^{−3/2}: c = 0.01 is CLAIMS B\'s rate; at c ≥ 4 a step draws w anew'),
  },
  ladders: {
    small: [odeRung(64, LOSS.correlation, C_HOLDS, 3), odeRung(64, LOSS.correlation, 1, 3)],
    // The square loss at d = 64 is observed (10 trials); it is gated at d = 128 on the large ladder.
    default: [odeRung(64, LOSS.square, C_HOLDS, 10), odeRung(64, LOSS.correlation, C_HOLDS), odeRung(64, LOSS.correlation, 1)],
    large: [
      ...[32, 64, 128].flatMap((d) => [LOSS.square, LOSS.correlation].flatMap((loss) => [odeRung(d, loss, C_HOLDS, 30), odeRung(d, loss, 1, 30)])),
      ...[64, 128].map((d) => odeRung(d, LOSS.correlation, 0.1, 30)),
    ],
  },
  expect: odeExpect,
  instance: (params) => fc.record({
    d: fc.constant(intParam(params, 'd', 2)),
    nb: fc.constant(intParam(params, 'nb', 1)),
    loss: fc.constant(lossOf(params)),
    c: fc.constant(positiveParam(params, 'c')),
    seed: SEED,
  }),
  async check(inst, ctx) {
    const { d, nb, loss, c } = inst;
    const gamma = rate(d, nb, c);
    const T = horizon(gamma);
    const every = Math.max(1, Math.floor(T / POINTS));
    const s = stream(inst.seed);
    const theta = orthonormalDirections(s.child('theta'), 1, d);
    const W0 = unitWithOverlap(s.child('init'), theta, M0);
    const setup: OnlineSetup = { activation: 'he3', d, p: 1, loss: LOSS_NAMES[loss], gamma, nb, rho: 0, unitRows: true };
    const { X, y } = gaussianSampler(d, (x, n) => hermiteTarget(x, n, d, theta, ELL))(s.child('data'), T * nb);
    const request = onlineRequest(setup, W0, X, y, T, { probe: { direction: theta } });
    const out = await trainOrReport(ctx.trainer, { ...request, algorithm: { ...request.algorithm, traceEvery: every } }, 'one-pass SGD with a probe');
    if (isCheckResult(out)) return out;
    const ode = overlapCurve(M0, gamma, d / nb, loss === LOSS.square, T);
    const steps = out.trace.step;
    const overlap = out.trace.overlap;
    if (!overlap || out.steps !== T) return { pass: false, status: 'error', reason: `the trainer returned ${overlap ? `${out.steps} of ${T} steps` : 'no overlap trace for the probe'}` };
    let sup = 0;
    for (let k = 0; k < steps.length; k++) sup = Math.max(sup, Math.abs(overlap[k][0] - ode[steps[k]]));
    let moved = 0;
    for (const row of overlap) moved = Math.max(moved, Math.abs(row[0] - M0));
    const observables = { supNorm: sup, odeFinal: ode[T], sgdFinal: overlap[overlap.length - 1][0], sgdMoved: moved, steps: T };
    // The paper's system tracks SGD: the sup-norm distance of the two overlap curves is within the band B(d).
    return { pass: sup <= band(d), observables };
  },
  plot: { x: 'd', series: 'c', logX: true, labels: { loss: LOSS_NAMES } },
  reference: (params) => ({ supNorm: band(intParam(params, 'd', 2)) }),
  notes: [
    'Protocol (CLAIMS B\'s, from a warm start): He3 student and target, p = 1, a = 1, ‖w‖ = 1 after every step (projected one-pass SGD on the mean batch loss), ⟨w0, θ⟩ = 0.5, n_b = 16, γ = c·n_b·d^{−3/2}, T = 1/(4γ) steps (800 at d = 64), traced every T/50 steps through the trainer\'s probe. The system is the repository\'s ProjectedH3H3Overlaps (I3, I4 diagonal with d/n_b, I4 off-diagonal), iterated once per SGD step at the same γ, n_b and d; its expectations are taken by exact Gauss–Hermite quadrature, and its iterates agree with the repository\'s python to 1e−15 (the test stores them). supNorm: the largest |M_SGD − M_system| over the traced steps; odeFinal, sgdFinal: both overlaps at T.',
    'Why a warm start: from ⟨w0, θ⟩ = 1/√d (the protocol of B1, B2) the escape time of single runs spreads over a factor ~10 (CLAIMS B), which no deterministic system predicts run by run: numpy from 0.3 gives a median sup-norm 0.13 (square) and 0.09 (correlation) at d = 64 for c = 0.01, from 0.5 0.06 and 0.05.',
    'Negative control (c = 1, same trainer, same system at the same γ): outside the small-step regime the ODE limit needs. One step\'s noise adds γ²(d/n_b)E[r²σ\'²] ≈ c²n_b d^{−2}·150 ≈ 0.6 to ‖w‖² at d = 64 (0.00006 at c = 0.01): the overlap is redrawn every step, SGD\'s curve sits at 0.2–0.5 from the system\'s, and the distance does not shrink with d (median 0.37–0.44 at d = 64, 0.30–0.36 at d = 128). c = 0.1 is observed: 0.19–0.20 at d = 64, 0.13–0.14 at d = 128, the √c-scaled fluctuation of c = 0.01\'s (its own band would be √10 wider).',
    'Calibration (theorycheck run --scale large --no-sequential, 30 trials, one run a trial, band 0.15·√(64/d); passes/trials, median [10%, 90%] supNorm). c = 0.01, seeds 1 / 3: d = 64: square 29/30 0.053 [0.031, 0.095] / 29/30 0.050 [0.028, 0.106], correlation 30/30 0.049 [0.027, 0.074] / 30/30 0.047 [0.034, 0.083]; d = 128: square 30/30 0.035 [0.019, 0.077] / 30/30 0.041 [0.021, 0.066], correlation 30/30 0.031 [0.018, 0.058] / 30/30 0.034 [0.020, 0.052]; d = 32: square 26/30 0.119 [0.065, 0.297] / 25/30, correlation 30/30 0.071 / 30/30 0.070. c = 1, seeds 1 / 3: d = 64: square 2/30 / 3/30, correlation 0/30 / 0/30; d = 128: 0/30 for both losses at both seeds; d = 32: 6–8/30. Seed 7 (same band): c = 0.01: d = 64 square 27/30 (90% 0.147), correlation 30/30; d = 128 30/30, 30/30; c = 1: d = 64 0/30, 1/30; d = 128 0/30, 0/30. The median sup-norm falls as d^{−0.6} (0.049 → 0.031, 0.053 → 0.035), between the fluctuations\' d^{−3/4} and 1/√d: the band takes 1/√d. The square loss is gated from d = 128: at d = 64 it passes 27–29/30 (its self-term adds a noise that now and then throws a run off the curve) and its c = 1 control 2–3/30 (there the system goes to 0 and SGD sits at the null ±1/√d, which the band follows with the same 1/√d), both too close to the targets.',
    'sgdMoved: the largest |M_SGD(t) − 0.5| along the run. At c = 1 the system collapses towards 0.12–0.15 within a few steps while SGD\'s overlap jumps about (0.17–0.56 at T, 10–90%, correlation loss, d = 64): the system carries the mean of one step\'s noise, which rare samples dominate (r²σ\'² is a degree-10 polynomial), and with O(1) steps a typical run sees much less of it: the control\'s distance is the system\'s failure outside its regime as much as SGD\'s noise, and a trainer that returned w0 would be as far. The control therefore shows that the band is not wide enough to hold any curve; that the check reads the trainer is shown by the holds side (a trainer that learns nothing, or the zoo\'s bug-online-batch-reused, fails it).',
    'A broken trainer of the zoo, bug-online-batch-reused (every update on the first batch), leaves the band on every trial (the test asserts it): the system describes one-pass SGD only.',
  ],
};
