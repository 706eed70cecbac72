// Telgarsky 2023: margins of low-rotation two-layer ReLU networks (CLAIMS.md, section T).
// low-rotation.norm-only-max-margin (T6): norm-only training reaches the maximum margin of its own class.
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { InputError } from '../../src/contract/errors';
import { frobenius } from '../../src/core/linalg/dense';
import { positiveMargin } from '../../src/core/linalg/frank-wolfe';
import { minNormHull } from '../../src/core/linalg/min-norm-hull';
import { normOnlyFeatures } from '../../src/core/model/ntk';
import { stream } from '../../src/core/rng';
import { integers, intParam } from '../shared/params';
import { drawNetwork, faithful, isCheck, PAPER, parityData, parityInstance, TITLE, toLoss, type ParityInstance, type Setup } from './family';

// ------------------------------------------------------------------------------------------------
// T6 norm-only training reaches the maximum margin of its own class.

/** CLAIMS T6: γ̄/γ₊ ≥ 0.85. */
const T6_RATIO = 0.85;
/**
 * Base step η = 32·d. The norm-only network is linear in r with small features (‖φ₊(x)‖² ≈ 1/(2d)), so its
 * loss curvature is ≈ 1/(2d) of the full network's and γ₊ ≈ 0.01 at d = 8: η = 4 would need ~10⁵ steps.
 * The per-run fidelity check (2η) guards this step as every other.
 */
const T6_ETA_PER_D = 32;
/** γ₊ is certified to this relative gap: far below the 15% margin of the 0.85 threshold. */
const T6_CERTIFICATE = 1e-4;

function t6Target(p: Params): number {
  const v = p.lossExp;
  if (!Number.isInteger(v) || v < 0) throw new InputError('params.lossExp', v, 'an integer ≥ 0 (0: the first fit, L < ln 2/n; e: L < 10^−e)');
  return v;
}

function t6Expect(p: Params): Expectation {
  const e = t6Target(p);
  if (e === 0) return { outcome: 'fails', why: 'at the first fit γ̄/γ₊ < 0.85 in all trials (CLAIMS T6: 0.00; the convergence is 1/log t)' };
  if (e >= 6) return { outcome: 'holds', why: 'loss < 1e−6: 1.00 (CLAIMS T6: median 0.93; 0.98 at 1e−20)' };
  return { outcome: 'observe', why: 'between the fit and 1e−6: a point of the convergence curve' };
}

function t6Rung(d: number, lossExp: number, runs: number): Rung {
  const params = { d, lossExp };
  return { name: `d=${d}, m=${4 * d * d}, ${lossExp === 0 ? 'first fit' : `loss < 1e−${lossExp}`}`, params, expected: t6Expect(params), runs };
}

/** The largest |cos − 1| a kept direction may show: rounding of r_j·u_j and of the row norm. */
function directionsKept(W: Float64Array, W0: Float64Array, m: number, d: number): { ok: boolean; zeros: number; worst: number } {
  let zeros = 0;
  let worst = 0;
  for (let j = 0; j < m; j++) {
    let ww = 0;
    let w0 = 0;
    let dot = 0;
    for (let k = 0; k < d; k++) {
      ww += W[j * d + k] ** 2;
      w0 += W0[j * d + k] ** 2;
      dot += W[j * d + k] * W0[j * d + k];
    }
    if (ww === 0) {
      zeros++;
      continue;
    }
    worst = Math.max(worst, Math.abs(1 - dot / Math.sqrt(ww * w0)));
  }
  return { ok: worst <= 8 * d * Number.EPSILON, zeros, worst };
}

