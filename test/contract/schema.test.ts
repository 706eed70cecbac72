import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/contract/errors';
import { parseTrainRequest, parseTrainResult } from '../../src/contract/schema';
import type { TrainRequest } from '../../src/contract/trainer';
import { d, m, n, tinyRequest, tinyResult } from '../helpers/trainer-claims';
import { inputErrorOf } from '../helpers/input-error';

/** One malformed field: its name in the error, how to set it, and the value given. */
interface Mutation {
  field: string;
  set(target: any): void;
  /** The value the error reports: the bad value itself, or a description for arrays and objects. */
  reported?: unknown;
}

const at = (path: string, value: unknown, prepare?: (r: any) => void): Mutation => ({
  field: path,
  set(r) {
    prepare?.(r);
    const keys = path.split('.');
    let o = r;
    for (const k of keys.slice(0, -1)) o = o[k];
    o[keys[keys.length - 1]] = value;
  },
  reported: value,
});

const each = (path: string, values: unknown[], prepare?: (r: any) => void) => values.map((v) => at(path, v, prepare));

/** Arrays of the wrong type or length, and a non-finite entry (named by its index). */
function arrayMutations(path: string, length: number): fc.Arbitrary<Mutation> {
  const whole = fc.constantFrom<unknown>(
    new Float64Array(length + 1),
    new Float64Array(Math.max(0, length - 1)),
    Array.from({ length }, () => 0),
    new Float32Array(length),
    undefined,
    null,
  ).map((v) => ({ ...at(path, v), reported: undefined }));
  const entry = fc
    .record({ i: fc.integer({ min: 0, max: length - 1 }), v: fc.constantFrom(Number.NaN, Infinity, -Infinity) })
    .map(({ i, v }): Mutation => ({
      field: `${path}[${i}]`,
      set(r) {
        const keys = path.split('.');
        let o = r;
        for (const k of keys) o = o[k];
        o[i] = v;
      },
      reported: v,
    }));
  return fc.oneof(whole, entry);
}

const counts = [0, -1, 2.5, Number.NaN, Infinity, '3', null, undefined];
const positives = [0, -0.1, Number.NaN, Infinity, -Infinity, '0.1', null];
const unitRows = (r: any) => (r.constraint = { kind: 'unit-rows' });

const requestMutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(
    ...['network', 'data', 'loss', 'algorithm'].flatMap((s) => each(s, [undefined, null, 3, 'x'])),
    ...each('network.d', counts),
    ...each('network.m', counts),
    ...each('data.n', counts),
    ...each('network.activation', ['softmax', '', 3, null, undefined]),
    ...each('network.outputScaling', ['inv-d', 1, null, undefined]),
    ...each('network.inputScale', positives),
    ...each('network.trainFirst', ['yes', 1, 0, null, undefined]),
    ...each('network.trainSecond', ['no', 1, null, undefined]),
    ...each('loss.kind', ['hinge', 0, null, undefined]),
    ...each('loss.reduction', ['max', 1, null]),
    ...each('algorithm.kind', ['adam', 0, null, undefined]),
    ...each('algorithm.lr', [...positives, undefined]),
    ...each('algorithm.steps', [-1, 2.5, Number.NaN, Infinity, '3', null, undefined]),
    ...each('algorithm.traceEvery', [0, -1, 2.5, Number.NaN, Infinity, '1', null]),
    ...each('algorithm.stopAtLoss', [Number.NaN, '1e-3', null]),
    ...each('algorithm.batchSize', [undefined, 0, -1, 1.5, Number.NaN, '2'], (r) => (r.algorithm.kind = 'sgd')),
    ...each('constraint', [null, 'unit-rows', 3]),
    ...each('constraint.kind', ['l2', null, undefined], unitRows),
    ...each('constraint.norm', positives, unitRows),
    ...each('seed', [Number.NaN, Infinity, '1', null, undefined]),
  ),
  arrayMutations('network.W', m * d),
  arrayMutations('network.a', m),
  arrayMutations('data.X', n * d),
  arrayMutations('data.y', n),
);

const steps = tinyRequest().algorithm.steps;
const resultMutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(
    ...each('steps', [-1, 2.5, steps + 1, Number.NaN, Infinity, '3', null, undefined]),
    ...each('trace', [undefined, null, [1, 2], 'x']),
    ...each('trace.step', [undefined, null, 'x']),
    ...[-1, 1.5, steps + 1, Number.NaN].map((v): Mutation => ({ field: 'trace.step[1]', set: (r) => (r.trace.step[1] = v), reported: v })),
    ...each('trace.loss', [undefined, null, 'x', [1]]),
    ...['x', null].map((v): Mutation => ({ field: 'trace.loss[1]', set: (r) => (r.trace.loss[1] = v), reported: v })),
    ...each('diverged', [null, 3, 'x']),
    ...each('diverged.step', [-1, 1.5, steps + 1, Number.NaN, undefined], (r) => (r.diverged = { step: 1, loss: Number.NaN })),
  ),
  arrayMutations('W', m * d),
  arrayMutations('a', m),
);

