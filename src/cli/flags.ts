// Validation of command-line values: each parser names the flag, the value and what is allowed.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { InputError, CHECKPOINT_FILE, type Params, type ScaleName, type RunFlags, type Shard } from '../index';

const MAX_SEED = 2 ** 31 - 1;

function parseWith<T>(schema: z.ZodType<T>, flag: string, value: unknown, allowed: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError(flag, value, allowed);
  return result.data;
}

const integerText = z.string().trim().regex(/^-?\d+$/).transform(Number);

export function parseSeed(value: string, flag = '--seed'): number {
  return parseWith(integerText.pipe(z.number().int().min(0).max(MAX_SEED)), flag, value, `an integer in [0, ${MAX_SEED}]`);
}

export function parseRuns(value: string, flag = '--runs'): number {
  return parseWith(integerText.pipe(z.number().int().min(1).max(1_000_000)), flag, value, 'an integer in [1, 1000000]');
}

function parseScale(value: string, flag = '--scale'): ScaleName {
  return parseWith(z.enum(['small', 'default', 'large']), flag, value, 'small, default or large');
}

/** `--at d=6,N=20`: rung parameters as finite numbers. */
export function parseAt(value: string, flag = '--at'): Params {
  parseWith(z.string(), flag, value, 'KEY=VALUE pairs separated by commas, e.g. d=6,N=20');
  const params: Params = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z_][\w]*)=(.+)$/.exec(part);
    if (!match) throw new InputError(flag, value, 'KEY=VALUE pairs separated by commas, e.g. d=6,N=20');
    const number = Number(match[2]);
    if (match[2].trim() === '' || !Number.isFinite(number)) throw new InputError(`${flag} ${match[1]}`, match[2], 'a finite number');
    params[match[1]] = number;
  }
  if (Object.keys(params).length === 0) throw new InputError(flag, value, 'at least one KEY=VALUE pair, e.g. d=6,N=20');
  return params;
}

/** `--path 0:3:1`: a fast-check shrink path, as the report's replay command prints it. */
export function parsePath(value: string): string {
  return parseWith(z.string().trim().regex(/^\d+(:\d+)*$/), '--path', value, 'a shrink path of numbers separated by colons, as printed in the report, e.g. 0:3:1');
}

const shardText = z
  .string()
  .trim()
  .regex(/^\d+\/\d+$/)
  .transform((text) => {
    const [index, count] = text.split('/').map(Number);
    return { index, count };
  })
  .pipe(z.object({ index: z.number().int().min(1), count: z.number().int().min(1).max(1_000_000) }).refine((s) => s.index <= s.count));

function parseShard(value: string, flag = '--shard'): Shard {
  return parseWith(shardText, flag, value, 'I/N with 1 ≤ I ≤ N ≤ 1000000, e.g. 2/3');
}

const pathText = z.string().trim().min(1);

/** `--out DIR`: a directory to create or reuse, not an existing file. */
export function parseOut(value: string, flag = '--out'): string {
  parseWith(pathText, flag, value, 'a directory path');
  if (existsSync(value) && !statSync(value).isDirectory()) throw new InputError(flag, value, 'a directory path (this is an existing file)');
  return value;
}

/** Flags that shape a run: with --resume they come from the checkpoint, so giving them is an error. */
const RUN_FLAGS = ['claim', 'scale', 'runs', 'seed', 'at', 'trainer', 'trainerCmd', 'trainerTimeout', 'out', 'shrink', 'shard', 'sequential', 'trainerCheck', 'allowUnsupported', 'config'] as const;

/** `--resume DIR`: the --out of an earlier run, holding its trials.jsonl. */
export function parseResume(value: string, given: readonly string[] = []): string {
  parseWith(pathText, '--resume', value, 'a directory path');
  const clash = given.find((name) => (RUN_FLAGS as readonly string[]).includes(name));
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

/** Run flags as given (strings from the command line or a config file), and the name to give each in errors. */
export interface RawRunFlags {
  claim?: string[];
  scale: string;
  seed: string;
  runs?: string;
  at?: string;
  trainer?: string;
  trainerCmd?: string;
  trainerTimeout?: string;
  out: string;
  shrink: boolean;
  shard?: string;
  sequential?: boolean;
  trainerCheck?: string;
  allowUnsupported?: boolean;
}

/** Every run flag validated; `labels` names the values that came from a config file (default: the flag). */
export function parseRunFlags(raw: RawRunFlags, labels: Partial<Record<keyof RawRunFlags, string>> = {}): RunFlags {
  const label = (key: keyof RawRunFlags) => labels[key] ?? `--${key}`;
  return {
    ...(raw.claim !== undefined ? { claim: parseWith(z.array(z.string().trim().min(1)).min(1), label('claim'), raw.claim, 'claim ids or families') } : {}),
    scale: parseScale(raw.scale, label('scale')),
    seed: parseSeed(raw.seed, label('seed')),
    ...(raw.runs !== undefined ? { runs: parseRuns(raw.runs, label('runs')) } : {}),
    ...(raw.at !== undefined ? { at: parseAt(raw.at, label('at')) } : {}),
    ...(raw.trainer !== undefined ? { trainer: parseWith(pathText, label('trainer'), raw.trainer, 'a path to a .js or .ts module') } : {}),
    ...(raw.trainerCmd !== undefined ? { trainerCmd: parseTrainerCmd(raw.trainerCmd, raw.trainer) } : {}),
    ...(raw.trainerTimeout !== undefined ? { trainerTimeout: parseTrainerTimeout(raw.trainerTimeout) } : {}),
    out: parseOut(raw.out, label('out')),
    shrink: parseWith(z.boolean(), label('shrink'), raw.shrink, 'true or false'),
    ...(raw.shard !== undefined ? { shard: parseShard(raw.shard, label('shard')) } : {}),
    ...(raw.sequential !== undefined ? { sequential: parseWith(z.boolean(), label('sequential'), raw.sequential, 'true or false') } : {}),
    ...(raw.trainerCheck !== undefined ? { trainerCheck: parseTrainerCheck(raw.trainerCheck, label('trainerCheck')) } : {}),
    ...(raw.allowUnsupported !== undefined ? { allowUnsupported: parseWith(z.boolean(), label('allowUnsupported'), raw.allowUnsupported, 'true or false') } : {}),
  };
}

/** `--trainer-check MODE`: what a failed did-it-train check does (stop the run, or report it and run the claims), or off. */
function parseTrainerCheck(value: string, flag = '--trainer-check'): 'stop' | 'report' | 'off' {
  return parseWith(z.enum(['stop', 'report', 'off']), flag, value, 'stop, report or off');
}

/** `--trainer-cmd CMD`: a command line starting a trainer process; not with --trainer. */
export function parseTrainerCmd(value: string, trainer?: string): string {
  const command = parseWith(pathText, '--trainer-cmd', value, 'a command line, e.g. "python3 examples/numpy_trainer.py"');
  if (trainer !== undefined) throw new InputError('--trainer-cmd', value, 'either --trainer or --trainer-cmd, not both');
  return command;
}

/** `--workers N`: processes running trials, at least 1 (1: the main process alone). */
export function parseWorkers(value: string): number {
  return parseWith(integerText.pipe(z.number().int().min(1).max(256)), '--workers', value, 'an integer in [1, 256]');
}

/** `--trainer-timeout S`: seconds one request to a trainer process may take. */
export function parseTrainerTimeout(value: string): number {
  return parseWith(z.string().trim().min(1).transform(Number).pipe(z.number().positive().max(86_400)), '--trainer-timeout', value, 'seconds, a number in (0, 86400]');
}
