// Dandi, Troiani, Arnaboldi et al. 2024: the benefits of reusing batches for gradient descent in two-layer networks.
// reusing-batches.overlap-curve (M1): multi-pass GD on one batch follows the paper's DMFT overlap curve.
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { choice, integers, intParam } from '../shared/params';
import { instanceOf, meanAndSd, PAPER, REUSE_DOMAIN, runSteps, TITLE, type ReuseInstance } from './family';

// ------------------------------------------------------------------------------------------------
// M1 the overlap curve of the paper.

/** The direction u in the (h1, h2) plane along which the paper plots neuron 0's overlap (CLAIMS M1). */
const U = [0.767832, -0.640651];
/** Published DMFT values (D = 5000) of the mean |m(t)| at t = 1, 2, 3 (CLAIMS M1). */
export const M1_PUBLISHED = [0.0987, 0.1609, 0.201];
/** The mean over seeds is within 0.03 of the published value (CLAIMS M1). */
const M1_TOLERANCE = 0.03;

/** |m| of neuron j along u: m = ⟨w_j, w*⟩ / D with w* = √D (u1 θ1 + u2 θ2) (CLAIMS M1). */
function overlapAlongU(W: Float64Array, j: number, Theta: Float64Array, D: number): number {
  let m = 0;
  for (let q = 0; q < D; q++) m += W[j * D + q] * (U[0] * Theta[q] + U[1] * Theta[D + q]);
  return Math.abs(m) / Math.sqrt(D);
}

function m1Expect(params: Params): Expectation {
  const t = intParam(params, 't', 1);
  const fresh = choice(params, 'fresh', [0, 1]);
  if (t > M1_PUBLISHED.length) return { outcome: 'observe', why: 'published values only for t ≤ 3' };
  if (!fresh || t === 1) return { outcome: 'holds', why: t === 1 && fresh ? 'the first step is the same with or without reuse' : 'CLAIMS M1: 0.097, 0.161, 0.204 at D = 64 (40 seeds)' };
  // CLAIMS M1 puts the control's failure from t = 2; the one-pass curve is 0.018 above the reuse curve there, inside
  // the 0.03 of the check at every D measured (see the calibration note), so the control is gated from t = 3.
  if (t === 2) return { outcome: 'observe', why: 'one-pass |m(2)| = 0.179 (D = 64, 128; 0.1787 at D = 1000 with the paper\'s simulation.py) is within 0.03 of 0.1609: the check cannot fail at t = 2' };
  return { outcome: 'fails', why: 'one-pass GD leaves the reuse curve: 0.245 at t = 3 vs 0.201 (D = 64, 128)' };
}

function m1Rung(D: number, t: number, fresh: number, runs?: number): Rung {
  const params = { D, alpha: 3, t, fresh, seeds: 40 };
  return { name: `D=${D}, t=${t}, ${fresh ? 'fresh batches' : 'reused batch'}`, params, expected: m1Expect(params), ...(runs ? { runs } : {}) };
}