/** One line naming the field, the value given and what is allowed; no stack trace. */
function expectNamed(err: InputError, field: string, mutation: Mutation): void {
  expect(err.field).toBe(field);
  expect(err.message).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: got .*; allowed: .+$`));
  expect(err.message).not.toContain('\n');
  if (typeof mutation.reported === 'number' || typeof mutation.reported === 'string' || mutation.reported === null) {
    expect(Object.is(err.value, mutation.reported)).toBe(true);
  }
}

describe('TrainRequest schema', () => {
  it('accepts valid requests with or without the optional fields', () => {
    expect(parseTrainRequest(tinyRequest())).toBeDefined();
    const r = tinyRequest();
    r.network.inputScale = 2;
    r.loss.reduction = 'sum';
    r.algorithm = { kind: 'sgd', lr: 1, steps: 0, batchSize: 2, stopAtLoss: -Infinity, traceEvery: 5 };
    r.constraint = { kind: 'unit-rows', norm: 3 };
    expect(parseTrainRequest(r)).toBe(r);
  });

  it('rejects every malformed field with one InputError naming it', () => {
    fc.assert(
      fc.property(requestMutations, (mutation) => {
        const r = tinyRequest();
        mutation.set(r);
        expectNamed(inputErrorOf(() => parseTrainRequest(r)), `TrainRequest.${mutation.field}`, mutation);
      }),
      { numRuns: 400 },
    );
  });
});

describe('TrainResult schema', () => {
  it('accepts a valid result, and non-finite weights when the run diverged', () => {
    const request = tinyRequest();
    expect(parseTrainResult(tinyResult(request), request)).toBeDefined();
    const diverged = { ...tinyResult(request), W: new Float64Array(m * d).fill(Number.NaN), diverged: { step: 3, loss: Infinity } };
    expect(parseTrainResult(diverged, request)).toBe(diverged);
  });

  it('rejects every malformed field with one InputError naming it', () => {
    fc.assert(
      fc.property(resultMutations, (mutation) => {
        const request = tinyRequest();
        const result = tinyResult(request);
        mutation.set(result);
        expectNamed(inputErrorOf(() => parseTrainResult(result, request)), `TrainResult.${mutation.field}`, mutation);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a result that is not an object', () => {
    for (const value of [undefined, null, 3, 'W', []]) {
      expect(inputErrorOf(() => parseTrainResult(value, tinyRequest())).field).toMatch(/^TrainResult/);
    }
  });
});

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
    parseTrainRequest(r);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).field;
  }
  return 'no error';
}

describe('TrainRequest rules, field by field', () => {
  it('accepts a valid request, with or without the optional fields', () => {
    expect(() => parseTrainRequest(valid())).not.toThrow();
    const r = valid();
    r.network.inputScale = 2;
    r.loss.reduction = 'sum';
    r.algorithm = { kind: 'gd', lr: 1, steps: 0, stopAtLoss: -Infinity, traceEvery: 5 };
    r.constraint = { kind: 'unit-rows', norm: 3 };
    expect(() => parseTrainRequest(r)).not.toThrow();
    r.constraint = { kind: 'norm-only' };
    expect(() => parseTrainRequest(r)).not.toThrow();
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
      expect(fieldOf(patch)).toBe(`TrainRequest.${field}`);
    });
  }

  it('says what is allowed', () => {
    const r = valid();
    r.algorithm.batchSize = 9;
    expect(() => parseTrainRequest(r)).toThrow('TrainRequest.algorithm.batchSize: got 9; allowed: an integer in [1, n] = [1, 4] for sgd');
    const q = valid();
    q.network.W = new Float64Array(2);
    expect(() => parseTrainRequest(q)).toThrow(/network\.W.*length m·d = 6/);
  });

  it('names the rules of one-pass SGD, the displacement and the probe', () => {
    const online = (patch: (r: any) => void) =>
      fieldOf((r) => {
        r.algorithm = { kind: 'online', lr: 0.1, steps: 2, batchSize: 2 };
        patch(r);
      });
    expect(online(() => undefined)).toBe('no error');
    expect(online((r) => (r.algorithm.steps = 3))).toBe('TrainRequest.data.n');
    expect(online((r) => (r.algorithm.displacement = -1))).toBe('TrainRequest.algorithm.displacement');
    expect(online((r) => ((r.algorithm.displacement = 0.1), (r.constraint = { kind: 'norm-only' })))).toBe('TrainRequest.constraint.kind');
    expect(online((r) => (r.probe = { direction: new Float64Array(3) }))).toBe('TrainRequest.probe.direction');
    expect(online((r) => (r.probe = { direction: new Float64Array(2), stopAbove: Number.NaN }))).toBe('TrainRequest.probe.stopAbove');
    expect(online((r) => (r.probe = { direction: new Float64Array(2), stopAbove: 0.5 }))).toBe('no error');
    expect(fieldOf((r) => (r.algorithm.displacement = 0.1))).toBe('TrainRequest.algorithm.displacement');
    expect(fieldOf((r) => (r.probe = { direction: new Float64Array(2) }))).toBe('TrainRequest.probe');
    const normOnly = valid();
    normOnly.network.W.fill(0, 2, 4);
    normOnly.constraint = { kind: 'norm-only' };
    expect(() => parseTrainRequest(normOnly)).toThrow('TrainRequest.network.W: got "row 1 of norm 0"; allowed: rows of nonzero norm under the norm-only constraint');
  });

  it('ignores batchSize outside sgd', () => {
    const r = valid();
    r.algorithm = { kind: 'gd', lr: 0.1, steps: 1, batchSize: 100 };
    expect(() => parseTrainRequest(r)).not.toThrow();
  });
});
