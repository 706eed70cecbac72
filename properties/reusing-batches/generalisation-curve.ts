// Dandi, Troiani, Arnaboldi et al. 2024: the benefits of reusing batches for gradient descent in two-layer networks.
// reusing-batches.generalisation-curve: the test error of multi-pass GD on one batch follows the paper's curve over
// the steps t, the one its simulations at D = 5000 draw next to the DMFT overlaps; one-pass GD does not.
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { splitGaussLegendre } from '../../src/core/data/hermite';
import { reluKernel, reluMean } from '../../src/core/data/relu-moments';
import { choice, integers, intParam } from '../shared/params';
import { A, instanceOf, meanAndSd, P, PAPER, REUSE_DOMAIN, runSteps, teacherLink, TITLE, type ReuseInstance } from './family';

/**
 * The paper's test error ½ E(y − f)² after t = 0..6 steps of multi-pass GD (α = 3, lr 0.2): the mean over the 32
 * runs at D = 5000 that the repository stores (data/simulations_A3_p2_k2_D5000_T7_*.npz, gen_error_list; standard
 * error 0.0006 at every t), the simulations whose overlaps result.ipynb draws on the DMFT curve.
 */
export const PUBLISHED_TEST_ERROR = [0.4917, 0.4202, 0.3859, 0.3683, 0.3587, 0.3534, 0.3504];
/**
 * The band around it. Finite D moves the mean by at most 0.0016 at D = 64 and 128 (notes); a trial's mean of 20
 * runs has a standard error of 0.0031–0.0036 at D = 64 (3 of them fit in the band); one-pass GD
 * sits 0.017 below the curve at t = 2 and 0.035 at t = 3.
 */
const BAND = 0.01;

function expectOf(params: Params): Expectation {
  const t = intParam(params, 't', 1);
  const fresh = choice(params, 'fresh', [0, 1]);
  if (t >= PUBLISHED_TEST_ERROR.length) return { outcome: 'observe', why: 'the stored curve ends at t = 6' };
  if (!fresh || t === 1) return { outcome: 'holds', why: t === 1 && fresh ? 'the first step is the same with or without reuse' : 'multi-pass GD: within 0.0016 of the curve at D = 64 and 128 (notes)' };
  if (t === 2) return { outcome: 'observe', why: 'one-pass is 0.017–0.019 below the curve at t = 2, under 2 bands: not calibrated as a control' };
  return { outcome: 'fails', why: 'one-pass GD generalises faster than the reused batch: 0.035 below the curve at t = 3, 0.05 at t = 4 (notes)' };
}

function rungOf(D: number, t: number, fresh: number, runs?: number, seeds = 20): Rung {
  const params = { D, alpha: 3, t, fresh, seeds };
  return { name: `D=${D}, t=${t}, ${fresh ? 'fresh batches' : 'reused batch'}`, params, expected: expectOf(params), ...(runs ? { runs } : {}) };
}

/** Split Gauss–Legendre sizes in h1 and h2 of the test error's 2-D expectation (converged: notes, test). */
export const TEST_ERROR_NODES = { h1: 24, h2: 80 } as const;

interface TeacherGrid {
  h1: Float64Array;
  h2: Float64Array;
  /** Product weights and the teacher's output at every node, row-major (h1 outer). */
  weight: Float64Array;
  y: Float64Array;
  /** E[y²]. */
  second: number;
}
const grids = new Map<string, TeacherGrid>();

function teacherGrid(nodes: { h1: number; h2: number }): TeacherGrid {
  const key = `${nodes.h1}:${nodes.h2}`;
  let grid = grids.get(key);
  if (!grid) {
    const r1 = splitGaussLegendre(nodes.h1);
    const r2 = splitGaussLegendre(nodes.h2);
    const n1 = r1.nodes.length;
    const n2 = r2.nodes.length;
    const weight = new Float64Array(n1 * n2);
    const y = new Float64Array(n1 * n2);
    const h = new Float64Array(2);
    let second = 0;
    for (let i = 0; i < n1; i++) {
      for (let k = 0; k < n2; k++) {
        h[0] = r1.nodes[i];
        h[1] = r2.nodes[k];
        weight[i * n2 + k] = r1.weights[i] * r2.weights[k];
        y[i * n2 + k] = teacherLink(h);
        second += weight[i * n2 + k] * y[i * n2 + k] ** 2;
      }
    }
    grid = { h1: r1.nodes, h2: r2.nodes, weight, y, second };
    grids.set(key, grid);
  }
  return grid;
}

