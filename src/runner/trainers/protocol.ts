// The JSON-lines protocol of an external trainer process (docs/trainer-protocol.md): the greeting the process
// prints first, request and response messages, and the conversion of Float64Arrays to plain number lists
// and back. JSON has no NaN or Infinity: on the wire they are the strings "NaN", "Infinity", "-Infinity".
// Shapes and finiteness of a decoded result are checked by the contract's schema (train/schema), not here.
import { InputError } from '../../contract/errors';
import { helloSchema, valueAt, type Capabilities, type Hello } from '../../contract/schema';
import type { TrainRequest, TrainResult } from '../../contract/trainer';

export type { Capabilities, Hello };

/** The process's first line: `{"protocol": "theorycheck-trainer", "version": 1, "name": ..., "supports": {...}}`. */
export function decodeHello(line: string): Hello {
  const json = parseLine(line, 'greeting');
  const parsed = helloSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['greeting', ...issue.path.map(String)].join('.');
    throw new InputError(field, valueAt(json, issue.path), issue.message);
  }
  return parsed.data;
}

const includes = (allowed: readonly string[] | undefined, value: string) => allowed === undefined || allowed.includes(value);

/** Whether a trainer with these capabilities serves the request (the harness reports the others as skipped). */
export function supportsRequest(caps: Capabilities | undefined, request: TrainRequest): boolean {
  const c = caps ?? {};
  const features = c.features ?? [];
  const { network, loss, algorithm, constraint, probe } = request;
  return (
    includes(c.algorithms, algorithm.kind) &&
    includes(c.activations, network.activation) &&
    includes(c.outputScalings, network.outputScaling) &&
    includes(c.losses, loss.kind) &&
    includes(c.reductions, loss.reduction ?? 'mean') &&
    (constraint === undefined || includes(c.constraints, constraint.kind)) &&
    (!(algorithm.displacement && algorithm.displacement > 0) || features.includes('displacement')) &&
    (probe === undefined || features.includes('probe'))
  );
}

/** A number on the wire: finite numbers as themselves, the others as strings. */
function wireNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** Plain JSON data: Float64Arrays as number lists, non-finite numbers as strings. */
function toWire(value: unknown): unknown {
  if (value instanceof Float64Array) {
    const list = Array.from(value);
    return list.every(Number.isFinite) ? list : list.map(wireNumber);
  }
  if (typeof value === 'number') return wireNumber(value);
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/** One request line (no newline); numbers are written exactly (JSON's shortest round-trip form). */
export function encodeRequest(id: number, request: TrainRequest): string {
  return JSON.stringify({ id, request: toWire(request) });
}

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/** A JSON line, tolerating Python's default bare NaN / Infinity tokens (json.dumps with allow_nan=True). */
function parseLine(line: string, what: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    try {
      return JSON.parse(line.replace(/(-?Infinity|NaN)(?=\s*[,\]}])/g, '"$1"'));
    } catch {
      throw new InputError(what, line.length > 120 ? `${line.slice(0, 117)}...` : line, 'one JSON object on one line');
    }
  }
}

export type Response = { id: number; result: TrainResult } | { id: number; error: string };

/**
 * A response line: `{"id": k, "result": {...}}` or `{"id": k, "error": "message"}`. Number lists of the result
 * become Float64Arrays (W, a) or numbers (trace), non-finite strings become numbers; anything else is left as
 * it is for the contract's schema to name. Throws InputError on a line that is not such a message.
 */
export function decodeResponse(line: string): Response {
  const json = parseLine(line, 'response');
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new InputError('response', json, 'a JSON object {"id": ..., "result": ...} or {"id": ..., "error": "..."}');
  const message = json as Record<string, unknown>;
  const { id } = message;
  if (typeof id !== 'number' || !Number.isInteger(id)) throw new InputError('response.id', id, 'the integer id of the request');
  if ('error' in message) return { id, error: typeof message.error === 'string' ? message.error : JSON.stringify(message.error) };
  if (!('result' in message)) throw new InputError('response', Object.keys(message), 'a "result" or an "error" field');
  return { id, result: decodeResult(message.result) as TrainResult };
}

function toNumber(v: unknown): unknown {
  return typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v;
}

/** A number list as a Float64Array; the first entry that is not a number is named. Non-lists pass through. */
function toFloat64(value: unknown, field: string): unknown {
  if (!Array.isArray(value)) return value;
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = toNumber(value[i]);
    if (typeof v !== 'number') throw new InputError(`TrainResult.${field}[${i}]`, value[i], 'a number (or "NaN", "Infinity", "-Infinity")');
    out[i] = v;
  }
  return out;
}

const numbers = (value: unknown): unknown => (Array.isArray(value) ? value.map(toNumber) : value);

/** The wire result with its weights as Float64Arrays and its non-finite strings as numbers. */
function decodeResult(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const r = { ...(value as Record<string, unknown>) };
  r.W = toFloat64(r.W, 'W');
  r.a = toFloat64(r.a, 'a');
  if (r.trace !== null && typeof r.trace === 'object' && !Array.isArray(r.trace)) {
    const trace = { ...(r.trace as Record<string, unknown>) };
    trace.loss = numbers(trace.loss);
    if (Array.isArray(trace.overlap)) trace.overlap = trace.overlap.map(numbers);
    r.trace = trace;
  }
  if (r.diverged !== null && typeof r.diverged === 'object' && !Array.isArray(r.diverged)) {
    const diverged = { ...(r.diverged as Record<string, unknown>) };
    diverged.loss = toNumber(diverged.loss);
    r.diverged = diverged;
  }
  return r;
}
