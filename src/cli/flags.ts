// Validation of command-line values: each parser names the flag, the value and what is allowed.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { InputError, CHECKPOINT_FILE, DEFAULT_LOCATE_WIDTH, PLAN_ALLOWED, PLAN_KEYS, planValue, type Params, type PlanKey, type RunPlan, type Shard } from '../index';

function parseWith<T>(schema: z.ZodType<T>, flag: string, value: unknown, allowed: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError(flag, value, allowed);
  return result.data;
}

/** A whole number written in decimal, as a number (NaN otherwise: the plan's rule then refuses it). */
const integerOf = (text: string): number => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export function parseSeed(value: string, flag = '--seed'): number {
  return planValue('seed', integerOf(value), flag, value);
}

export function parseRuns(value: string, flag = '--runs'): number {
  return planValue('runs', integerOf(value), flag, value);
}

/** `--at d=6,N=20`: rung parameters as finite numbers. */
export function parseAt(value: string, flag = '--at'): Params {
  parseWith(z.string(), flag, value, PLAN_ALLOWED.at);
  const params: Params = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z_][\w]*)=(.+)$/.exec(part);
    if (!match) throw new InputError(flag, value, PLAN_ALLOWED.at);
    const number = Number(match[2]);
    if (match[2].trim() === '' || !Number.isFinite(number)) throw new InputError(`${flag} ${match[1]}`, match[2], 'a finite number');
    params[match[1]] = number;
  }
  if (Object.keys(params).length === 0) throw new InputError(flag, value, `at least one pair: ${PLAN_ALLOWED.at}`);
  return planValue('at', params, flag, value);
}

/** `--path 0:3:1`: a fast-check shrink path, as the report's replay command prints it. */
export function parsePath(value: string): string {
  return parseWith(z.string().trim().regex(/^\d+(:\d+)*$/), '--path', value, 'a shrink path of numbers separated by colons, as printed in the report, e.g. 0:3:1');
}

/** `--locate [WIDTH]`: a relative width, or none (the flag alone, `true` in a config file) for the default. */
function parseLocate(value: string | number | boolean, flag = '--locate'): number {
  if (value === true) return DEFAULT_LOCATE_WIDTH;
  const width = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return planValue('locate', width, flag, value);
}

/** `--shard I/N`: one shard of a run split N ways. */
function parseShard(value: string, flag = '--shard'): Shard {
  const match = /^\s*(\d+)\/(\d+)\s*$/.exec(value);
  return planValue('shard', match ? { index: Number(match[1]), count: Number(match[2]) } : undefined, flag, value);
}

const pathText = z.string().trim().min(1);

/** `--out DIR`: a directory to create or reuse, not an existing file. */
export function parseOut(value: string, flag = '--out'): string {
  planValue('out', value, flag);
  if (existsSync(value) && !statSync(value).isDirectory()) throw new InputError(flag, value, `${PLAN_ALLOWED.out} (this is an existing file)`);
  return value;
}

/** Flags that shape a run: with --resume they come from the checkpoint, so giving them is an error. */
const RUN_FLAGS: readonly string[] = [...PLAN_KEYS, 'config', 'shards'];

/** `--resume DIR`: the --out of an earlier run, holding its trials.jsonl. */
export function parseResume(value: string, given: readonly string[] = []): string {
  parseWith(pathText, '--resume', value, 'a directory path');
  const clash = given.find((name) => RUN_FLAGS.includes(name));
  if (clash) throw new InputError(`--${clash === 'shrink' || clash === 'sequential' ? `no-${clash}` : clash.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, 'given with --resume', 'no run flags with --resume: the run continues with the flags in its checkpoint');
  if (!existsSync(join(value, CHECKPOINT_FILE))) {
    throw new InputError('--resume', value, `a directory holding the ${CHECKPOINT_FILE} of an earlier \`theorycheck run\` (its --out)`);
  }
  return value;
}

