// Telgarsky 2023: margins of low-rotation two-layer ReLU networks (CLAIMS.md, section T).
// low-rotation.neural-collapse (T5): with k tight groups, n ≈ 3k ln k samples reach test error ≤ 0.05.
import fc from 'fast-check';
import { drawGroups, groupsSeen, sampleGroups } from '../../src/core/data/clusters';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { classificationError } from '../../src/core/model/margin';
import { architecture, predict } from '../../src/core/model/network';
import { stream } from '../../src/core/rng';
import { integers, intParam, SEED } from '../shared/params';
import { drawNetwork, ETA, faithful, isCheck, PAPER, TITLE, toLoss, type Setup } from './family';

// ------------------------------------------------------------------------------------------------
// T5 neural collapse: samples scale with the number of groups.

/** CLAIMS T5: test error ≤ 0.05. */
const T5_ERROR = 0.05;
const T5_D = 16;
const T5_M = 256;
const T5_TEST = 2000;
const T5_LOSS = 1e-2;

export interface GroupInstance {
  k: number;
  n: number;
  seed: number;
}

/*
 * Calibration below CLAIMS' k = 8 (harness, every trial run; passes of test error ≤ 0.05 at n = ⌈3k ln k⌉):
 *   k = 4 (n = 17): 99/100 (seed 1), 98/100 (seed 7)     k = 3 (n = 10): 93/99     k = 2 (n = 5): 96/100
 * The misses are samples that leave a group unseen, k(1 − 1/k)^n = 3.0% at k = 4 but 5.2% and 6.3% at k = 3 and 2:
 * 3k ln k is a large-k rule, so the holds side is gated from k = 4.
 */
const T5_GATED_FROM_K = 4;

function t5Expect(p: Params): Expectation {
  const k = intParam(p, 'k', 2);
  const n = intParam(p, 'n', 1);
  if (n >= 3 * k * Math.log(k)) {
    if (k < T5_GATED_FROM_K) return { outcome: 'observe', why: `k < ${T5_GATED_FROM_K}: a group goes unseen in k(1 − 1/k)^n ≥ 5% of samples (93/99 at k = 3, 96/100 at k = 2)` };
    return { outcome: 'holds', why: 'n = 3k ln k: 1.00 for k = 8, 16, 32 (CLAIMS T5); 99/100 and 98/100 at k = 4' };
  }
  if (n < k / 2) return { outcome: 'fails', why: 'n < k/2: an unseen group, error > 0.1 in all seeds (CLAIMS T5)' };
  return { outcome: 'observe', why: 'n = k ln k: 0.6–0.8 (CLAIMS T5)' };
}

function t5Rung(k: number, rule: '3k ln k' | 'k ln k' | '< k/2', runs: number): Rung {
  const n = rule === '3k ln k' ? Math.ceil(3 * k * Math.log(k)) : rule === 'k ln k' ? Math.ceil(k * Math.log(k)) : Math.ceil(k / 2) - 1;
  const params = { k, n };
  return { name: `k=${k}, n=${rule} (${n})`, params, expected: t5Expect(params), runs };
}

export const neuralCollapse: Claim<GroupInstance> = {
  id: 'low-rotation.neural-collapse',
  paper: PAPER,
  statement: 'With k tight, well-separated groups, gradient flow reaches test error ≤ 0.05 from n ≈ 3k ln k samples; with fewer than k/2 samples it cannot.',
  source: `${TITLE}: the neural-collapse regime (sample complexity scales with the number of groups)`,
  runs: 5,
  defaults: { k: 8, n: 50 },
  domain: {
    k: integers(2, 64, 'k ≤ 64 groups: 5 s a trial at k = 64, n = 800 (CLAIMS T5: k = 8, 16, 32)'),
    n: integers(1, 1000, 'n ≤ 1000: n = 3k ln k is 798 at k = 64'),
  },
  ladders: {
    small: [t5Rung(4, '3k ln k', 3), t5Rung(8, '< k/2', 3)],
    // k = 16 at 3k ln k runs in the large ladder only (the family's default run time); the controls keep both sizes,
    // with 40 trials: at k = 8 the control passes at 0.03 (9 of 259), so 20 would end inconclusive in about 1 run in 30.
    default: [t5Rung(8, '3k ln k', 20), t5Rung(8, 'k ln k', 8), t5Rung(8, '< k/2', 40), t5Rung(16, '< k/2', 40)],
    // The large ladder's controls get the default's 40 trials too: with 20, k = 8 ended inconclusive at seed 1 (3/20).
    large: [8, 16, 32].flatMap((k) => [t5Rung(k, '3k ln k', 20), t5Rung(k, 'k ln k', 10), t5Rung(k, '< k/2', 40)]),
  },
  expect: t5Expect,
  instance(params) {
    return fc.record({ k: fc.constant(intParam(params, 'k', 2)), n: fc.constant(intParam(params, 'n', 1)), seed: SEED });
  },
  async check(inst, ctx) {
    const { k, n } = inst;
    const d = T5_D;
    const m = T5_M;
    const s = stream(inst.seed);
    // CLAIMS T5: centres of norm 0.9 at pairwise distance ≥ 1, radius 0.05, a random label per group.
    const groups = drawGroups(s.child('groups'), k, d, { norm: 0.9, minDistance: 1, radius: 0.05 });
    const train = sampleGroups(s.child('train'), groups, n);
    const test = sampleGroups(s.child('test'), groups, T5_TEST);
    const setup: Setup = { d, m, n, X: train.X, y: train.y, ...drawNetwork(s.child('init'), m, d), scaling: 'inv-sqrt-m', seed: inst.seed };
    const r = await faithful((eta) => toLoss(ctx.trainer, setup, eta, T5_LOSS, 20_000), ETA);
    if (isCheck(r)) return r;
    const net = architecture({ activation: 'relu', d, m, outputScaling: 'inv-sqrt-m' });
    const testError = classificationError(predict(net, r.fine.W, setup.a, test.X, T5_TEST), test.y, T5_TEST);
    const seen = groupsSeen(train.group, k);
    // CLAIMS T5: test error ≤ 0.05 on a fresh sample.
    return { pass: testError <= T5_ERROR, observables: { testError, unseenGroups: k - seen, steps: r.fine.steps, halving: r.change } };
  },
  plot: { x: 'n', series: 'k', logX: true },
  notes: [
    `d = ${T5_D}, m = ${T5_M}; gradient flow to the first step with loss < ${T5_LOSS}; test error on a fresh sample of ${T5_TEST} points (standard error ≤ 0.011).`,
    'Calibration (CLAIMS T5, numpy): n = 3k ln k: 1.00 for k = 8, 16, 32; n = k ln k: 0.6–0.8 (observe); n < k/2: an unseen group, fails in all seeds.',
    'Calibration (harness, reference trainer, seeds 1 and 7, 100 trials each): n < k/2 passes in 5 of 198 scored trials at k = 8 (n = 3: the unseen groups all land on the predicted side; 4 of 61 more in the default runs at seeds 1 and 7) and 0 of 200 at k = 16 (n = 7).',
    'Calibration of the small ladder\'s k = 4 (harness, 100 trials): n = 3k ln k passes 99/100 (seed 1) and 98/100 (seed 7); below k = 4 the rule leaves a group unseen in ≥ 5% of samples (93/99 at k = 3, 96/100 at k = 2), so those are observed.',
  ],
};
