// A run on a Slurm cluster: `theorycheck slurm submit` writes the batch scripts (slurm-script.ts) under DIR/slurm and
// submits the shards as one job array and the merge as a job depending on it; `slurm status` reads each shard's
// progress off its checkpoint; `slurm resume` resubmits the shards that did not finish (they continue their
// checkpoints) and the merge. DIR/slurm/submission.json records what was submitted, for status and resume.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { errorText, fileError, InputError } from '../contract/errors';
import { checkpointPath, readCheckpoint, type RunConfig } from './checkpoint';
import { trialKey } from './run';
import { shardOf } from './shard';
import { mergeScript, shardDir, shardsScript, slurmPaths, type SlurmLayout, type SlurmOptions } from './slurm-script';

export { slurmPaths, type SlurmLayout, type SlurmOptions } from './slurm-script';

interface SubmittedJobs {
  /** The job array of the shards (none when every shard had finished) and the merge job depending on it. */
  array?: string;
  merge: string;
  shards: number[];
  submittedAt: string;
}

const recordSchema = z.object({
  theorycheck: z.literal('slurm'),
  version: z.literal(1),
  layout: z.object({ out: z.string(), cwd: z.string(), node: z.string(), bin: z.string(), shards: z.number().int().min(1) }),
  options: z.object({ partition: z.string().optional(), time: z.string().optional(), cpusPerTask: z.number().int().min(1), sbatchArgs: z.array(z.string()) }),
  /** Trials of each shard (index 0: shard 1), from the plan: what status counts progress against. */
  planned: z.array(z.number().int().min(0)),
  jobs: z.array(z.object({ array: z.string().optional(), merge: z.string(), shards: z.array(z.number().int()), submittedAt: z.string() })),
});
type SlurmRecord = z.infer<typeof recordSchema>;

/** Trials of each shard of `count` (index 0: shard 1), from the run's plan. */
export function plannedPerShard(plan: RunConfig['plan'], count: number): number[] {
  const planned = new Array<number>(count).fill(0);
  for (const [claim, rung, trials] of plan) {
    for (let trial = 0; trial < trials; trial++) planned[shardOf(trialKey(claim, rung, trial), count) - 1]++;
  }
  return planned;
}

export interface SubmitRequest {
  layout: SlurmLayout;
  options: SlurmOptions;
  /** The run's flags as a --config file holds them (no out, no shard). */
  runConfig: Record<string, unknown>;
  plan: RunConfig['plan'];
}

/** The files a submission writes, path → content: what --dry-run prints. */
export function submissionFiles(request: SubmitRequest): [string, string][] {
  const paths = slurmPaths(request.layout.out);
  return [
    [paths.config, `${JSON.stringify(request.runConfig, null, 2)}\n`],
    [paths.shardsScript, shardsScript(request.layout, request.options)],
    [paths.mergeScript, mergeScript(request.layout, request.options)],
  ];
}

interface Submitted extends SubmittedJobs {
  report: string;
}

/** Writes the scripts, submits the shards' array and the merge after it, and records both. */
export function submitSlurm(request: SubmitRequest): Submitted {
  const { out } = request.layout;
  const paths = slurmPaths(out);
  if (existsSync(paths.record)) {
    throw new InputError('--out', out, `a directory without a submission (${paths.record} exists: \`theorycheck slurm status ${out}\` shows it, \`theorycheck slurm resume ${out}\` finishes it)`);
  }
  // A task finding a checkpoint continues it: one left by another run would be continued with that run's flags.
  const stale = Array.from({ length: request.layout.shards }, (_, i) => checkpointPath(shardDir(out, i + 1))).find((file) => existsSync(file));
  if (stale) throw new InputError('--out', out, `a directory without the shards of another run (${stale} exists): another --out, or remove it`);
  try {
    mkdirSync(paths.logs, { recursive: true });
    for (const [file, text] of submissionFiles(request)) writeFileSync(file, text, { mode: file.endsWith('.sbatch') ? 0o755 : 0o644 });
  } catch (err) {
    throw fileError(paths.dir, 'writing the batch scripts', err);
  }
  const record: SlurmRecord = { theorycheck: 'slurm', version: 1, layout: request.layout, options: request.options, planned: plannedPerShard(request.plan, request.layout.shards), jobs: [] };
  const all = Array.from({ length: request.layout.shards }, (_, i) => i + 1);
  const jobs = submitJobs(record, all);
  return { ...jobs, report: join(out, 'report.json') };
}

/** Submits the array of `shards` (none: only the merge) and the merge after it, and appends them to the record. */
function submitJobs(record: SlurmRecord, shards: number[]): SubmittedJobs {
  const paths = slurmPaths(record.layout.out);
  const array = shards.length ? sbatch([`--array=${arrayRange(shards)}`, paths.shardsScript]) : undefined;
  let merge: string;
  try {
    merge = sbatch([...(array ? [`--dependency=afterok:${array}`] : []), paths.mergeScript]);
  } catch (err) {
    // The shards are submitted: recorded, so that status and resume know them.
    if (array) writeRecord({ ...record, jobs: [...record.jobs, { array, merge: 'none', shards, submittedAt: new Date().toISOString() }] });
    throw err;
  }
  const jobs = { ...(array ? { array } : {}), merge, shards, submittedAt: new Date().toISOString() };
  writeRecord({ ...record, jobs: [...record.jobs, jobs] });
  return jobs;
}