export const overlapCurve: Claim<ReuseInstance> = {
  id: 'reusing-batches.overlap-curve',
  paper: PAPER,
  statement: 'Multi-pass GD on one batch of N = 3D samples follows the DMFT overlap curve |m(t)| = 0.0987, 0.1609, 0.2010 at t = 1, 2, 3.',
  source: `${TITLE}: DMFT curve of the overlap for tanh(h1 + He3(h2)), α = 3 (CLAIMS M1)`,
  runs: 20,
  defaults: { D: 64, alpha: 3, t: 3, fresh: 0, seeds: 40 },
  domain: {
    ...REUSE_DOMAIN,
    t: integers(1, 10, 't ≤ 10 GD steps: published values for t ≤ 3'),
    seeds: integers(1, 100, 'runs averaged per trial: CLAIMS M1 asks for ≥ 20'),
  },
  ladders: {
    small: [m1Rung(64, 2, 0, 2), m1Rung(64, 3, 1, 2)],
    // One-pass and reuse take the same first step, so a one-pass rung at t = 1 would repeat the reuse rung.
    default: [m1Rung(64, 1, 0), ...[2, 3].flatMap((t) => [m1Rung(64, t, 0), m1Rung(64, t, 1)])],
    large: [64, 128].flatMap((D) => [1, 2, 3].flatMap((t) => [m1Rung(D, t, 0, 30), m1Rung(D, t, 1, 30)])),
  },
  expect: m1Expect,
  instance: instanceOf,
  async check(inst, ctx) {
    const { D, N, t, fresh } = inst;
    const m0: number[] = [];
    const m1: number[] = [];
    const firstStep: number[] = [];
    const losses: number[] = [];
    const stopped = await runSteps(ctx.trainer, inst, ({ step, W, Theta, loss }) => {
      if (step === 0) firstStep.push(overlapAlongU(W, 0, Theta, D));
      if (step < t - 1) return;
      m0.push(overlapAlongU(W, 0, Theta, D));
      m1.push(overlapAlongU(W, 1, Theta, D));
      losses.push(loss / N);
    });
    if (stopped) return stopped;
    const curve = meanAndSd(m0);
    const observables: Record<string, number> = {
      meanOverlap: curve.mean,
      sdOverlap: curve.sd,
      meanOverlapNeuron1: meanAndSd(m1).mean,
      meanLoss: meanAndSd(losses).mean,
    };
    const published = M1_PUBLISHED[t - 1];
    if (published === undefined) return { pass: false, status: 'not-scored', reason: `no published value at t = ${t}`, observables };
    // Premise of the one-pass control: its first step is the reuse curve's first step (same batch size, same
    // rate), so the trained network must sit on the published m(1); else the control's failure says nothing.
    const stepOne = meanAndSd(firstStep).mean;
    observables.meanOverlapStep1 = stepOne;
    if (fresh && t > 1 && !(Math.abs(stepOne - M1_PUBLISHED[0]) < M1_TOLERANCE)) {
      return { pass: false, status: 'not-scored', reason: `the trainer's first step did not reach the published m(1): mean |m(1)| = ${stepOne.toFixed(4)} vs ${M1_PUBLISHED[0]} (the one-pass control needs the paper's first step)`, observables };
    }
    // CLAIMS M1: |mean over seeds of |m(t)| − published(t)| < 0.03.
    return { pass: Math.abs(curve.mean - published) < M1_TOLERANCE, observables };
  },
  plot: { x: 't', series: 'fresh', labels: { fresh: ['one batch reused', 'fresh batches (one-pass)'] } },
  reference(params) {
    const v = M1_PUBLISHED[intParam(params, 't', 1) - 1];
    return v === undefined ? undefined : { meanOverlap: v };
  },
  notes: [
    'One trial = 40 independent runs (teacher, batch, student); meanOverlap is the mean over them of |m(t)| of neuron 0 along u = (0.767832, −0.640651), sdOverlap their standard deviation (the standard error of the mean is sdOverlap/√40). meanLoss: ½ mean (y − f)² on the last batch after the last step.',
    'Reference: the published DMFT values at D = 5000. CLAIMS numpy at D = 64 (40 seeds): 0.097 ± 0.021, 0.161, 0.204; D = 128: 0.100, 0.161, 0.201. numpy here (200 seeds, D = 64): reuse 0.0972, 0.1587, 0.1999; fresh batches 0.0972, 0.1786, 0.2433.',
    'Negative control (fresh = 1): one-pass GD, a new batch of the same N = αD every step, the same trainer, rate and check. Its first step is the reuse curve\'s first step (holds at t = 1), and that is its premise: a trial whose mean |m(1)| misses 0.0987 by 0.03 or more is not scored (a trainer that never moves would otherwise pass for the control).',
    'Calibration of the control (theorycheck run --at ... --runs 30 --no-sequential, seed 7; one trial = 40 runs; passes/trials, median mean |m(t)|): D = 64: t = 2: reuse 30/30 (0.161), one-pass 30/30 (0.179); t = 3: reuse 30/30 (0.206), one-pass 0/30 (0.245). D = 128: t = 2: reuse 30/30 (0.163), one-pass 30/30 (0.181); t = 3: reuse 30/30 (0.202), one-pass 0/30 (0.246). The paper\'s own simulation.py with online = True (D = 1000, 32 runs) gives the one-pass curve 0.0981, 0.1787, 0.2420 (reuse 0.0966, 0.1574, 0.1986); the repository stores no one-pass curve. So one-pass sits 0.018 above the published 0.1609 at t = 2 at every D, inside the check\'s 0.03: CLAIMS M1\'s "fails from t = 2" cannot hold with its own tolerance, and the gated control is t = 3 (0.044 away), t = 2 observed.',
  ],
};
