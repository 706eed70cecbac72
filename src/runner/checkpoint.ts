// The checkpoint of a run: DIR/trials.jsonl, append-only, one JSON line per finished trial (and per shrunk
// counterexample) after a header with the run's configuration, each line written before the run goes on.
// A run killed at any moment leaves whole lines plus at most one torn last line, which resume cuts off.
// The same file carries a shard's trials to `merge`.
import { closeSync, existsSync, fdatasyncSync, fsyncSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Claim } from '../contract/claim';
import { rungName } from '../contract/claim';
import { InputError } from '../contract/errors';
import { rungsOf, trialsOf, type KnownCounterexample, type RunOptions } from './run';
import { planShape, type RunPlan } from './plan';
import type { TrainerCheck } from '../contract/report';
import type { TrialOutcome } from '../core/check/trial';

export const CHECKPOINT_FILE = 'trials.jsonl';

/**
 * Everything that decides a run's trials, enough to resume it or to merge its shards: its plan as the checkpoint
 * records it, the selected claims resolved to ids, the trainer by name (and the
 * module it was loaded from: absolute path; none for the reference), no report directory.
 */
export type RunConfig = Omit<RunPlan, 'claim' | 'trainer' | 'out'> & {
  claims: string[];
  trainer: string;
  trainerModule?: string;
  trainerFlag?: string;
  /** Claim id, rung name and trials of every rung, in run order: resume and merge refuse another plan. */
  plan: [string, string, number][];
};

export interface CheckpointData {
  file: string;
  config: RunConfig;
  trials: Map<string, TrialOutcome>;
  counterexamples: Map<string, KnownCounterexample>;
  /** The trainer check the run made, once made. */
  trainerCheck?: TrainerCheck;
  /** Length of the whole lines: a torn last line is cut off before appending. */
  validBytes: number;
}

export interface CheckpointWriter {
  trial(key: string, outcome: TrialOutcome): void;
  counterexample(key: string, found: KnownCounterexample): void;
  trainerCheck(check: TrainerCheck): void;
  close(): void;
}

/** The plan of a run: claim, rung and trial count of every rung, as `runClaims` walks them. */
export function planOf(claims: readonly Claim<any>[], options: Pick<RunOptions, 'scale' | 'at' | 'runs'>): RunConfig['plan'] {
  return claims.flatMap((claim) => rungsOf(claim, options).map((rung): [string, string, number] => [claim.id, rungName(rung), trialsOf(claim, rung, options)]));
}

export function checkpointPath(dir: string): string {
  return join(dir, CHECKPOINT_FILE);
}

/** Starts a fresh checkpoint in dir (replacing any earlier one): the header appears whole or not at all. */
export function createCheckpoint(dir: string, config: RunConfig): CheckpointWriter {
  const file = checkpointPath(dir);
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, `${JSON.stringify({ theorycheck: 'checkpoint', version: 1, config })}\n`);
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, file);
  syncDirectory(dirname(file));
  return appender(file);
}

/** Continues a checkpoint read by readCheckpoint: a torn last line is cut off first. */
export function continueCheckpoint(data: CheckpointData): CheckpointWriter {
  truncateSync(data.file, data.validBytes);
  return appender(data.file);
}

/**
 * Each line reaches the file in one write() as soon as its trial ends: a killed process loses no finished
 * trial. fsync (what a power cut needs) costs milliseconds on many disks, more than most trials, so lines
 * are synced together at most SYNC_INTERVAL_MS apart, and at close.
 */
const SYNC_INTERVAL_MS = 200;

