// `run --config FILE`: run flags from a JSON file, e.g. { "claim": ["quadratic"], "scale": "small", "seed": 3 }.
// Its keys are the flags' names; a flag given on the command line wins over the file. Values go through the
// same parsers as the flags, and errors name the file and the key.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError, didYouMean, errorText, PLAN_KEYS, type PlanKey, type RunPlan } from '../index';
import { parseRunFlags, type RawRunFlags } from './flags';

const text = z.string({ error: 'a string' });
const numberOrText = z.union([z.number(), z.string()], { error: 'a number or a string' });
const flag = z.boolean({ error: 'true or false' });
/** What JSON may carry for each key of a run's plan, before the plan's own rules. */
const FILE_VALUES: { [K in PlanKey]: z.ZodType } = {
  claim: z.union([z.string(), z.array(z.string())], { error: 'a claim id or family, or an array of them' }),
  scale: text,
  seed: numberOrText,
  runs: numberOrText,
  at: z.union([z.string(), z.record(z.string(), z.number())], { error: 'KEY=VALUE pairs as a string ("d=6,N=20") or an object ({ "d": 6 })' }),
  grep: text,
  trainer: text,
  trainerCmd: text,
  trainerTimeout: numberOrText,
  trainerMaxLine: numberOrText,
  out: text,
  shrink: flag,
  shard: text,
  sequential: flag,
  trainerCheck: text,
  allowUnsupported: flag,
  locate: z.union([z.literal(true), z.number(), z.string()], { error: 'true (the default width) or a relative width' }),
};
/**
 * Keys of `run`'s flags outside the run's plan (its checkpoint): how a run is shown or spread over processes, and
 * bail, which may cut it short (a resumed run goes on from its trials whatever it was).
 */
const OUTPUT_VALUES = { workers: numberOrText, quiet: flag, json: flag, bail: flag };
type OutputKey = keyof typeof OUTPUT_VALUES;
const KEYS = [...PLAN_KEYS, ...(Object.keys(OUTPUT_VALUES) as OutputKey[])];
const configSchema = z.strictObject(
  {
    ...(Object.fromEntries(PLAN_KEYS.map((key) => [key, FILE_VALUES[key].optional()])) as { [K in PlanKey]: z.ZodOptional<z.ZodType> }),
    workers: OUTPUT_VALUES.workers.optional(),
    quiet: OUTPUT_VALUES.quiet.optional(),
    json: OUTPUT_VALUES.json.optional(),
    bail: OUTPUT_VALUES.bail.optional(),
  },
  { error: 'a JSON object' },
);

/** The config file a run reads when --config names none: in the working directory, as vitest finds its config. */
const DEFAULT_CONFIG_FILE = 'theorycheck.config.json';

/** The config file of a run: --config FILE, else theorycheck.config.json when the working directory has one. */
export function configFileOf(flag: string | undefined): RunConfigFile | undefined {
  if (flag !== undefined) return readConfigFile(flag);
  return existsSync(DEFAULT_CONFIG_FILE) ? readConfigFile(DEFAULT_CONFIG_FILE) : undefined;
}

export interface RunConfigFile {
  file: string;
  values: Partial<RawRunFlags>;
  /** workers, quiet, json and bail: as their flags' text (workers) or booleans. */
  output: { workers?: string; quiet?: boolean; json?: boolean; bail?: boolean };
}

/** A JSON value as the flag's text would give it (booleans and claim lists stay as they are). */
function asFlag(key: PlanKey, value: unknown): unknown {
  if (key === 'claim') return Array.isArray(value) ? value : [value];
  if (key === 'at' && typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => `${k}=${v}`).join(',');
  return typeof value === 'number' ? String(value) : value;
}

/** Reads and checks a config file: every key known, every value of its type (ranges are checked by parseRunFlags). */
export function readConfigFile(file: string): RunConfigFile {
  if (!existsSync(file)) throw new InputError('--config', file, 'an existing JSON file');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError('--config', file, `a JSON file (it does not parse: ${errorText(err)})`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      throw new InputError(`${file}: ${key}`, (json as Record<string, unknown>)[key], `only the keys ${KEYS.join(', ')}${didYouMean(key, KEYS)}`);
    }
    const key = issue.path[0];
    if (key === undefined) throw new InputError('--config', file, issue.message);
    throw new InputError(`${file}: ${String(key)}`, (json as Record<string, unknown>)[String(key)], issue.message);
  }
  const values: Record<string, unknown> = {};
  const output: RunConfigFile['output'] = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value === undefined) continue;
    if (key === 'workers') output.workers = String(value);
    else if (key === 'quiet' || key === 'json' || key === 'bail') output[key] = value as boolean;
    else values[key] = asFlag(key as PlanKey, value);
  }
  return { file, values: values as Partial<RawRunFlags>, output };
}

/**
 * The run flags of a command line: each from the command line when given there, else from the config file
 * when it has it, else the flag's default; all checked by parseRunFlags.
 */
export function resolveRunFlags(cli: RawRunFlags, givenOnCli: (key: PlanKey) => boolean, config?: RunConfigFile): RunPlan {
  const raw: RawRunFlags = { ...cli };
  const labels: Partial<Record<PlanKey, string>> = {};
  for (const key of PLAN_KEYS) {
    const value = config?.values[key];
    if (value === undefined || givenOnCli(key)) continue;
    (raw as unknown as Record<PlanKey, unknown>)[key] = value;
    labels[key] = `${config!.file}: ${key}`;
  }
  return parseRunFlags(raw, labels);
}

/**
 * A plan as a config file holds it (readConfigFile reads it back to the same plan), without --out and --shard, which
 * differ between the tasks that run it; a trainer module's path made absolute, as tasks may start elsewhere.
 */
export function planConfig(plan: RunPlan): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of PLAN_KEYS) {
    const value = plan[key];
    if (value === undefined || key === 'out' || key === 'shard') continue;
    values[key] = key === 'trainer' ? resolve(value as string) : value;
  }
  return values;
}
