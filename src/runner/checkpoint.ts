// The checkpoint of a run: DIR/trials.jsonl, append-only, one JSON line per finished trial (and per shrunk
// counterexample) after a header with the run's configuration, each line written before the run goes on.
// A run killed at any moment leaves whole lines plus at most one torn last line, which resume cuts off.
// The same file carries a shard's trials to `merge`. Each line carries a checksum of itself, the header a hash of
// the plan, and each trial the seed its key gives: an edited or corrupted line is refused, never reported.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Claim } from '../contract/claim';
import { rungName } from '../contract/claim';
import { fileError, InputError } from '../contract/errors';
import { rungsOf, trialSeed, trialsOf, type KnownCounterexample, type RunOptions } from './run';
import { planShape, type RunPlan } from './plan';
import { ownsTrial } from './shard';
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
  /** planHash(config), as the header records it: the shards of one run share it. */
  planHash: string;
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
  /** Syncs and closes the file; a second call does nothing. */
  close(): void;
}

/** The plan of a run: claim, rung and trial count of every rung, as `runClaims` walks them. */
export function planOf(claims: readonly Claim<any>[], options: Pick<RunOptions, 'scale' | 'at' | 'runs' | 'grep'>): RunConfig['plan'] {
  return claims.flatMap((claim) => rungsOf(claim, options).map((rung): [string, string, number] => [claim.id, rungName(rung), trialsOf(claim, rung, options)]));
}

export function checkpointPath(dir: string): string {
  return join(dir, CHECKPOINT_FILE);
}

/** The version written; a checkpoint of another version is refused (see readCheckpoint). */
const VERSION = 2;

