// The batch scripts of a run on a Slurm cluster, as text: one job array whose task I runs shard I of N of the
// run into DIR/shard-I, and one merge job that writes the run's report into DIR once every shard succeeded.
// Pure: the paths, the command and the options come in, the scripts go out (slurm.ts writes and submits them).
import { join } from 'node:path';
import { LOCK_FILE } from './lock';

/** The sbatch options of both jobs, checked by the command line. */
export interface SlurmOptions {
  partition?: string;
  time?: string;
  cpusPerTask: number;
  /** Further sbatch options, each as one `#SBATCH` line (e.g. --mem=4G, --account=proj). */
  sbatchArgs: string[];
}

/** Where a submission keeps its files and how its jobs start theorycheck. */
export interface SlurmLayout {
  /** The run's --out (absolute, on a file system every node sees). */
  out: string;
  /** The directory the jobs start in: the submitter's, so that relative paths mean the same. */
  cwd: string;
  /** The node executable and theorycheck's bin/theorycheck.js (absolute). */
  node: string;
  bin: string;
  shards: number;
}

/** The files of a submission under DIR/slurm. */
export function slurmPaths(out: string) {
  const dir = join(out, 'slurm');
  return {
    dir,
    /** The run's flags as a --config file, so that every task runs exactly the same plan. */
    config: join(dir, 'run.json'),
    shardsScript: join(dir, 'shards.sbatch'),
    mergeScript: join(dir, 'merge.sbatch'),
    logs: join(dir, 'logs'),
    /** The submission: options, plan and the ids of every job submitted for it. */
    record: join(dir, 'submission.json'),
  };
}

/** Shard I's --out: its trials.jsonl and its own report. */
export function shardDir(out: string, index: number): string {
  return join(out, `shard-${index}`);
}

/** A word for a POSIX shell: single-quoted unless it is plain. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function directives(name: string, options: SlurmOptions, output: string, cwd: string, cpus: number): string[] {
  return [
    `--job-name=${name}`,
    `--cpus-per-task=${cpus}`,
    ...(options.partition ? [`--partition=${options.partition}`] : []),
    ...(options.time ? [`--time=${options.time}`] : []),
    `--output=${output}`,
    `--chdir=${cwd}`,
    ...options.sbatchArgs,
  ].map((d) => `#SBATCH ${d}`);
}

/**
 * The array job: task I runs shard I/N. A task whose shard already has a checkpoint (a resubmission after a task
 * was cancelled, timed out or lost its node) continues it with `run --resume`: no finished trial runs twice.
 * The task removes its shard's lock first: Slurm runs one task of an index at a time, so a lock there is that of a
 * task that was killed, perhaps on another node, where the lock's owner cannot be checked.
 * The shard is given explicitly (--shard "$SLURM_ARRAY_TASK_ID/N"): a resubmitted array holds only some indices,
 * so the array's own count is not the run's.
 */
export function shardsScript(layout: SlurmLayout, options: SlurmOptions): string {
  const paths = slurmPaths(layout.out);
  const theorycheck = [layout.node, layout.bin].map(shellWord).join(' ');
  const workers = `--workers ${options.cpusPerTask}`;
  return [
    '#!/bin/bash',
    `# Shard $SLURM_ARRAY_TASK_ID of ${layout.shards} of one theorycheck run, written by \`theorycheck slurm submit\`.`,
    ...directives('theorycheck-shards', options, join(paths.logs, 'shard-%a.%A.log'), layout.cwd, options.cpusPerTask),
    `#SBATCH --array=1-${layout.shards}`,
    'set -euo pipefail',
    `shard_dir=${shellWord(layout.out)}/shard-"$SLURM_ARRAY_TASK_ID"`,
    'if [ -f "$shard_dir/trials.jsonl" ]; then',
    '  # Slurm runs one task per index at a time: a lock left there is a killed task\'s, maybe of another node.',
    `  rm -f "$shard_dir/${LOCK_FILE}"`,
    `  exec ${theorycheck} run --resume "$shard_dir" ${workers} --quiet`,
    'fi',
    `exec ${theorycheck} run --config ${shellWord(paths.config)} --shard "$SLURM_ARRAY_TASK_ID/${layout.shards}" --out "$shard_dir" ${workers} --quiet`,
    '',
  ].join('\n');
}

/** The merge job (submitted with --dependency=afterok on the array): the run's report in DIR. */
export function mergeScript(layout: SlurmLayout, options: SlurmOptions): string {
  const paths = slurmPaths(layout.out);
  const shards = Array.from({ length: layout.shards }, (_, i) => shellWord(shardDir(layout.out, i + 1)));
  return [
    '#!/bin/bash',
    `# The merge of the ${layout.shards} shards of one theorycheck run into its report, written by \`theorycheck slurm submit\`.`,
    ...directives('theorycheck-merge', options, join(paths.logs, 'merge.%j.log'), layout.cwd, 1),
    'set -euo pipefail',
    `exec ${[layout.node, layout.bin].map(shellWord).join(' ')} merge ${shards.join(' ')} --out ${shellWord(layout.out)}`,
    '',
  ].join('\n');
}
