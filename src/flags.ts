// Validation of command-line values: each parser names the flag, the value and what is allowed.
import { z } from 'zod';
import { InputError } from './harness/errors';
import type { Params, ScaleName } from './harness/claim';

const MAX_SEED = 2 ** 31 - 1;

function parseWith<T>(schema: z.ZodType<T>, flag: string, value: unknown, allowed: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError(flag, value, allowed);
  return result.data;
}

const integerText = z.string().trim().regex(/^-?\d+$/).transform(Number);

export function parseSeed(value: string): number {
  return parseWith(integerText.pipe(z.number().int().min(0).max(MAX_SEED)), '--seed', value, `an integer in [0, ${MAX_SEED}]`);
}

export function parseRuns(value: string, flag = '--runs'): number {
  return parseWith(integerText.pipe(z.number().int().min(1).max(1_000_000)), flag, value, 'an integer in [1, 1000000]');
}

export function parseScale(value: string): ScaleName {
  return parseWith(z.enum(['small', 'default', 'large']), '--scale', value, 'small, default or large');
}

/** `--at d=6,N=20`: rung parameters as finite numbers. */
export function parseAt(value: string): Params {
  const params: Params = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z_][\w]*)=(.+)$/.exec(part);
    if (!match) throw new InputError('--at', value, 'KEY=VALUE pairs separated by commas, e.g. d=6,N=20');
    const number = Number(match[2]);
    if (match[2].trim() === '' || !Number.isFinite(number)) throw new InputError(`--at ${match[1]}`, match[2], 'a finite number');
    params[match[1]] = number;
  }
  if (Object.keys(params).length === 0) throw new InputError('--at', value, 'at least one KEY=VALUE pair, e.g. d=6,N=20');
  return params;
}

export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || index < 1 || index > count) throw new InputError('--shard', value, 'I/N with 1 ≤ I ≤ N, e.g. 2/3');
  return { index, count };
}
