import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/contract/errors';
import { parseTrainRequest, parseTrainResult } from '../../src/contract/schema';
import type { TrainRequest } from '../../src/contract/trainer';
import { validateRequest } from '../../src/core/train/validate';
import { d, m, n, tinyRequest, tinyResult } from '../helpers/trainer-claims';

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

/** The InputError thrown by fn, or a failure naming what happened instead. */
function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  return expect.fail('no InputError thrown');
}

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

  it('rejects every malformed field with one InputError naming it, as the trainer\'s own validation does', () => {
    fc.assert(
      fc.property(requestMutations, (mutation) => {
        const r = tinyRequest();
        mutation.set(r);
        expectNamed(inputErrorOf(() => parseTrainRequest(r)), `TrainRequest.${mutation.field}`, mutation);
        // The reference trainer's validation refuses the same request.
        expect(() => validateRequest(r as TrainRequest)).toThrow(InputError);
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
