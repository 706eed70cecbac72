// The trainer contract, stated once as zod schemas. From them come the TypeScript types of requests and results
// (contract/trainer.ts), the checks where a plug-in meets the harness (a malformed request or result becomes one
// InputError naming the field, the value given and what is allowed), and the JSON Schema of the process protocol
// (docs/trainer-protocol.schema.json, written by `npm run protocol-schema`). The shapes are built once per
// encoding: in memory arrays are Float64Arrays; on the wire they are JSON number lists, and a number that may be
// non-finite (a diverged run's loss or weights) is written as "NaN", "Infinity" or "-Infinity".
// Fields the contract does not name pass through untouched, so trainers may return more (extra trace series).
import { z } from 'zod';
import { InputError } from './errors';
import { firstNonFinite } from './finite';
import { ACTIVATIONS, ALGORITHM_KINDS, CONSTRAINT_KINDS, LOSS_KINDS, OUTPUT_SCALINGS, REDUCTIONS } from './values';

// Each builder gives every check of a field the same message: the message is the "allowed" of the error.
const integer = (min: number, max?: number) => {
  const allowed = max === undefined ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
  const base = z.number({ error: allowed }).int({ error: allowed }).min(min, { error: allowed });
  return max === undefined ? base : base.max(max, { error: allowed });
};
const positive = () => z.number({ error: 'a finite number > 0' }).positive({ error: 'a finite number > 0' });
const finite = () => z.number({ error: 'a finite number' });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, id: string) =>
  z.enum(values, { error: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}` }).meta({ id });
const flag = () => z.boolean({ error: 'true or false' });
const object = <S extends z.core.$ZodShape>(shape: S) => z.object(shape, { error: 'an object' });

const activation = oneOf(ACTIVATIONS, 'Activation');
const outputScaling = oneOf(OUTPUT_SCALINGS, 'OutputScaling');
const algorithmKind = oneOf(ALGORITHM_KINDS, 'Algorithm');
const lossKind = oneOf(LOSS_KINDS, 'Loss');
const reduction = oneOf(REDUCTIONS, 'Reduction');
const constraintKind = oneOf(CONSTRAINT_KINDS, 'Constraint');
/** Request features a trainer process must declare before it is sent them (the others every trainer handles). */
const FEATURES = ['displacement', 'probe'] as const;
const feature = oneOf(FEATURES, 'Feature');

/** How arrays and possibly non-finite numbers are held: in memory, or as JSON on the wire. */
interface Encoding<F extends z.ZodType, V extends z.ZodType, N extends z.ZodType> {
  /** A list of finite numbers (a request's arrays). */
  floats: () => F;
  /** A list of numbers that may be non-finite (a result's weights). */
  values: () => V;
  /** One number that may be non-finite. */
  number: () => N;
}

/** Any number, NaN and ±Infinity included: losses of a diverged run. */
const anyNumber = () => z.custom<number>((v) => typeof v === 'number', { error: 'a number' });
const float64 = () => z.custom<Float64Array>((v) => v instanceof Float64Array, { error: 'a Float64Array' });
const memory = { floats: float64, values: float64, number: anyNumber };

const wireNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])], { error: 'a number (or "NaN", "Infinity", "-Infinity")' }).meta({
  id: 'Number',
  description: 'A number; non-finite values as the strings "NaN", "Infinity", "-Infinity".',
});
const wire = { floats: () => z.array(z.number()), values: () => z.array(wireNumber), number: () => wireNumber };

function requestSchema<F extends z.ZodType, V extends z.ZodType, N extends z.ZodType>(e: Encoding<F, V, N>) {
  return object({
    network: object({
      activation,
      d: integer(1).meta({ description: 'Input dimension d.' }),
      m: integer(1).meta({ description: 'Width m (number of hidden neurons).' }),
      outputScaling,
      inputScale: positive().optional().meta({ description: 'Pre-activations are w·x / inputScale; 1 when absent (√D in the multi-pass convention).' }),
      trainFirst: flag().meta({ description: 'Whether the trainer updates W.' }),
      trainSecond: flag().meta({ description: 'Whether the trainer updates a.' }),
      W: e.floats().meta({ description: 'Initial first layer, m × d row-major (m·d numbers).' }),
      a: e.floats().meta({ description: 'Initial second layer (m numbers).' }),
    }).meta({ description: 'f(x) = s(m) · Σ_j a_j σ(w_j·x / inputScale), s(m) = 1/√m, 1/m or 1 (outputScaling).' }),
    data: object({
      n: integer(1).meta({ description: 'Number of samples n.' }),
      X: e.floats().meta({ description: 'Inputs, n × d row-major (n·d numbers).' }),
      y: e.floats().meta({ description: 'Labels (n numbers).' }),
    }),
    loss: object({ kind: lossKind, reduction: reduction.optional() }).meta({
      description: 'square: ℓ = ½(y − f)²; logistic: ℓ = log(1 + e^{−yf}) with y ∈ {±1}; correlation: ℓ = −yf. The batch loss is the mean (default) or the sum of ℓ over the batch.',
    }),
    algorithm: object({
      kind: algorithmKind,
      lr: positive().meta({ description: 'Learning rate η.' }),
      steps: integer(0).meta({ description: 'Number of update steps.' }),
      batchSize: integer(1).optional().meta({ description: 'Minibatch size: required for sgd and online, an integer in [1, n].' }),
      displacement: z
        .number({ error: 'a finite number ≥ 0' })
        .min(0, { error: 'a finite number ≥ 0' })
        .optional()
        .meta({ description: 'online only (feature displacement): displaced SGD with ρ = displacement, the batch used twice: θ̃ = θ − ρ∇L_B(θ), then θ ← θ − lr·∇L_B(θ̃) (the constraint applies to the update, not to θ̃). 0 or absent: plain online SGD.' }),
      stopAtLoss: e.number().refine((v) => !Number.isNaN(v), { error: 'a number' }).optional().meta({ description: 'Stop once the training loss (with this request\'s loss and reduction) is below this value.' }),
      traceEvery: integer(1).optional().meta({ description: 'Record the loss every traceEvery steps (1 when absent); the final step is always recorded.' }),
    }).meta({
      description:
        'gd: full-batch gradient descent; sgd: minibatches of batchSize drawn without replacement, reshuffled each pass; gd-backtracking: full-batch GD with Armijo backtracking (the step starts at lr and doubles after an accepted step); online: one-pass SGD, update t uses samples [t·b, (t+1)·b) in order, each once, so the data holds steps·b samples; its loss trace is the loss of batch t before update t.',
    }),
    constraint: object({ kind: constraintKind, norm: positive().optional().meta({ description: 'unit-rows: the row norm (1 when absent).' }) })
      .optional()
      .meta({ description: 'unit-rows: every row rescaled to norm at the start and after every step; norm-only: w_j = r_j u_j with the directions u_j of the initial rows fixed, only the norms r_j ≥ 0 train.' }),
    seed: finite().meta({ description: 'Seed of the trainer\'s own randomness (minibatch order).' }),
    probe: object({
      direction: e.floats().meta({ description: 'A unit vector θ (d numbers).' }),
      stopAbove: finite().optional().meta({ description: 'Stop at the first step at which a cosine exceeds this value; the result\'s steps is then that step, the first-crossing time.' }),
    })
      .optional()
      .meta({ description: 'online only (feature probe): the signed cosines ⟨w_j, θ⟩/‖w_j‖ of the rows are traced with the loss.' }),
  });
}

function resultSchema<F extends z.ZodType, V extends z.ZodType, N extends z.ZodType>(e: Encoding<F, V, N>, maxSteps?: number) {
  const step = () => (maxSteps === undefined ? integer(0) : integer(0, maxSteps));
  return object({
    W: e.values().meta({ description: 'Final first layer, m × d row-major; finite unless the run diverged.' }),
    a: e.values().meta({ description: 'Final second layer (m numbers).' }),
    steps: step().meta({ description: 'Updates made: fewer than requested after stopAtLoss, divergence or a probe crossing.' }),
    trace: object({
      step: z.array(step(), { error: 'an array of steps' }).meta({ description: 'Steps at which the loss was recorded.' }),
      loss: z.array(e.number(), { error: 'an array of numbers' }).meta({ description: 'Training loss before the update of that step (step = steps: the final loss); as long as step.' }),
      overlap: z.array(z.array(e.number())).optional().meta({ description: 'With a probe: overlap[k][j] = ⟨w_j, θ⟩/‖w_j‖ at step[k] (0 for a zero row).' }),
    }),
    diverged: object({ step: step(), loss: e.number() })
      .optional()
      .meta({ description: 'Set when the loss became NaN or ±Infinity, or grew 10⁶-fold over a positive initial loss.' }),
  });
}

/** A training request as the harness hands it to a trainer. */
export type TrainRequestShape = z.output<ReturnType<typeof requestSchema<ReturnType<typeof float64>, ReturnType<typeof float64>, ReturnType<typeof anyNumber>>>>;
/** A trainer's answer to one request. */
export type TrainResultShape = z.output<ReturnType<typeof resultSchema<ReturnType<typeof float64>, ReturnType<typeof float64>, ReturnType<typeof anyNumber>>>>;

type Issues = z.core.$RefinementCtx<unknown>;
type Path = (string | number)[];
/** A custom issue: where, what is allowed, and (when the value at the path would not say it) what was found. */
const issue = (ctx: Issues, path: Path, message: string, found?: unknown) => ctx.addIssue({ code: 'custom', path, message, ...(found !== undefined ? { params: { found } } : {}) });

/** A Float64Array of the given length with finite entries (a non-finite entry is named by its index). */
function checkArray(ctx: Issues, path: Path, value: Float64Array, length: number, shape: string, finiteEntries = true): void {
  if (value.length !== length) return issue(ctx, path, `a Float64Array of length ${shape} = ${length}`);
  if (!finiteEntries) return;
  const i = firstNonFinite(value);
  if (i >= 0) issue(ctx, [...path, i], 'a finite number');
}

/** The rules that tie fields together, checked once every field has its type. */
const requestRules = requestSchema(memory).superRefine((r, ctx) => {
  const { d, m } = r.network;
  const { n } = r.data;
  checkArray(ctx, ['network', 'W'], r.network.W, m * d, 'm·d');
  checkArray(ctx, ['network', 'a'], r.network.a, m, 'm');
  checkArray(ctx, ['data', 'X'], r.data.X, n * d, 'n·d');
  checkArray(ctx, ['data', 'y'], r.data.y, n, 'n');
  const { kind, batchSize, steps, displacement } = r.algorithm;
  const online = kind === 'online';
  if ((kind === 'sgd' || online) && (batchSize === undefined || batchSize > n)) {
    issue(ctx, ['algorithm', 'batchSize'], `an integer in [1, n] = [1, ${n}] for ${kind}`);
  } else if (online && steps * batchSize! > n) {
    issue(ctx, ['data', 'n'], `at least steps · batchSize = ${steps * batchSize!} samples for one-pass SGD`);
  }
  if (displacement !== undefined && !online) issue(ctx, ['algorithm', 'displacement'], 'absent unless algorithm.kind is "online"');
  if (displacement && r.constraint?.kind === 'norm-only') issue(ctx, ['constraint', 'kind'], 'unit-rows or none with a displacement');
  if (r.probe !== undefined) {
    if (!online) issue(ctx, ['probe'], 'absent unless algorithm.kind is "online"', 'a probe');
    else checkArray(ctx, ['probe', 'direction'], r.probe.direction, d, 'd');
  }
  if (r.constraint?.kind === 'norm-only') {
    // The fixed directions u_j = w_j / ‖w_j‖ need rows of nonzero norm.
    const W = r.network.W;
    for (let j = 0; j < m && W.length === m * d; j++) {
      let q = 0;
      for (let k = 0; k < d; k++) q += W[j * d + k] ** 2;
      if (q === 0) return issue(ctx, ['network', 'W'], 'rows of nonzero norm under the norm-only constraint', `row ${j} of norm 0`);
    }
  }
});

/** The request a claim hands to a trainer, checked before the trainer sees it. */
export function parseTrainRequest(value: unknown): TrainRequestShape {
  const parsed = requestRules.safeParse(value);
  if (!parsed.success) throw inputError(parsed.error, value, 'TrainRequest');
  return value as TrainRequestShape;
}

/** The in-memory result schema of one request shape, with its checks; built once per shape (a schema costs more to build than to run). */
function resultRules(d: number, m: number, maxSteps: number) {
  return resultSchema(memory, maxSteps).superRefine((r, ctx) => {
    // A diverged run may end on non-finite weights; it is recorded as diverged, its weights are not used.
    const finiteWeights = r.diverged === undefined;
    checkArray(ctx, ['W'], r.W, m * d, 'm·d', finiteWeights);
    checkArray(ctx, ['a'], r.a, m, 'm', finiteWeights);
    if (r.trace.loss.length !== r.trace.step.length) issue(ctx, ['trace', 'loss'], `an array as long as trace.step (${r.trace.step.length})`);
  });
}

/** Schemas of the shapes seen lately: a rung asks for the same shape trial after trial. */
const resultSchemas = new Map<string, ReturnType<typeof resultRules>>();
const RESULT_SCHEMAS_KEPT = 64;

/** The result a trainer returns for `request`: shapes from the request, finite weights unless it diverged. */
export function parseTrainResult(value: unknown, request: TrainRequestShape): TrainResultShape {
  const { d, m } = request.network;
  const maxSteps = request.algorithm.steps;
  const key = `${d},${m},${maxSteps}`;
  let schema = resultSchemas.get(key);
  if (!schema) {
    if (resultSchemas.size >= RESULT_SCHEMAS_KEPT) resultSchemas.clear();
    schema = resultRules(d, m, maxSteps);
    resultSchemas.set(key, schema);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw inputError(parsed.error, value, 'TrainResult');
  return value as TrainResultShape;
}

const PROTOCOL = 'theorycheck-trainer';
const PROTOCOL_VERSION = 1;
const capabilities = <T extends z.ZodType>(values: T, what: string) => z.array(values, { error: `an array of ${what}` }).optional();

/** The first line a trainer process writes: who it is and which requests it serves. */
export const helloSchema = z
  .object(
    {
      protocol: z.literal(PROTOCOL, { error: JSON.stringify(PROTOCOL) }),
      version: z.literal(PROTOCOL_VERSION, { error: String(PROTOCOL_VERSION) }),
      name: z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' }).meta({ description: 'The trainer\'s name in reports.' }),
      supports: z
        .object(
          {
            algorithms: capabilities(algorithmKind, ALGORITHM_KINDS.map((v) => JSON.stringify(v)).join(', ')),
            activations: capabilities(activation, ACTIVATIONS.map((v) => JSON.stringify(v)).join(', ')),
            outputScalings: capabilities(outputScaling, OUTPUT_SCALINGS.map((v) => JSON.stringify(v)).join(', ')),
            losses: capabilities(lossKind, LOSS_KINDS.map((v) => JSON.stringify(v)).join(', ')),
            reductions: capabilities(reduction, REDUCTIONS.map((v) => JSON.stringify(v)).join(', ')),
            constraints: capabilities(constraintKind, CONSTRAINT_KINDS.map((v) => JSON.stringify(v)).join(', ')),
            features: capabilities(feature, FEATURES.map((v) => JSON.stringify(v)).join(', ')),
          },
          { error: 'an object of capability lists' },
        )
        .optional(),
    },
    { error: 'a JSON object' },
  )
  .meta({
    id: 'Greeting',
    description:
      'The first line the process writes: who it is and which requests it serves. An absent list means every value the protocol names; the features displacement and probe must be listed to be sent. Requests outside these capabilities are reported as not checked, never sent.',
  });

/** What a trainer process serves, from its greeting. An absent list means every value the protocol names. */
export type Hello = z.output<typeof helloSchema>;
export type Capabilities = NonNullable<Hello['supports']>;

/** The process protocol's lines as a JSON Schema (draft 2020-12), as docs/trainer-protocol.schema.json holds it. */
export function protocolSchemaText(): string {
  return `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`;
}

function protocolJsonSchema(): Record<string, unknown> {
  const request = requestSchema(wire).meta({ id: 'TrainRequest', description: 'Cross-field rules (array lengths from d, m and n; batchSize ≤ n; online-only fields) are stated in the descriptions and checked by the harness; JSON Schema cannot express them.' });
  const result = resultSchema(wire).meta({ id: 'TrainResult' });
  const requestMessage = z.object({ id: integer(1).meta({ description: 'Echoed in the response.' }), request }).meta({ id: 'RequestMessage', description: 'One line on the process\'s stdin.' });
  const responseMessage = z
    .union([
      z.object({ id: integer(1), result }),
      z.object({ id: integer(1), error: z.string().meta({ description: 'Why the request failed: reported as that trial\'s error.' }) }),
    ])
    .meta({ id: 'ResponseMessage', description: 'One line on the process\'s stdout per request, in order: a result or an error for that request.' });
  const lines = z.union([helloSchema, requestMessage, responseMessage]).meta({
    title: `theorycheck trainer protocol, version ${PROTOCOL_VERSION}`,
    description:
      'The lines exchanged with a trainer process (`theorycheck run --trainer-cmd CMD`). The process writes a Greeting line first, then answers each RequestMessage line read from stdin with one ResponseMessage line on stdout, in order. Arrays are plain JSON number lists (row-major for matrices). JSON has no NaN or Infinity: where a number may be non-finite it is written as one of the strings "NaN", "Infinity", "-Infinity". Generated from src/contract/schema.ts by `npm run protocol-schema`; see docs/trainer-protocol.md.',
  });
  return { $id: 'https://theorycheck.invalid/trainer-protocol.schema.json', ...z.toJSONSchema(lines, { target: 'draft-2020-12', io: 'input' }) };
}

/** The first issue of a failed parse as one InputError: `root.field[index]`, the value there, what is allowed. */
function inputError(error: z.ZodError, input: unknown, root: string): InputError {
  const first = error.issues[0];
  const path = first.path.filter((p): p is string | number => typeof p !== 'symbol');
  const field = path.reduce<string>((name, p) => (typeof p === 'number' ? `${name}[${p}]` : `${name}.${p}`), root);
  const found = first.code === 'custom' && first.params && 'found' in first.params ? first.params.found : describe(valueAt(input, path));
  return new InputError(field, found, first.message);
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const p of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[p];
  }
  return value;
}

/** Arrays by their type and length (their contents would drown the message); everything else as it is. */
function describe(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (Array.isArray(value)) return `array of length ${value.length}`;
  return value;
}


