// properties/reusing-batches/family.ts: convention M, one GD step per train call, as the reference trainer serves it.
import { describe, it } from 'vitest';
import { referenceTrainer } from '../../../src/core/train';
import type { TrainRequest } from '../../../src/contract/trainer';
import { expectArraysClose, expectClose } from '../../helpers/close';

/** The convention-M request: relu, a fixed, pre-activations w·x/√D, sum loss, lr 0.2. */
function multiPassRequest(W: Float64Array, a: Float64Array, D: number, X: Float64Array, y: Float64Array, N: number, steps: number): TrainRequest {
  return {
    network: { activation: 'relu', d: D, m: a.length, outputScaling: 'none', inputScale: Math.sqrt(D), trainFirst: true, trainSecond: false, W, a },
    data: { n: N, X, y },
    loss: { kind: 'square', reduction: 'sum' },
    algorithm: { kind: 'gd', lr: 0.2, steps },
    seed: 0,
  };
}

describe('convention M: multi-pass GD is gd on the fixed batch with the sum loss and inputScale √D', () => {
  // D = 4, N = 2, p = 2: neuron 1 active on sample 1 only, neuron 2 on sample 2 only.
  const D = 4;
  const W0 = Float64Array.of(2, 0, 0, 0, 0, 2, 0, 0);
  const a = Float64Array.of(Math.SQRT1_2, -Math.SQRT1_2);
  const X = Float64Array.of(1, -1, 0, 1, -1, 1, 1, 0);
  const y = Float64Array.of(0.5, -0.25);

  it('matches the hand-derived first step w_j ← w_j + η a_j Σ_i r_i relu\'(λ_ij) x_i/√D', async () => {
    // λ = w·x/√D = w·x/2: sample 1: (1, −1) → relu (1, 0); sample 2: (−1, 1) → relu (0, 1).
    const f = [a[0] * 1, a[1] * 1];
    const r = [y[0] - f[0], y[1] - f[1]];
    const expected = W0.slice();
    for (let q = 0; q < D; q++) {
      expected[q] += 0.2 * a[0] * r[0] * X[q] / 2;
      expected[D + q] += 0.2 * a[1] * r[1] * X[D + q] / 2;
    }
    const result = await referenceTrainer.train(multiPassRequest(W0, a, D, X, y, 2, 1));
    expectArraysClose(result.W, expected, 1e-14, 'W1');
    expectClose(result.trace.loss[0], 0.5 * (r[0] ** 2 + r[1] ** 2), 1e-14, 'sum loss before the step');
  });

  it('t calls of one step on the same batch are t steps of multi-pass GD (full-batch GD keeps no state)', async () => {
    let W: Float64Array = W0;
    for (let t = 0; t < 3; t++) W = (await referenceTrainer.train(multiPassRequest(W, a, D, X, y, 2, 1))).W;
    const once = await referenceTrainer.train(multiPassRequest(W0, a, D, X, y, 2, 3));
    expectArraysClose(W, once.W, 0, 'W3');
  });
});
