// The flags of `theorycheck slurm submit` that are Slurm's: each checked here, named with what is allowed, before
// anything is written or submitted.
import { z } from 'zod';
import { InputError, type SlurmOptions } from '../index';

const MAX_SHARDS = 10_000;
const MAX_CPUS = 1024;

const SLURM_ALLOWED = {
  shards: `an integer in [1, ${MAX_SHARDS}]: one array task per shard (a cluster's MaxArraySize may allow fewer)`,
  partition: 'a Slurm partition name (letters, digits, _ . -), or several separated by commas',
  time: 'a Slurm time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS, e.g. 30 or 2:00:00',
  cpusPerTask: `an integer in [1, ${MAX_CPUS}]: the CPUs of each shard's task, and its --workers`,
  sbatchArg: 'one sbatch option as one word, e.g. --mem=4G or --account=proj (not --array, --dependency, --output, --chdir, --job-name or --parsable: theorycheck sets them; --partition, --time and --cpus-per-task have flags of their own)',
} as const;

const integerIn = (min: number, max: number) => z.string().regex(/^\s*\d+\s*$/).transform(Number).pipe(z.number().int().min(min).max(max));
/** Options the scripts set themselves or that have their own flags. */
const RESERVED = ['array', 'dependency', 'output', 'error', 'chdir', 'job-name', 'parsable', 'partition', 'time', 'cpus-per-task', 'a', 'd', 'o', 'e', 'D', 'J', 'p', 't', 'c'];
const sbatchArg = z.string().regex(/^--?[A-Za-z][\w-]*(=[^\n]*)?$/).refine((arg) => !RESERVED.includes(arg.replace(/^--?/, '').split('=')[0]));

function checked<T>(schema: z.ZodType<T>, flag: string, value: string, allowed: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError(flag, value, allowed);
  return result.data;
}

export function parseShards(value: string): number {
  return checked(integerIn(1, MAX_SHARDS), '--shards', value, SLURM_ALLOWED.shards);
}

/** What the command line gives for the Slurm options, as commander parsed them. */
export interface RawSlurmOptions {
  partition?: string;
  time?: string;
  cpusPerTask: string;
  sbatchArg?: string[];
}

export function parseSlurmOptions(raw: RawSlurmOptions): SlurmOptions {
  return {
    ...(raw.partition !== undefined ? { partition: checked(z.string().regex(/^[\w.-]+(,[\w.-]+)*$/), '--partition', raw.partition, SLURM_ALLOWED.partition) } : {}),
    ...(raw.time !== undefined ? { time: checked(z.string().regex(/^(\d+-\d{1,2}(:\d{1,2}(:\d{1,2})?)?|\d+(:\d{1,2}(:\d{1,2})?)?|UNLIMITED|INFINITE)$/), '--time', raw.time, SLURM_ALLOWED.time) } : {}),
    cpusPerTask: checked(integerIn(1, MAX_CPUS), '--cpus-per-task', raw.cpusPerTask, SLURM_ALLOWED.cpusPerTask),
    sbatchArgs: (raw.sbatchArg ?? []).map((arg) => checked(sbatchArg, '--sbatch-arg', arg, SLURM_ALLOWED.sbatchArg)),
  };
}
