// zod schemas of the trainer contract, checked where a plug-in meets the harness: a malformed request or
// result becomes one InputError naming the field, the value given and what is allowed. Fields the contract
// does not name pass through untouched, so trainers may return more (extra trace series, probes).
import { z } from 'zod';
import { InputError } from './errors';
import { firstNonFinite } from './finite';
import type { TrainRequest, TrainResult } from './trainer';
import { ACTIVATIONS, ALGORITHM_KINDS, CONSTRAINT_KINDS, LOSS_KINDS, OUTPUT_SCALINGS, REDUCTIONS } from './values';

// Each builder gives every check of a field the same message: the message is the "allowed" of the error.
const integer = (min: number, max?: number) => {
  const allowed = max === undefined ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
  const base = z.number({ error: allowed }).int({ error: allowed }).min(min, { error: allowed });
  return max === undefined ? base : base.max(max, { error: allowed });
};
const positive = () => z.number({ error: 'a finite number > 0' }).positive({ error: 'a finite number > 0' });
const finite = () => z.number({ error: 'a finite number' });
/** Any number, NaN and ±Infinity included: losses of a diverged run. */
const anyNumber = () => z.custom<number>((v) => typeof v === 'number', { error: 'a number' });
const oneOf = (values: readonly string[]) =>
  z.enum(values as [string, ...string[]], { error: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
const flag = () => z.boolean({ error: 'true or false' });
const float64 = () => z.instanceof(Float64Array, { error: 'a Float64Array' });
const object = <S extends z.core.$ZodLooseShape>(shape: S) => z.looseObject(shape, { error: 'an object' });

const networkSchema = object({
  activation: oneOf(ACTIVATIONS),
  d: integer(1),
  m: integer(1),
  outputScaling: oneOf(OUTPUT_SCALINGS),
  inputScale: positive().optional(),
  trainFirst: flag(),
  trainSecond: flag(),
  W: float64(),
  a: float64(),
});

const requestSchema = object({
  network: networkSchema,
  data: object({ n: integer(1), X: float64(), y: float64() }),
  loss: object({ kind: oneOf(LOSS_KINDS), reduction: oneOf(REDUCTIONS).optional() }),
  algorithm: object({
    kind: oneOf(ALGORITHM_KINDS),
    lr: positive(),
    steps: integer(0),
    batchSize: integer(1).optional(),
    stopAtLoss: anyNumber().refine((v) => !Number.isNaN(v), { error: 'a number' }).optional(),
    traceEvery: integer(1).optional(),
  }),
  constraint: object({ kind: oneOf(CONSTRAINT_KINDS), norm: positive().optional() }).optional(),
  seed: finite(),
});

type Issues = z.core.$RefinementCtx<unknown>;
type Path = (string | number)[];

/** A Float64Array of the given length with finite entries (a non-finite entry is named by its index). */
function checkArray(ctx: Issues, path: Path, value: Float64Array, length: number, shape: string, finiteEntries = true): void {
  if (value.length !== length) {
    ctx.addIssue({ code: 'custom', path, input: value, message: `a Float64Array of length ${shape} = ${length}` });
    return;
  }
  if (!finiteEntries) return;
  const i = firstNonFinite(value);
  if (i >= 0) ctx.addIssue({ code: 'custom', path: [...path, i], input: value[i], message: 'a finite number' });
}

/** Shapes, finiteness and the rules that tie fields together, once every field has its type. */
const requestRules = requestSchema.superRefine((r, ctx) => {
  const { d, m } = r.network;
  const { n } = r.data;
  checkArray(ctx, ['network', 'W'], r.network.W, m * d, 'm·d');
  checkArray(ctx, ['network', 'a'], r.network.a, m, 'm');
  checkArray(ctx, ['data', 'X'], r.data.X, n * d, 'n·d');
  checkArray(ctx, ['data', 'y'], r.data.y, n, 'n');
  const { kind, batchSize } = r.algorithm;
  if ((kind === 'sgd' || kind === 'online') && batchSize === undefined) {
    ctx.addIssue({ code: 'custom', path: ['algorithm', 'batchSize'], input: batchSize, message: `an integer ≥ 1 for ${kind}` });
  }
});

/** The request a claim hands to a trainer, checked before the trainer sees it. */
export function parseTrainRequest(value: unknown): TrainRequest {
  const parsed = requestRules.safeParse(value);
  if (!parsed.success) throw inputError(parsed.error, value, 'TrainRequest');
  return value as TrainRequest;
}

/** The result schema of one request shape; built once per shape (a schema costs more to build than to run). */
function resultSchema(d: number, m: number, maxSteps: number) {
  return object({
    W: float64(),
    a: float64(),
    steps: integer(0, maxSteps),
    trace: object({ step: z.array(integer(0, maxSteps), { error: 'an array of steps' }), loss: z.array(anyNumber(), { error: 'an array of numbers' }) }),
    diverged: object({ step: integer(0, maxSteps), loss: anyNumber() }).optional(),
  }).superRefine((r, ctx) => {
    // A diverged run may end on non-finite weights; it is recorded as diverged, its weights are not used.
    const finiteWeights = r.diverged === undefined;
    checkArray(ctx, ['W'], r.W, m * d, 'm·d', finiteWeights);
    checkArray(ctx, ['a'], r.a, m, 'm', finiteWeights);
    if (r.trace.loss.length !== r.trace.step.length) {
      ctx.addIssue({ code: 'custom', path: ['trace', 'loss'], input: r.trace.loss, message: `an array as long as trace.step (${r.trace.step.length})` });
    }
  });
}

/** Schemas of the shapes seen lately: a rung asks for the same shape trial after trial. */
const resultSchemas = new Map<string, ReturnType<typeof resultSchema>>();
const RESULT_SCHEMAS_KEPT = 64;

/** The result a trainer returns for `request`: shapes from the request, finite weights unless it diverged. */
export function parseTrainResult(value: unknown, request: TrainRequest): TrainResult {
  const { d, m } = request.network;
  const maxSteps = request.algorithm.steps;
  const key = `${d},${m},${maxSteps}`;
  let schema = resultSchemas.get(key);
  if (!schema) {
    if (resultSchemas.size >= RESULT_SCHEMAS_KEPT) resultSchemas.clear();
    schema = resultSchema(d, m, maxSteps);
    resultSchemas.set(key, schema);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw inputError(parsed.error, value, 'TrainResult');
  return value as TrainResult;
}

/** The first issue of a failed parse as one InputError: `root.field[index]`, the value there, what is allowed. */
function inputError(error: z.ZodError, input: unknown, root: string): InputError {
  const issue = error.issues[0];
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const field = path.reduce<string>((name, p) => (typeof p === 'number' ? `${name}[${p}]` : `${name}.${p}`), root);
  return new InputError(field, describe(valueAt(input, path)), issue.message);
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const p of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[p];
  }
  return value;
}

/** Arrays by their type and length (their contents would drown the message); everything else as it is. */
function describe(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (Array.isArray(value)) return `array of length ${value.length}`;
  return value;
}
