import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/contract/errors';
import { validateRequest } from '../../../src/core/train/validate';
import type { TrainRequest } from '../../../src/contract/trainer';

function valid(): TrainRequest {
  const n = 4, d = 2, m = 3;
  return {
    network: {
      activation: 'relu', d, m, outputScaling: 'inv-m', trainFirst: true, trainSecond: false,
      W: Float64Array.from({ length: m * d }, (_, k) => k + 1), a: new Float64Array(m).fill(1),
    },
    data: { n, X: new Float64Array(n * d).fill(0.5), y: new Float64Array(n) },
    loss: { kind: 'square' },
    algorithm: { kind: 'sgd', lr: 0.1, steps: 10, batchSize: 2 },
    seed: 3,
  };
}

/** Applies a patch to a fresh valid request and returns the field named by the InputError thrown. */
function fieldOf(patch: (r: TrainRequest & Record<string, any>) => void): string {
  const r = valid() as TrainRequest & Record<string, any>;
  patch(r);
  try {
    validateRequest(r);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).field;
  }
  return 'no error';
}

describe('validateRequest', () => {
  it('accepts a valid request, with or without the optional fields', () => {
    expect(() => validateRequest(valid())).not.toThrow();
    const r = valid();
    r.network.inputScale = 2;
    r.loss.reduction = 'sum';
    r.algorithm = { kind: 'gd', lr: 1, steps: 0, stopAtLoss: -Infinity, traceEvery: 5 };
    r.constraint = { kind: 'unit-rows', norm: 3 };
    expect(() => validateRequest(r)).not.toThrow();
    r.constraint = { kind: 'norm-only' };
    expect(() => validateRequest(r)).not.toThrow();
  });

  const cases: [string, (r: any) => void][] = [
    ['network.activation', (r) => (r.network.activation = 'gelu')],
    ['network.d', (r) => (r.network.d = 0)],
    ['network.d', (r) => (r.network.d = 1.5)],
    ['network.m', (r) => (r.network.m = -1)],
    ['network.outputScaling', (r) => (r.network.outputScaling = 'inv-m2')],
    ['network.inputScale', (r) => (r.network.inputScale = 0)],
    ['network.inputScale', (r) => (r.network.inputScale = Number.NaN)],
    ['network.trainFirst', (r) => (r.network.trainFirst = 1)],
    ['network.trainSecond', (r) => (r.network.trainSecond = undefined)],
    ['network.W', (r) => (r.network.W = new Float64Array(5))],
    ['network.W', (r) => (r.network.W = [1, 2, 3, 4, 5, 6])],
    ['network.W[2]', (r) => (r.network.W[2] = Number.NaN)],
    ['network.a', (r) => (r.network.a = new Float64Array(2))],
    ['network.a[0]', (r) => (r.network.a[0] = Infinity)],
    ['data.n', (r) => (r.data.n = 0)],
    ['data.X', (r) => (r.data.X = new Float64Array(7))],
    ['data.X[3]', (r) => (r.data.X[3] = Number.NaN)],
    ['data.y', (r) => (r.data.y = new Float64Array(3))],
    ['data.y[1]', (r) => (r.data.y[1] = Number.NaN)],
    ['loss.kind', (r) => (r.loss.kind = 'hinge')],
    ['loss.reduction', (r) => (r.loss.reduction = 'max')],
    ['algorithm.kind', (r) => (r.algorithm.kind = 'adam')],
    ['algorithm.lr', (r) => (r.algorithm.lr = 0)],
    ['algorithm.lr', (r) => (r.algorithm.lr = Infinity)],
    ['algorithm.steps', (r) => (r.algorithm.steps = -1)],
    ['algorithm.steps', (r) => (r.algorithm.steps = 2.5)],
    ['algorithm.batchSize', (r) => (r.algorithm.batchSize = 0)],
    ['algorithm.batchSize', (r) => (r.algorithm.batchSize = 5)],
    ['algorithm.batchSize', (r) => (r.algorithm.batchSize = undefined)],
    ['algorithm.stopAtLoss', (r) => (r.algorithm.stopAtLoss = Number.NaN)],
    ['algorithm.traceEvery', (r) => (r.algorithm.traceEvery = 0)],
    ['constraint.kind', (r) => (r.constraint = { kind: 'sphere' })],
    ['constraint.norm', (r) => (r.constraint = { kind: 'unit-rows', norm: -1 })],
    ['network.W', (r) => ((r.network.W = new Float64Array(6).fill(1).fill(0, 2, 4)), (r.constraint = { kind: 'norm-only' }))],
    ['seed', (r) => (r.seed = Number.NaN)],
    ['seed', (r) => (r.seed = '1')],
    ['network', (r) => (r.network = null)],
  ];
  for (const [field, patch] of cases) {
    it(`names ${field} for ${patch.toString().replace(/^\(r\) => /, '')}`, () => {
      expect(fieldOf(patch)).toBe(field);
    });
  }

  it('says what is allowed', () => {
    const r = valid();
    r.algorithm.batchSize = 9;
    expect(() => validateRequest(r)).toThrow('algorithm.batchSize: got 9; allowed: an integer in [1, n] = [1, 4] for sgd');
    const q = valid();
    q.network.W = new Float64Array(2);
    expect(() => validateRequest(q)).toThrow(/network\.W.*length m·d = 6/);
  });

  it('ignores batchSize outside sgd', () => {
    const r = valid();
    r.algorithm = { kind: 'gd', lr: 0.1, steps: 1, batchSize: 100 };
    expect(() => validateRequest(r)).not.toThrow();
  });
});
