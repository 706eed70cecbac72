// Validation of a TrainRequest: every violation throws an InputError naming the field, the value given
// and what is allowed, before any training starts.
import { InputError } from '../../contract/errors';
import { ACTIVATIONS, ALGORITHM_KINDS, CONSTRAINT_KINDS, LOSS_KINDS, OUTPUT_SCALINGS, REDUCTIONS } from '../../contract/values';
import { firstNonFinite } from '../../contract/finite';
import type { TrainRequest } from '../../contract/trainer';


function oneOf<T>(field: string, value: unknown, allowed: readonly T[]): void {
  if (!(allowed as readonly unknown[]).includes(value)) throw new InputError(field, value, `one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
}

function integerAtLeast(field: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new InputError(field, value, `an integer ≥ ${min}`);
}

function positiveFinite(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new InputError(field, value, 'a finite number > 0');
}

function finiteArray(field: string, value: unknown, length: number, shape: string): void {
  if (!(value instanceof Float64Array)) throw new InputError(field, describe(value), `a Float64Array of length ${shape} = ${length}`);
  if (value.length !== length) throw new InputError(field, `Float64Array of length ${value.length}`, `length ${shape} = ${length}`);
  const i = firstNonFinite(value);
  if (i >= 0) throw new InputError(`${field}[${i}]`, value[i], 'a finite number');
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

function object(field: string, value: unknown): void {
  if (typeof value !== 'object' || value === null) throw new InputError(field, value, 'an object');
}

/** Throws an InputError for the first field that violates the TrainRequest contract. */
export function validateRequest(request: TrainRequest): void {
  object('request', request);
  const { network, data, loss, algorithm, constraint, seed } = request;

  object('network', network);
  oneOf('network.activation', network.activation, ACTIVATIONS);
  integerAtLeast('network.d', network.d, 1);
  integerAtLeast('network.m', network.m, 1);
  oneOf('network.outputScaling', network.outputScaling, OUTPUT_SCALINGS);
  if (network.inputScale !== undefined) positiveFinite('network.inputScale', network.inputScale);
  if (typeof network.trainFirst !== 'boolean') throw new InputError('network.trainFirst', network.trainFirst, 'true or false');
  if (typeof network.trainSecond !== 'boolean') throw new InputError('network.trainSecond', network.trainSecond, 'true or false');
  const { d, m } = network;
  finiteArray('network.W', network.W, m * d, 'm·d');
  finiteArray('network.a', network.a, m, 'm');

  object('data', data);
  integerAtLeast('data.n', data.n, 1);
  const n = data.n;
  finiteArray('data.X', data.X, n * d, 'n·d');
  finiteArray('data.y', data.y, n, 'n');

  object('loss', loss);
  oneOf('loss.kind', loss.kind, LOSS_KINDS);
  if (loss.reduction !== undefined) oneOf('loss.reduction', loss.reduction, REDUCTIONS);

  object('algorithm', algorithm);
  oneOf('algorithm.kind', algorithm.kind, ALGORITHM_KINDS);
  positiveFinite('algorithm.lr', algorithm.lr);
  integerAtLeast('algorithm.steps', algorithm.steps, 0);
  if (algorithm.kind === 'sgd' || algorithm.kind === 'online') {
    const b = algorithm.batchSize;
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 1 || b > n) {
      throw new InputError('algorithm.batchSize', b, `an integer in [1, n] = [1, ${n}] for ${algorithm.kind}`);
    }
  }
  validateOnline(request);
  if (algorithm.stopAtLoss !== undefined && (typeof algorithm.stopAtLoss !== 'number' || Number.isNaN(algorithm.stopAtLoss))) {
    throw new InputError('algorithm.stopAtLoss', algorithm.stopAtLoss, 'a number');
  }
  if (algorithm.traceEvery !== undefined) integerAtLeast('algorithm.traceEvery', algorithm.traceEvery, 1);

  if (constraint !== undefined) {
    object('constraint', constraint);
    oneOf('constraint.kind', constraint.kind, CONSTRAINT_KINDS);
    if (constraint.kind === 'unit-rows' && constraint.norm !== undefined) positiveFinite('constraint.norm', constraint.norm);
    if (constraint.kind === 'norm-only') {
      // The fixed directions u_j = w_j / ‖w_j‖ need rows of nonzero norm.
      for (let j = 0; j < m; j++) {
        let q = 0;
        for (let k = 0; k < d; k++) q += network.W[j * d + k] ** 2;
        if (q === 0) throw new InputError('network.W', `row ${j} of norm 0`, 'rows of nonzero norm under the norm-only constraint');
      }
    }
  }

  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new InputError('seed', seed, 'a finite number');
}

/** The online-only fields: fresh data for every step, the displacement ρ and the probe. */
function validateOnline(request: TrainRequest): void {
  const { algorithm, network, data, constraint, probe } = request;
  const online = algorithm.kind === 'online';
  if (online && algorithm.steps * (algorithm.batchSize as number) > data.n) {
    throw new InputError('data.n', data.n, `at least steps · batchSize = ${algorithm.steps * (algorithm.batchSize as number)} samples for one-pass SGD`);
  }
  if (algorithm.displacement !== undefined) {
    if (!online) throw new InputError('algorithm.displacement', algorithm.displacement, 'absent unless algorithm.kind is "online"');
    const rho = algorithm.displacement;
    if (typeof rho !== 'number' || !Number.isFinite(rho) || rho < 0) throw new InputError('algorithm.displacement', rho, 'a finite number ≥ 0');
    if (rho > 0 && constraint?.kind === 'norm-only') throw new InputError('constraint.kind', 'norm-only', 'unit-rows or none with a displacement');
  }
  if (probe !== undefined) {
    if (!online) throw new InputError('probe', 'a probe', 'absent unless algorithm.kind is "online"');
    object('probe', probe);
    finiteArray('probe.direction', probe.direction, network.d, 'd');
    if (probe.stopAbove !== undefined && (typeof probe.stopAbove !== 'number' || !Number.isFinite(probe.stopAbove))) {
      throw new InputError('probe.stopAbove', probe.stopAbove, 'a finite number');
    }
  }
}