/** 64 bits of sha256: ample to tell an edited or corrupted line, short enough to leave lines readable. */
function checksum(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A line as written: its JSON with `sum`, the checksum of that JSON without `sum`, as its last field. */
export function sealLine(line: object): string {
  return `${JSON.stringify({ ...line, sum: checksum(JSON.stringify(line)) })}\n`;
}

/**
 * The hash of what decides a run's trials and report: the config with sorted keys, without the shard (the shards of
 * one run share it) and the trainer module's path (where each machine loaded it from).
 */
export function planHash(config: RunConfig): string {
  const { shard: _shard, trainerModule: _module, ...run } = config;
  return checksum(sortedJson(run));
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Starts a fresh checkpoint in dir (replacing any earlier one): the header appears whole or not at all. */
export function createCheckpoint(dir: string, config: RunConfig): CheckpointWriter {
  const file = checkpointPath(dir);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, sealLine({ theorycheck: 'checkpoint', version: VERSION, planHash: planHash(config), config }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    syncDirectory(dirname(file));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw fileError(file, 'writing the checkpoint header', err);
  }
  return appender(file);
}

/** Continues a checkpoint read by readCheckpoint: a torn last line is cut off first. */
export function continueCheckpoint(data: CheckpointData): CheckpointWriter {
  try {
    if (statSync(data.file).size > data.validBytes) truncateSync(data.file, data.validBytes);
  } catch (err) {
    throw fileError(data.file, 'cutting off the torn last line', err);
  }
  return appender(data.file);
}

/**
 * Each line reaches the file in one write() as soon as its trial ends: a killed process loses no finished
 * trial. fsync (what a power cut needs) costs milliseconds on many disks, more than most trials, so lines
 * are synced together at most SYNC_INTERVAL_MS apart, and at close. A failed write or sync (a full disk) is an
 * InputError naming the file, which ends the run: going on would report trials a resume could not find.
 */
const SYNC_INTERVAL_MS = 200;

function appender(file: string): CheckpointWriter {
  let fd: number;
  try {
    fd = openSync(file, 'a');
  } catch (err) {
    throw fileError(file, 'opening the checkpoint', err);
  }
  let open = true;
  let lastSync = performance.now();
  let unsynced = false;
  const append = (line: object) => {
    try {
      writeSync(fd, sealLine(line));
    } catch (err) {
      throw fileError(file, 'appending to the checkpoint', err);
    }
    unsynced = true;
    if (performance.now() - lastSync >= SYNC_INTERVAL_MS) sync();
  };
  const sync = () => {
    try {
      fdatasyncSync(fd);
    } catch (err) {
      throw fileError(file, 'syncing the checkpoint', err);
    }
    lastSync = performance.now();
    unsynced = false;
  };
  return {
    trial: (key, outcome) => append({ trial: key, outcome }),
    counterexample: (key, found) => append({ counterexample: key, found }),
    trainerCheck: (check) => append({ trainerCheck: check }),
    close: () => {
      if (!open) return;
      open = false;
      try {
        if (unsynced) sync();
      } finally {
        closeSync(fd);
      }
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
const sum = z.string().regex(/^[0-9a-f]{16}$/);
const { claim: _claim, trainer: _trainer, out: _out, ...planSettings } = planShape;
const configSchema = z.strictObject({
  ...planSettings,
  claims: z.array(z.string()),
  trainer: z.string(),
  trainerModule: z.string().optional(),
  trainerFlag: z.string().optional(),
  plan: z.array(z.tuple([z.string(), z.string(), z.number().int().min(0)])),
});
const headerSchema = z.strictObject({ theorycheck: z.literal('checkpoint'), version: z.literal(VERSION), planHash: sum, config: configSchema, sum });
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
  z.strictObject({ trial: z.string(), outcome: outcomeSchema, sum }),
  z.strictObject({ counterexample: z.string(), found: z.strictObject({ counterexample: counterexampleSchema.nullable(), seconds: z.number().min(0) }), sum }),
  z.strictObject({ trainerCheck: z.looseObject({ trainer: z.string(), pass: z.boolean(), probes: z.array(z.looseObject({ name: z.string(), supported: z.boolean(), pass: z.boolean() })) }), sum }),
]);

const ALLOWED = 'a trials.jsonl written by `theorycheck run`';
const EDITED = 'the line as theorycheck wrote it: this one was edited or corrupted; rerun the run, or restore the file';

/**
 * Reads a checkpoint; a torn last line (a run killed while writing it) is ignored, any other bad line is an
 * InputError naming the file and the line: one that fails its schema or its checksum, a header whose plan hash is
 * not its config's, a trial whose seed is not the one its key and the run's seed give, or a line of a trial outside
 * the plan or the shard.
 */
export function readCheckpoint(file: string): CheckpointData {
  if (!existsSync(file)) throw new InputError('checkpoint', file, `an existing file: ${ALLOWED}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw fileError(file, 'reading the checkpoint', err);
  }
  const lines = text.split('\n');
  // Whole lines end with '\n': the text after the last one is torn (or empty).
  const whole = lines.slice(0, -1);
  const validBytes = text.length - lines[lines.length - 1].length;
  if (whole.length === 0) throw new InputError(file, 'an empty or torn header', ALLOWED);
  const config = readHeader(file, whole[0]);
  const data: CheckpointData = { file, config, planHash: planHash(config), trials: new Map(), counterexamples: new Map(), validBytes: Buffer.byteLength(text.slice(0, validBytes)) };
  const trialsOfRung = new Map(config.plan.map(([claim, rung, trials]) => [`${claim}|${rung}`, trials]));
  for (const [i, raw] of whole.entries()) {
    if (i === 0) continue;
    const where = `${file}:${i + 1}`;
    // The line as written, not zod's output: that one reorders keys, and reports must come out byte-identical.
    const json = parseJson(raw);
    if (!lineSchema.safeParse(json).success) throw new InputError(where, raw.slice(0, 80), `a trial, counterexample or trainer-check line of ${ALLOWED} (version ${VERSION})`);
    const { sum: written, ...value } = json as { sum: string } & ({ trial: string; outcome: TrialOutcome } | { counterexample: string; found: KnownCounterexample } | { trainerCheck: TrainerCheck });
    if (checksum(JSON.stringify(value)) !== written) throw new InputError(where, 'checksum mismatch', EDITED);
    if ('outcome' in value) {
      checkTrial(where, config, trialsOfRung, value.trial, value.outcome.trial, value.outcome.seed);
      data.trials.set(value.trial, value.outcome);
    } else if ('found' in value) {
      const index = Number(value.counterexample.slice(value.counterexample.lastIndexOf('|') + 1));
      checkTrial(where, config, trialsOfRung, value.counterexample, index, value.found.counterexample?.seed);
      data.counterexamples.set(value.counterexample, value.found);
    } else data.trainerCheck = value.trainerCheck;
  }
  return data;
}

/** The header's config, once its schema, version, checksum and plan hash are checked. */
function readHeader(file: string, raw: string): RunConfig {
  const json = parseJson(raw) as { theorycheck?: unknown; version?: unknown } | undefined;
  // Version 1 lines carry no checksums: read as they are, an edited seed would pass unnoticed into the report, and
  // resuming would append version-2 lines to a version-1 file. Rerunning is the safe way.
  if (json?.theorycheck === 'checkpoint' && typeof json.version === 'number' && json.version !== VERSION) {
    const age = json.version < VERSION ? 'an older theorycheck, without line checksums' : 'a newer theorycheck';
    throw new InputError(`${file}:1`, `a checkpoint of version ${json.version}`, `a checkpoint of version ${VERSION}: this one was written by ${age}; rerun the run from the start (theorycheck run with its flags)`);
  }
  if (!headerSchema.safeParse(json).success) throw new InputError(`${file}:1`, raw.slice(0, 80), `the header of ${ALLOWED} (version ${VERSION})`);
  const { sum: written, ...header } = json as { sum: string; planHash: string; config: RunConfig };
  if (checksum(JSON.stringify(header)) !== written) throw new InputError(`${file}:1`, 'checksum mismatch', EDITED);
  if (planHash(header.config) !== header.planHash) throw new InputError(`${file}:1`, 'a plan hash that does not match the config', `${EDITED} (its seed, claims, ladders or trainer differ from the run's)`);
  return header.config;
}

/**
 * The line of trial `index` with key `key` (claim|rung|index) belongs to this run: a trial of its plan and shard,
 * with the seed trialSeed gives it (a counterexample starts from that seed too; none when the shrink found none).
 */
function checkTrial(where: string, config: RunConfig, trialsOfRung: ReadonlyMap<string, number>, key: string, index: number, seed: number | undefined): void {
  const cut = key.lastIndexOf('|');
  const rungKey = key.slice(0, cut);
  const claim = rungKey.slice(0, rungKey.indexOf('|'));
  const rung = rungKey.slice(claim.length + 1);
  const trials = trialsOfRung.get(rungKey);
  if (trials === undefined || key.slice(cut + 1) !== String(index) || !(index < trials)) {
    throw new InputError(where, key, `a trial of the run's plan (claim|rung|index, with its index in the line): ${EDITED}`);
  }
  if (!ownsTrial(config.shard, key)) throw new InputError(where, key, `a trial of shard ${config.shard?.index}/${config.shard?.count}, the header's: ${EDITED}`);
  const expected = trialSeed(config.seed, claim, rung, index);
  if (seed !== undefined && seed !== expected) {
    throw new InputError(where, `seed ${seed} for ${key}`, `seed ${expected}, the one that trial has in a run of seed ${config.seed}: ${EDITED}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