/** Shard indices as sbatch's --array takes them: runs of consecutive ones as ranges (1-3,5,7-8). */
export function arrayRange(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; i++) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    parts.push(j === i ? String(indices[i]) : `${indices[i]}-${indices[j]}`);
    i = j;
  }
  return parts.join(',');
}

/** Runs a Slurm command; a missing command or one that fails is an InputError with its message. */
function runSlurm(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new InputError(command, 'not found', `a Slurm installation with ${command} on PATH (submit --dry-run prints the scripts without one)`);
    const said = (e.stderr ?? errorText(err)).trim().split('\n')[0];
    throw new InputError(`${command} ${args.join(' ')}`, said, 'what this Slurm cluster accepts (check --partition, --time, --cpus-per-task and --sbatch-arg)');
  }
}

/** sbatch --parsable: the job id ("123", or "123;cluster" on a federation). */
function sbatch(args: string[]): string {
  return runSlurm('sbatch', ['--parsable', ...args]).trim().split(';')[0];
}

function writeRecord(record: SlurmRecord): void {
  const { record: file } = slurmPaths(record.layout.out);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw fileError(file, 'writing the submission record', err);
  }
}

function readRecord(out: string, field: string): SlurmRecord {
  const file = slurmPaths(out).record;
  const allowed = 'the --out of `theorycheck slurm submit`, holding slurm/submission.json';
  if (!existsSync(file)) throw new InputError(field, out, allowed);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(file, errorText(err), `${allowed} as written`);
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) throw new InputError(file, 'a record of another shape', `${allowed} as written`);
  return parsed.data;
}

type ShardState = 'finished' | 'partial' | 'not started';

export interface ShardStatus {
  index: number;
  dir: string;
  trials: number;
  planned: number;
  state: ShardState;
  /** Slurm's state of the shard's latest task (RUNNING, PENDING, ...), while Slurm still lists it. */
  job?: string;
}

export interface SlurmStatus {
  out: string;
  shards: ShardStatus[];
  jobs: SubmittedJobs[];
  /** Slurm's state of the latest merge job, while listed. */
  merge?: string;
  /** The merged report, once written. */
  report?: string;
}

/** Progress of every shard, from its checkpoint (trials done of its planned ones) and its report. */
export function slurmStatus(out: string, field = 'slurm status DIR'): SlurmStatus {
  const record = readRecord(out, field);
  return statusOf(record, queueStates(record));
}

function statusOf(record: SlurmRecord, queue: Map<string, string> | undefined): SlurmStatus {
  const { out } = record.layout;
  const latest = record.jobs.at(-1);
  const shards = record.planned.map((planned, i): ShardStatus => {
    const index = i + 1;
    const dir = shardDir(out, index);
    const trials = existsSync(checkpointPath(dir)) ? readCheckpoint(checkpointPath(dir)).trials.size : 0;
    const state: ShardState = existsSync(join(dir, 'report.json')) ? 'finished' : existsSync(checkpointPath(dir)) ? 'partial' : 'not started';
    const task = latest?.array && latest.shards.includes(index) ? queue?.get(`${latest.array}_${index}`) : undefined;
    return { index, dir, trials, planned, state, ...(task ? { job: task } : {}) };
  });
  const merge = latest ? queue?.get(latest.merge) : undefined;
  const report = join(out, 'report.json');
  return { out, shards, jobs: record.jobs, ...(merge ? { merge } : {}), ...(existsSync(report) ? { report } : {}) };
}

/** Slurm's state of every job and array task of the record that squeue still lists (undefined: no squeue). */
function queueStates(record: SlurmRecord): Map<string, string> | undefined {
  let text: string;
  try {
    text = execFileSync('squeue', ['-h', '-r', '-t', 'all', '-o', '%i|%T'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  const ids = new Set(record.jobs.flatMap((j) => [j.array, j.merge]).filter((id): id is string => id !== undefined));
  const states = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [id, state] = line.trim().split('|');
    if (id && state && ids.has(id.split('_')[0])) states.set(id, state);
  }
  return states;
}

/** States in which a job may still write to its shard. */
const ACTIVE = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'RESIZING', 'SIGNALING', 'STAGE_OUT']);

interface Resubmitted extends SubmittedJobs {
  report: string;
}

/**
 * Resubmits the shards that did not finish (each continues its own checkpoint: nothing finished runs again) and
 * the merge after them; undefined when the run's report is already there. Refused while a task of the
 * submission may still write to its shard.
 */
export function resumeSlurm(out: string, field = 'slurm resume DIR'): Resubmitted | undefined {
  const record = readRecord(out, field);
  const queue = queueStates(record);
  if (!queue) throw new InputError('squeue', 'not found or failing', 'a Slurm installation with squeue on PATH: resume must know that no task of the run still writes');
  const active = [...queue].filter(([id, state]) => id.includes('_') && ACTIVE.has(state));
  if (active.length) {
    throw new InputError(field, `shard tasks still queued or running: ${active.map(([id, state]) => `${id} ${state}`).join(', ')}`, 'a submission whose shard tasks have all ended: wait for them, or scancel them first');
  }
  const status = statusOf(record, queue);
  const unfinished = status.shards.filter((s) => s.state !== 'finished').map((s) => s.index);
  if (!unfinished.length && status.report) return undefined;
  // The last merge waits for shards that will not succeed (or, with no task active, has nothing to wait for).
  const merge = record.jobs.at(-1)?.merge;
  if (merge && merge !== 'none' && queue.has(merge) && ACTIVE.has(queue.get(merge)!)) runSlurm('scancel', [merge]);
  const jobs = submitJobs(record, unfinished);
  return { ...jobs, report: join(out, 'report.json') };
}