/** A `merge` input: a shard's directory, its report.json or its trials.jsonl; returns the trials.jsonl. */
export function parseMergeInput(value: string): string {
  parseWith(pathText, 'merge FILE', value, 'a path');
  const file =
    basename(value) === 'report.json'
      ? join(dirname(value), CHECKPOINT_FILE)
      : existsSync(value) && statSync(value).isDirectory()
        ? join(value, CHECKPOINT_FILE)
        : value;
  if (!existsSync(file) || !statSync(file).isFile()) throw new InputError('merge FILE', value, `a shard's --out directory, its report.json or its ${CHECKPOINT_FILE} (the ${CHECKPOINT_FILE} must be there)`);
  return file;
}

type Raw<T> = T extends boolean ? boolean : T extends string[] ? string[] : string;
type Required = { [K in PlanKey]-?: undefined extends RunPlan[K] ? never : K }[PlanKey];

/** Run flags as given: strings from the command line or a config file (booleans and claim lists as such). */
export type RawRunFlags = { [K in Required]: Raw<RunPlan[K]> } & { [K in Exclude<PlanKey, Required>]?: Raw<NonNullable<RunPlan[K]>> };

type Parser<K extends PlanKey> = (raw: NonNullable<RawRunFlags[K]>, label: string) => NonNullable<RunPlan[K]>;
const checked =
  <K extends PlanKey>(key: K): Parser<K> =>
  (raw, label) =>
    planValue(key, raw, label);

/** How each flag's text becomes its value. */
const PARSERS: { [K in PlanKey]: Parser<K> } = {
  claim: checked('claim'),
  scale: checked('scale'),
  seed: parseSeed,
  runs: parseRuns,
  at: parseAt,
  grep: checked('grep'),
  trainer: checked('trainer'),
  trainerCmd: checked('trainerCmd'),
  trainerTimeout: parseTrainerTimeout,
  trainerMaxLine: parseTrainerMaxLine,
  out: parseOut,
  shrink: checked('shrink'),
  shard: parseShard,
  sequential: checked('sequential'),
  trainerCheck: checked('trainerCheck'),
  allowUnsupported: checked('allowUnsupported'),
  locate: parseLocate,
};

/** Every run flag checked; `labels` names the values that came from a config file (default: the flag). */
export function parseRunFlags(raw: RawRunFlags, labels: Partial<Record<PlanKey, string>> = {}): RunPlan {
  const label = (key: PlanKey) => labels[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const plan: Partial<Record<PlanKey, unknown>> = {};
  for (const key of PLAN_KEYS) {
    const value = raw[key];
    if (value !== undefined) plan[key] = (PARSERS[key] as Parser<PlanKey>)(value as never, label(key));
  }
  if (plan.trainer !== undefined && plan.trainerCmd !== undefined) throw new InputError(label('trainerCmd'), raw.trainerCmd, 'either --trainer or --trainer-cmd, not both');
  return plan as unknown as RunPlan;
}

/** `--trainer-cmd CMD`: a command line starting a trainer process; not with --trainer. */
export function parseTrainerCmd(value: string, trainer?: string): string {
  const command = planValue('trainerCmd', value, '--trainer-cmd');
  if (trainer !== undefined) throw new InputError('--trainer-cmd', value, 'either --trainer or --trainer-cmd, not both');
  return command;
}

/** `--workers N`: processes running trials, at least 1 (1: the main process alone). */
export function parseWorkers(value: string, label = '--workers'): number {
  const workers = integerOf(value);
  if (!(workers >= 1 && workers <= 256)) throw new InputError(label, value, 'an integer in [1, 256]');
  return workers;
}

/** `--trainer-max-line MIB`: the longest line a trainer process may write. */
export function parseTrainerMaxLine(value: string, flag = '--trainer-max-line'): number {
  return planValue('trainerMaxLine', value.trim() === '' ? Number.NaN : Number(value), flag, value);
}

/** `--trainer-timeout S`: seconds one request to a trainer process may take. */
export function parseTrainerTimeout(value: string, flag = '--trainer-timeout'): number {
  return planValue('trainerTimeout', value.trim() === '' ? Number.NaN : Number(value), flag, value);
}