/**
 * The population test error ½E(y − f)² of the student W (P rows of D) for the teacher Θ, x ~ N(0, I_D): with
 * h = Θx ~ N(0, I₂) and λ_j = w_j·x/√D = m_j·h + s_j ξ_j (m_j = Θw_j/√D, s_j² = |w_j|²/D − |m_j|²),
 * ½E[y²] − Σ_j a_j E_h[y·E_ξ relu(m_j·h + s_j ξ)] + ½ Σ_jk a_j a_k E[relu(λ_j) relu(λ_k)], the last in closed form.
 * No test set: a run's test error carries no sampling noise of its own.
 */
export function populationTestError(W: Float64Array, Theta: Float64Array, D: number, nodes: { h1: number; h2: number } = TEST_ERROR_NODES): number {
  const grid = teacherGrid(nodes);
  const n2 = grid.h2.length;
  const m = new Float64Array(2 * P);
  const Q = new Float64Array(P * P);
  for (let j = 0; j < P; j++) {
    for (let l = 0; l < 2; l++) m[j * 2 + l] = dot(W, j * D, Theta, l * D, D) / Math.sqrt(D);
    for (let k = 0; k < P; k++) Q[j * P + k] = dot(W, j * D, W, k * D, D) / D;
  }
  let cross = 0;
  for (let j = 0; j < P; j++) {
    const s = Math.sqrt(Math.max(0, Q[j * P + j] - m[j * 2] ** 2 - m[j * 2 + 1] ** 2));
    let e = 0;
    for (let i = 0; i < grid.h1.length; i++) {
      const along = m[j * 2] * grid.h1[i];
      for (let k = 0; k < n2; k++) e += grid.weight[i * n2 + k] * grid.y[i * n2 + k] * reluMean(along + m[j * 2 + 1] * grid.h2[k], s);
    }
    cross += A[j] * e;
  }
  let student = 0;
  for (let j = 0; j < P; j++) for (let k = 0; k < P; k++) student += A[j] * A[k] * reluKernel(Q[j * P + j], Q[k * P + k], Q[j * P + k]);
  return 0.5 * grid.second - cross + 0.5 * student;
}

function dot(u: Float64Array, i: number, v: Float64Array, k: number, n: number): number {
  let sum = 0;
  for (let q = 0; q < n; q++) sum += u[i + q] * v[k + q];
  return sum;
}

