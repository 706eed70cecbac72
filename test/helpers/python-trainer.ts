// Trainers written in Python (examples/*.py): the interpreter that has their library, CI's rule for a missing one,
// and the requests on which each must train as the reference trainer does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { z } from 'zod';
import { stream } from '../../src/core/rng';
import { referenceTrainer } from '../../src/core/train/reference';
import { pythonWith } from '../../src/runner/trainers/python';
import type { Trainer, TrainRequest, TrainResult } from '../../src/contract/trainer';

export const root = join(import.meta.dirname, '../..');
const protocolSchema = JSON.parse(readFileSync(join(root, 'docs/trainer-protocol.schema.json'), 'utf8'));
/** A validator of one definition of docs/trainer-protocol.schema.json. */
export const wireAs = (def: string) => z.fromJSONSchema({ ...protocolSchema, anyOf: undefined, $ref: `#/$defs/${def}` });

const inCI = Boolean(process.env.CI) && !['0', 'false'].includes(String(process.env.CI).toLowerCase());

/**
 * A python3 that imports `module`, for the tests of the example that needs it. Elsewhere a missing one skips those
 * tests (vitest prints them as skipped); in CI it is a failure, since .ci/run installs `debianPackage`.
 */
export function pythonForExample(module: string, example: string, debianPackage: string): string | undefined {
  const python = pythonWith(module);
  if (!python && inCI) throw new Error(`python3 with ${module} is required in CI for ${example}; .ci/run installs ${debianPackage}`);
  return python;
}

/** A small request (d = 3, m = 2, n = 8, both layers trained), with algorithm fields and activation overridden. */
export function smallRequest(overrides: Partial<TrainRequest['algorithm']> = {}, activation: TrainRequest['network']['activation'] = 'tanh'): TrainRequest {
  const s = stream('process-test');
  const d = 3;
  const m = 2;
  const n = 8;
  return {
    network: { activation, d, m, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: true, W: s.normals(m * d, 0.7), a: s.normals(m) },
    data: { n, X: s.normals(n * d), y: s.normals(n) },
    loss: { kind: 'square', reduction: 'mean' },
    algorithm: { kind: 'gd', lr: 0.1, steps: 5, ...overrides },
    seed: 7,
  };
}

/** One request of every deterministic algorithm, loss, constraint and option. */
function deterministicRequests(): TrainRequest[] {
  const request = smallRequest;
  return [
    request(),
    request({ kind: 'gd-backtracking', lr: 1, steps: 8 }),
    request({ kind: 'sgd', batchSize: 8, steps: 6 }),
    request({ kind: 'online', batchSize: 2, steps: 4, displacement: 0.3 }),
    { ...request({}, 'relu'), loss: { kind: 'logistic', reduction: 'sum' }, constraint: { kind: 'unit-rows' } },
    { ...request({}, 'quadratic'), network: { ...request({}, 'quadratic').network, outputScaling: 'none', trainSecond: false }, constraint: { kind: 'norm-only' } },
    { ...request({ kind: 'online', batchSize: 2, steps: 4 }, 'he3'), loss: { kind: 'correlation' }, probe: { direction: Float64Array.from([1, 0, 0]) } },
    zeroRowsAtHugeStep(),
  ];
}

/**
 * A step of 1e20, as gradient-flow claims send late in a margin run: JSON writes it without a fraction, so Python's
 * json reads an int. Zero rows of a ReLU layer have zero gradient (relu'(0) = 0), so the weights stay put.
 */
function zeroRowsAtHugeStep(): TrainRequest {
  const base = smallRequest({ lr: 1e20, steps: 2 }, 'relu');
  expect(JSON.stringify(base.algorithm.lr)).toBe('100000000000000000000');
  return { ...base, network: { ...base.network, W: new Float64Array(base.network.W.length), trainSecond: false }, loss: { kind: 'logistic', reduction: 'mean' } };
}

/** The trainer's results are schema-valid and agree with the reference trainer's to rounding. */
export async function expectTrainsAsReference(trainer: Trainer): Promise<void> {
  for (const req of deterministicRequests()) {
    const got = await trainer.train(req);
    expect(wireAs('TrainResult').safeParse(JSON.parse(JSON.stringify({ ...got, W: Array.from(got.W), a: Array.from(got.a) }))).success).toBe(true);
    const want = (await referenceTrainer.train(req)) as TrainResult;
    expect(got.steps).toBe(want.steps);
    expect(got.trace.step).toEqual(want.trace.step);
    // Both sides sum the same terms in other orders: agreement to a few ulps of the weights' scale per step.
    const scale = Math.max(...Array.from(want.W, Math.abs), ...Array.from(want.a, Math.abs));
    const tol = 64 * Number.EPSILON * scale * (want.steps + 1) * req.data.n;
    for (let k = 0; k < want.W.length; k++) expect(Math.abs(got.W[k] - want.W[k]), `${req.algorithm.kind} W[${k}]`).toBeLessThanOrEqual(tol);
    for (let j = 0; j < want.a.length; j++) expect(Math.abs(got.a[j] - want.a[j]), `${req.algorithm.kind} a[${j}]`).toBeLessThanOrEqual(tol);
    if (want.trace.overlap) expect(got.trace.overlap?.length).toBe(want.trace.overlap.length);
  }
}