export const normOnlyMaxMargin: Claim<ParityInstance> = {
  id: 'low-rotation.norm-only-max-margin',
  paper: PAPER,
  statement: 'With w_j = r_j u_j (directions fixed, r_j ≥ 0 trained), gradient flow reaches the maximum margin γ₊ of its own class: γ̄/γ₊ ≥ 0.85 once the loss is < 1e−6, but not yet when the data are first fit.',
  source: `${TITLE}: norm-only training attains globally maximal margins (large width)`,
  runs: 4,
  defaults: { d: 8, lossExp: 6 },
  domain: {
    d: integers(3, 12, 'd ≤ 12: 4d² norms trained to L < 10^−lossExp, 4 s a trial at d = 12, 38 s at d = 16 (CLAIMS T6: d = 8, 12)'),
    lossExp: integers(0, 20, '0: the first fit; e: L < 10^−e, up to 1e−20 (the convergence is 1/log t: 23 s a trial at d = 12)'),
  },
  ladders: {
    // CLAIMS T6's own size, d = 8: at d = 6 the flow's time-rescaled step (η = 32·d over ‖φ₊‖² ≈ 1/(2d)) diverged in
    // 1 of 24 trials (seed 1) and 1 of 2 (seed 7) under the reference trainer; at d = 8 in 0 of 120 (seeds 1, 3, 7).
    small: [t6Rung(8, 6, 2), t6Rung(8, 0, 2)],
    default: [t6Rung(8, 6, 20), t6Rung(8, 0, 20)],
    large: [...[0, 2, 4, 6, 10, 20].map((e) => t6Rung(8, e, e === 6 || e === 0 ? 12 : 6)), t6Rung(12, 6, 4), t6Rung(12, 0, 4)],
  },
  expect: t6Expect,
  instance(params) {
    const d = intParam(params, 'd', 3);
    return parityInstance(d, 4 * d * d, d * d);
  },
  async check(inst, ctx) {
    const { d, m, n } = inst;
    const lossExp = t6Target(ctx.params);
    const s = stream(inst.seed);
    const setup: Setup = {
      d, m, n, ...parityData(s.child('data'), n, d), ...drawNetwork(s.child('init'), m, d), scaling: 'inv-sqrt-m', constraint: { kind: 'norm-only' }, seed: inst.seed,
    };
    // γ₊ = max_{r ≥ 0, ‖r‖ ≤ 1} min_i y_i ⟨r, φ₊(x_i)⟩ = min_{λ∈Δ} ‖(Σ_i λ_i y_i φ₊(x_i))₊‖ (CLAIMS T6, Frank–Wolfe).
    const U = new Float64Array(m * d);
    for (let j = 0; j < m; j++) {
      const w = setup.W0.subarray(j * d, (j + 1) * d);
      const c = 1 / frobenius(w);
      for (let k = 0; k < d; k++) U[j * d + k] = c * w[k];
    }
    const P = normOnlyFeatures(setup.X, setup.y, n, d, U, setup.a, m, 1 / Math.sqrt(m));
    const plus = positiveMargin(P, n, m, { relTol: T6_CERTIFICATE });
    if (!plus.converged || !(plus.lower > 0)) return { pass: false, status: 'error', reason: `γ₊ not certified: [${plus.lower}, ${plus.upper}] after ${plus.iterations} iterations` };
    const svm = minNormHull(P, n, m);
    const target = lossExp === 0 ? Math.LN2 / n : 10 ** -lossExp;
    const run = async (eta: number) => toLoss(ctx.trainer, setup, eta, target, 200_000);
    const r = await faithful(run, T6_ETA_PER_D * d);
    if (isCheck(r)) return r;
    const kept = directionsKept(r.fine.W, setup.W0, m, d);
    if (!kept.ok) return { pass: false, status: 'error', reason: `trainer rotated a norm-only row: |1 − cos| = ${kept.worst.toExponential(2)}` };
    const ratio = r.fine.gammaBar / plus.upper;
    // CLAIMS T6: γ̄/γ₊ ≥ 0.85 (γ₊ certified within plus.gap; γ̄ ≤ γ₊ always).
    return {
      pass: ratio >= T6_RATIO,
      observables: {
        ratio, gammaPlus: plus.upper, gammaPlusGap: plus.gap, svmOverGammaPlus: svm.upper / plus.upper, zeroFraction: kept.zeros / m,
        steps: r.fine.steps, halving: r.change,
      },
    };
  },
  plot: { x: 'lossExp', series: 'd', threshold: { value: 6, label: 'loss 1e−6' } },
  reference(params) {
    const e = t6Target(params);
    if (params.d !== 8) return undefined;
    if (e === 6) return { ratio: 0.93 };
    if (e === 20) return { ratio: 0.98 };
    return undefined;
  },
  notes: [
    'lossExp = e: γ̄ read at the first step with loss < 10^−e; e = 0: at the first fit, loss < ln 2/n. The large ladder traces the convergence curve (e = 0, 2, 4, 6, 10, 20).',
    `Gradient flow with base step η = ${T6_ETA_PER_D}·d (256 at d = 8; checked at 2η like every run): the norm-only features are small (‖φ₊‖² ≈ 1/(2d)) and γ₊ ≈ 0.01, so η = 4 would need ~10⁵ steps.`,
    'γ₊: Frank–Wolfe (pairwise, exact line search) on min_λ ‖(Σ λ_i y_i φ₊(x_i))₊‖, certified to gammaPlusGap; svmOverGammaPlus: the unconstrained SVM margin of the same features over γ₊ (CLAIMS: 1.5–2.8×, not reachable by norm-only training).',
    'Calibration (CLAIMS T6, numpy, d = 8, n = 64, m = 256): 1.00 at loss < 1e−6 (median 0.93, 0.98 at 1e−20; also 1.00 at d = 12); 0.00 at the first fit; 41–48% of r_j end at 0.',
  ],
};