export const generalisationCurve: Claim<ReuseInstance> = {
  id: 'reusing-batches.generalisation-curve',
  paper: PAPER,
  statement: 'The test error of multi-pass GD on one batch of N = 3D samples follows the paper\'s curve over the steps, ½E(y − f)² = 0.420, 0.386, 0.368, 0.359, 0.353 at t = 1..5; one-pass GD on fresh batches leaves it.',
  source: `${TITLE}: the generalisation error of multi-pass GD for tanh(h1 + He3(h2)), α = 3, lr 0.2, next to the DMFT overlaps (the repository's D = 5000 simulations, result.ipynb)`,
  runs: 20,
  defaults: { D: 64, alpha: 3, t: 3, fresh: 0, seeds: 20 },
  domain: {
    ...REUSE_DOMAIN,
    t: integers(1, 10, 't ≤ 10 GD steps: the stored curve ends at t = 6'),
    seeds: integers(1, 100, 'runs averaged per trial: the band is 2.5 standard errors of 20'),
  },
  ladders: {
    small: [rungOf(64, 3, 0, 2), rungOf(64, 4, 1, 2)],
    // One-pass and reuse take the same first step, so a one-pass rung at t = 1 would repeat the reuse rung.
    default: [rungOf(64, 1, 0), rungOf(64, 3, 0), rungOf(64, 2, 1, 4), rungOf(64, 3, 1)],
    large: [64, 128].flatMap((D) => [1, 2, 3, 4, 5].flatMap((t) => [rungOf(D, t, 0, 30, 40), ...(t > 1 ? [rungOf(D, t, 1, 30, 40)] : [])])),
  },
  expect: expectOf,
  instance: instanceOf,
  async check(inst, ctx) {
    const { D, t, fresh, seeds } = inst;
    const errors: number[] = [];
    const firstStep: number[] = [];
    const stopped = await runSteps(ctx.trainer, inst, ({ step, W, Theta }) => {
      if (step === 0 && fresh) firstStep.push(populationTestError(W, Theta, D));
      if (step === t - 1) errors.push(populationTestError(W, Theta, D));
    });
    if (stopped) return stopped;
    const curve = meanAndSd(errors);
    const observables: Record<string, number> = { meanTestError: curve.mean, standardError: curve.sd / Math.sqrt(seeds) };
    const published = PUBLISHED_TEST_ERROR[t];
    if (published === undefined) return { pass: false, status: 'not-scored', reason: `no stored value at t = ${t}`, observables };
    // The one-pass control's premise: its first step is the curve's first step, so the trainer must land on it;
    // a trainer that does not move would otherwise fail the control for the wrong reason.
    const stepOne = fresh ? meanAndSd(firstStep).mean : curve.mean;
    if (fresh) observables.meanTestErrorStep1 = stepOne;
    if (fresh && t > 1 && !(Math.abs(stepOne - PUBLISHED_TEST_ERROR[1]) < BAND)) {
      return { pass: false, status: 'not-scored', reason: `the trainer's first step missed the curve: mean test error ${stepOne.toFixed(4)} after one step vs ${PUBLISHED_TEST_ERROR[1]} (the one-pass control needs the paper's first step)`, observables };
    }
    return { pass: Math.abs(curve.mean - published) < BAND, observables };
  },
  plot: { x: 't', series: 'fresh', labels: { fresh: ['one batch reused', 'fresh batches (one-pass)'] } },
  reference(params) {
    const v = PUBLISHED_TEST_ERROR[intParam(params, 't', 1)];
    return v === undefined ? undefined : { meanTestError: v };
  },
  notes: [
    'One trial = 20 independent runs (40 on the large ladder) of teacher, batch and student, as in reusing-batches.overlap-curve. Each run\'s test error is the population error ½E(y − f)² of the network the trainer returns after t steps, computed without a test set: with h = Θx and λ_j = m_j·h + s_j ξ, ½E[y²] − Σ a_j E_h[y·E_ξ relu(λ_j)] + ½ Σ a_j a_k E[relu(λ_j) relu(λ_k)] (the last the arc-cosine kernel, the first two by a 48 × 160 split Gauss–Legendre rule: within 7e−7 of a 256 × 800 one, and within Monte Carlo error of 10⁶ test samples). meanTestError is the runs\' mean, standardError its standard error. The check: |meanTestError − curve(t)| < 0.01.',
    'Reference: the repository\'s simulations at D = 5000 (32 runs, N = 3D test samples each), mean test error at t = 0..6: 0.4917, 0.4202, 0.3859, 0.3683, 0.3587, 0.3534, 0.3504 (sd over runs 0.0031, so a standard error of 0.0006). The DMFT file stores the overlaps, not the test error; those simulations are what result.ipynb draws on the DMFT overlap curve.',
    'Calibration (numpy, the repository\'s simulation.py with a 4096-sample test set, 200 runs per row, seed 3; mean test error at t = 0..6): D = 64 reuse 0.4919, 0.4206, 0.3868, 0.3694, 0.3600, 0.3547, 0.3518 (sd of a run 0.009–0.016); one-pass 0.4920, 0.4208, 0.3692, 0.3336, 0.3089, 0.2921, 0.2808. D = 128 reuse 0.4909, 0.4196, 0.3851, 0.3676, 0.3582, 0.3529, 0.3501; one-pass 0.4907, 0.4187, 0.3672, 0.3320, 0.3079, 0.2917, 0.2807. With N = 3D test samples (the paper\'s own evaluation, 100 runs, seed 1): D = 64 reuse t = 3 0.3651, D = 128 0.3674, D = 256 0.3695. So reuse is within 0.0016 of the D = 5000 curve at D = 64 and 128 and within 0.004 of it at t = 3 at every D from 64 to 5000; one-pass (fresh batches of the same N, the same trainer and rate) is 0.017–0.019 below it at t = 2, 0.035 at t = 3 and 0.05 at t = 4: the control is gated from t = 3, t = 2 observed.',
    'Calibration in the harness (run --at D=…,alpha=3,seeds=20,t=…,fresh=… --runs 20 --no-sequential, seeds 1 / 7; passes/trials, median meanTestError, median standardError): D = 64: reuse t = 3 20/20, 20/20 (0.3682, 0.3665; 0.0037), t = 5 20/20, 20/20 (0.3538, 0.3548); one-pass t = 2 0/20, 0/20 (0.3694, 0.3683), t = 3 0/20, 0/20 (0.3339, 0.3346), t = 5 0/19, 0/20 (0.2923, 0.2925). D = 128: reuse t = 3 20/20, 20/20 (0.3675, 0.3673; 0.0025), t = 5 20/20, 20/20 (0.3521, 0.3531); one-pass t = 2 0/20, 0/20 (0.3687, 0.3690), t = 3 0/20, 0/20 (0.3330, 0.3334), t = 5 0/20, 0/20 (0.2919, 0.2921). The standard error of a trial falls as 1/√D (0.0037 → 0.0025), so the same band is 2.7 of them at D = 64 and 4 at D = 128; at t = 2 the one-pass curve is 0.016–0.017 below, only 0.006–0.007 (about 2 standard errors at D = 64) past the band, so t = 2 stays observed although it passed 0/80 here.',
  ],
};
