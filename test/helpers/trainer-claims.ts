// A toy claim that trains through ctx.trainer, and trainers that misbehave on purpose: for the guard at the
// plug-in boundary (validation, divergence) without any real training cost.
import fc from 'fast-check';
import type { Claim } from '../../src/contract/claim';
import type { TrainRequest, TrainResult, Trainer } from '../../src/contract/trainer';

export const d = 2;
export const m = 3;
export const n = 4;

/** A valid request: relu network, d = 2, m = 3, n = 4, full-batch gd. */
export function tinyRequest(seed = 1): TrainRequest {
  return {
    network: {
      activation: 'relu', d, m, outputScaling: 'inv-m', trainFirst: true, trainSecond: false,
      W: Float64Array.from({ length: m * d }, (_, k) => 0.1 * (k + 1)), a: new Float64Array(m).fill(1),
    },
    data: { n, X: Float64Array.from({ length: n * d }, (_, k) => Math.sin(k + seed)), y: Float64Array.from({ length: n }, (_, i) => Math.cos(i)) },
    loss: { kind: 'square' },
    algorithm: { kind: 'gd', lr: 0.1, steps: 10 },
    seed,
  };
}

/** A valid result for tinyRequest: the initial weights after `steps` steps with a decreasing loss. */
export function tinyResult(request: TrainRequest = tinyRequest()): TrainResult {
  const steps = request.algorithm.steps;
  return {
    W: request.network.W.slice(),
    a: request.network.a.slice(),
    steps,
    trace: { step: [0, steps], loss: [1, 0.5] },
  };
}

/** A trainer that answers every request with what `result` makes of it. */
export function fakeTrainer(result: (request: TrainRequest) => unknown, name = 'fake'): Trainer {
  return { name, supports: () => true, train: (request) => result(request) as TrainResult };
}

/** Passes when the trained first layer has finite norm: the predicate reads the trained network. */
export const trainingClaim: Claim<{ seed: number }> = {
  id: 'toy.training',
  paper: 'none',
  statement: 'training returns a network',
  runs: 6,
  defaults: {},
  ladders: { small: [{ params: {}, expected: { outcome: 'holds' } }], default: [], large: [] },
  expect: () => ({ outcome: 'holds' }),
  instance: () => fc.record({ seed: fc.integer({ min: 1, max: 1000 }) }),
  async check(inst, ctx) {
    const request = tinyRequest(inst.seed);
    if (!ctx.trainer.supports(request)) return { pass: false, status: 'skipped', reason: 'unsupported' };
    const result = await ctx.trainer.train(request);
    let q = 0;
    for (const w of result.W) q += w * w;
    return { pass: Number.isFinite(q), observables: { norm: Math.sqrt(q), steps: result.steps } };
  },
};
