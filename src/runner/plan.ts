// A run's plan: what decides its trials and verdicts, in one shape whichever way it is given (flags of
// `theorycheck run`, a config file, the options of claimTests). The rule of each field and the words of its error
// are stated once, here; the command line and the config file only turn their text into values first.
import { z } from 'zod';
import type { Trainer } from '../contract/trainer';
import type { Params, ScaleName } from '../contract/claim';
import { InputError } from '../contract/errors';
import type { RunOptions } from './run';
import type { Shard } from './shard';

export const MAX_SEED = 2 ** 31 - 1;
/** `--locate` with no width: every threshold to within ±5% of where it sits. */
export const DEFAULT_LOCATE_WIDTH = 0.1;
const MAX_LOCATE_WIDTH = 1;
const MAX_RUNS = 1_000_000;
const MAX_TIMEOUT_SECONDS = 86_400;
/** A protocol line is one JavaScript string: V8's longest is just under 512 MiB. */
const MAX_LINE_MIB = 500;

/** What each field allows, as errors say it. */
export const PLAN_ALLOWED = {
  claim: 'claim ids or families',
  scale: 'small, default or large',
  seed: `an integer in [0, ${MAX_SEED}]`,
  runs: `an integer in [1, ${MAX_RUNS}]`,
  at: 'KEY=VALUE pairs separated by commas, e.g. d=6,N=20',
  grep: 'a regular expression, found in "claim-id rung-name" of at least one selected rung, e.g. "recovery-threshold d=5"',
  trainer: 'a path to a .js or .ts module',
  trainerCmd: 'a command line, e.g. "python3 examples/numpy_trainer.py"',
  trainerTimeout: `seconds, a number in (0, ${MAX_TIMEOUT_SECONDS}]`,
  trainerMaxLine: `MiB, a number in (0, ${MAX_LINE_MIB}]`,
  out: 'a directory path',
  shrink: 'true or false',
  shard: `I/N with 1 ≤ I ≤ N ≤ ${MAX_RUNS}, e.g. 2/3`,
  sequential: 'true or false',
  trainerCheck: 'stop, report or off',
  allowUnsupported: 'true or false',
  locate: `a relative width in (0, ${MAX_LOCATE_WIDTH}] (the 95% interval's length over its middle), e.g. ${DEFAULT_LOCATE_WIDTH}, or no value for ${DEFAULT_LOCATE_WIDTH}`,
} as const;

const nonEmpty = z.string().trim().min(1);
const flag = z.boolean();

/** The fields of a plan and their rules; optional fields have the defaults RunOptions gives them. */
export const planShape = {
  /** Claim ids or family prefixes (absent: every claim). */
  claim: z.array(nonEmpty).min(1).optional(),
  scale: z.enum(['small', 'default', 'large']),
  seed: z.number().int().min(0).max(MAX_SEED),
  /** Trials per rung, overriding the ladder's. */
  runs: z.number().int().min(1).max(MAX_RUNS).optional(),
  /** One custom rung of the one selected claim. */
  at: z.record(z.string().regex(/^[A-Za-z_]\w*$/), z.number().finite()).refine((p) => Object.keys(p).length > 0).optional(),
  /** Only the rungs whose "claim-id rung-name" the regular expression finds. */
  grep: z.string().min(1).refine((pattern) => {
    try {
      new RegExp(pattern);
      return true;
    } catch {
      return false;
    }
  }).optional(),
  /** A module whose default export is a Trainer; or a trainer process and its per-request timeout in seconds. */
  trainer: nonEmpty.optional(),
  trainerCmd: nonEmpty.optional(),
  trainerTimeout: z.number().positive().max(MAX_TIMEOUT_SECONDS).optional(),
  /** The longest line a trainer process may write, in MiB (default 256). */
  trainerMaxLine: z.number().positive().max(MAX_LINE_MIB).optional(),
  /** The report directory. */
  out: nonEmpty,
  /** Shrink the first failure of each holds rung to a counterexample. */
  shrink: flag,
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1).max(MAX_RUNS) }).refine((s) => s.index <= s.count).optional(),
  /** Stop each rung once its verdict is settled (absent: full counts). */
  sequential: flag.optional(),
  /** The did-it-train check before the claims (absent: off). */
  trainerCheck: z.enum(['stop', 'report', 'off']).optional(),
  /** Rungs not checked only because the trainer declined their requests do not fail the run. */
  allowUnsupported: flag.optional(),
  /** Place rungs on each transition until its threshold's interval is narrower than this relative width. */
  locate: z.number().positive().max(MAX_LOCATE_WIDTH).optional(),
};

export type PlanKey = keyof typeof planShape;
export const PLAN_KEYS = Object.keys(planShape) as PlanKey[];

/** A run's plan, every field checked. */
export interface RunPlan {
  claim?: string[];
  scale: ScaleName;
  seed: number;
  runs?: number;
  at?: Params;
  grep?: string;
  trainer?: string;
  trainerCmd?: string;
  trainerTimeout?: number;
  trainerMaxLine?: number;
  out: string;
  shrink: boolean;
  shard?: Shard;
  sequential?: boolean;
  trainerCheck?: NonNullable<RunOptions['trainerCheck']>;
  allowUnsupported?: boolean;
  locate?: number;
}

// The interface above is what the schema parses to; a field added to one and not the other fails to compile.
type Parsed = z.output<z.ZodObject<typeof planShape>>;
const sameShape: [Parsed, RunPlan] extends [RunPlan, Parsed] ? true : never = true;
void sameShape;

/** The value of one field, checked; an InputError names it by `label` (the flag or the config file's key). */
export function planValue<K extends PlanKey>(key: K, value: unknown, label: string, shown: unknown = value): NonNullable<RunPlan[K]> {
  const parsed = planShape[key].safeParse(value);
  if (!parsed.success || parsed.data === undefined) throw new InputError(label, shown, PLAN_ALLOWED[key]);
  return parsed.data as NonNullable<RunPlan[K]>;
}

/** The settings of a run that RunOptions carries: a plan's, or a checkpoint's record of one. */
export type PlanSettings = Pick<RunPlan, 'seed' | 'scale' | 'runs' | 'at' | 'grep' | 'shard' | 'sequential' | 'trainerCheck' | 'allowUnsupported' | 'locate'> & {
  shrink?: boolean;
  /** How replay commands name the trainer when it is not the reference. */
  trainerFlag?: string;
};

/** The run options these settings stand for, with the trainer that runs them: the one way a run is set up. */
export function runOptionsOf(settings: PlanSettings, trainer: Trainer): RunOptions {
  return {
    seed: settings.seed,
    scale: settings.scale,
    trainer,
    ...(settings.runs !== undefined ? { runs: settings.runs } : {}),
    ...(settings.at ? { at: settings.at } : {}),
    ...(settings.grep !== undefined ? { grep: settings.grep } : {}),
    ...(settings.shrink !== undefined ? { shrink: settings.shrink } : {}),
    ...(settings.trainerFlag ? { trainerFlag: settings.trainerFlag } : {}),
    ...(settings.shard ? { shard: settings.shard } : {}),
    ...(settings.sequential ? { sequential: true } : {}),
    ...(settings.trainerCheck ? { trainerCheck: settings.trainerCheck } : {}),
    ...(settings.allowUnsupported ? { allowUnsupported: true } : {}),
    ...(settings.locate !== undefined ? { locate: settings.locate } : {}),
  };
}