function appender(file: string): CheckpointWriter {
  const fd = openSync(file, 'a');
  let lastSync = performance.now();
  let unsynced = false;
  const append = (line: object) => {
    writeSync(fd, `${JSON.stringify(line)}\n`);
    unsynced = true;
    if (performance.now() - lastSync >= SYNC_INTERVAL_MS) sync();
  };
  const sync = () => {
    fdatasyncSync(fd);
    lastSync = performance.now();
    unsynced = false;
  };
  return {
    trial: (key, outcome) => append({ trial: key, outcome }),
    counterexample: (key, found) => append({ counterexample: key, found }),
    trainerCheck: (check) => append({ trainerCheck: check }),
    close: () => {
      if (unsynced) sync();
      closeSync(fd);
    },
  };
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Schemas of the lines: a checkpoint is a file a person can move, edit or truncate.
const finite = z.number().refine(Number.isFinite);
const integer = z.number().int().min(0);
const { claim: _claim, trainer: _trainer, out: _out, ...planSettings } = planShape;
const configSchema = z.strictObject({
  ...planSettings,
  claims: z.array(z.string()),
  trainer: z.string(),
  trainerModule: z.string().optional(),
  trainerFlag: z.string().optional(),
  plan: z.array(z.tuple([z.string(), z.string(), z.number().int().min(0)])),
});
const headerSchema = z.strictObject({ theorycheck: z.literal('checkpoint'), version: z.literal(1), config: configSchema });
const outcomeSchema = z.strictObject({
  trial: integer,
  seed: z.number().int(),
  pass: z.boolean(),
  status: z.enum(['ok', 'not-scored', 'diverged', 'skipped', 'error']),
  reason: z.string().optional(),
  observables: z.record(z.string(), finite),
  seconds: z.number().min(0),
});
const counterexampleSchema = z.looseObject({ seed: z.number().int(), params: z.record(z.string(), finite), replay: z.string() });
const lineSchema = z.union([
  z.strictObject({ trial: z.string(), outcome: outcomeSchema }),
  z.strictObject({ counterexample: z.string(), found: z.strictObject({ counterexample: counterexampleSchema.nullable(), seconds: z.number().min(0) }) }),
  z.strictObject({ trainerCheck: z.looseObject({ trainer: z.string(), pass: z.boolean(), probes: z.array(z.looseObject({ name: z.string(), supported: z.boolean(), pass: z.boolean() })) }) }),
]);

const ALLOWED = 'a trials.jsonl written by `theorycheck run`';

/** Reads a checkpoint; a torn last line (a run killed while writing it) is ignored, any other bad line is an InputError. */
export function readCheckpoint(file: string): CheckpointData {
  if (!existsSync(file)) throw new InputError('checkpoint', file, `an existing file: ${ALLOWED}`);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // Whole lines end with '\n': the text after the last one is torn (or empty).
  const whole = lines.slice(0, -1);
  const validBytes = text.length - lines[lines.length - 1].length;
  if (whole.length === 0) throw new InputError(file, 'an empty or torn header', ALLOWED);
  const header = headerSchema.safeParse(parseJson(whole[0]));
  if (!header.success) throw new InputError(`${file}:1`, whole[0].slice(0, 80), `the header of ${ALLOWED} (version 1)`);
  const data: CheckpointData = { file, config: (JSON.parse(whole[0]) as { config: RunConfig }).config, trials: new Map(), counterexamples: new Map(), validBytes: Buffer.byteLength(text.slice(0, validBytes)) };
  for (const [i, raw] of whole.entries()) {
    if (i === 0) continue;
    // The line as written, not zod's output: that one reorders keys, and reports must come out byte-identical.
    const json = parseJson(raw);
    const line = lineSchema.safeParse(json);
    if (!line.success) throw new InputError(`${file}:${i + 1}`, raw.slice(0, 80), `a trial, counterexample or trainer-check line of ${ALLOWED}`);
    const value = json as { trial: string; outcome: TrialOutcome } | { counterexample: string; found: KnownCounterexample } | { trainerCheck: TrainerCheck };
    if ('outcome' in value) data.trials.set(value.trial, value.outcome);
    else if ('found' in value) data.counterexamples.set(value.counterexample, value.found);
    else data.trainerCheck = value.trainerCheck;
  }
  return data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
