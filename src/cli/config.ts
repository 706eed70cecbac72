// `run --config FILE`: run flags from a JSON file, e.g. { "claim": ["quadratic"], "scale": "small", "seed": 3 }.
// Its keys are the flags' names; a flag given on the command line wins over the file. Values go through the
// same parsers as the flags, and errors name the file and the key.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError, type RunFlags } from '../index';
import { parseRunFlags, type RawRunFlags } from './flags';

const KEYS = ['claim', 'scale', 'seed', 'runs', 'at', 'trainer', 'out', 'shrink', 'shard', 'trainerCheck', 'allowUnsupported'] as const;
type Key = (typeof KEYS)[number];

const text = z.string({ error: 'a string' });
const numberOrText = z.union([z.number(), z.string()], { error: 'a number or a string' });
const configSchema = z.strictObject(
  {
    claim: z.union([z.string(), z.array(z.string())], { error: 'a claim id or family, or an array of them' }).optional(),
    scale: text.optional(),
    seed: numberOrText.optional(),
    runs: numberOrText.optional(),
    at: z.union([z.string(), z.record(z.string(), z.number())], { error: 'KEY=VALUE pairs as a string ("d=6,N=20") or an object ({ "d": 6 })' }).optional(),
    trainer: text.optional(),
    out: text.optional(),
    shrink: z.boolean({ error: 'true or false' }).optional(),
    shard: text.optional(),
    trainerCheck: text.optional(),
    allowUnsupported: z.boolean({ error: 'true or false' }).optional(),
  },
  { error: 'a JSON object' },
);

export interface RunConfigFile {
  file: string;
  values: Partial<RawRunFlags>;
}

/** Reads and checks a config file: every key known, every value of its type (ranges are checked by parseRunFlags). */
export function readConfigFile(file: string): RunConfigFile {
  if (!existsSync(file)) throw new InputError('--config', file, 'an existing JSON file');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError('--config', file, `a JSON file (it does not parse: ${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      throw new InputError(`${file}: ${key}`, (json as Record<string, unknown>)[key], `only the keys ${KEYS.join(', ')}`);
    }
    const key = issue.path[0];
    if (key === undefined) throw new InputError('--config', file, issue.message);
    throw new InputError(`${file}: ${String(key)}`, (json as Record<string, unknown>)[String(key)], issue.message);
  }
  const c = parsed.data;
  const values: Partial<RawRunFlags> = {
    ...(c.claim !== undefined ? { claim: Array.isArray(c.claim) ? c.claim : [c.claim] } : {}),
    ...(c.scale !== undefined ? { scale: c.scale } : {}),
    ...(c.seed !== undefined ? { seed: String(c.seed) } : {}),
    ...(c.runs !== undefined ? { runs: String(c.runs) } : {}),
    ...(c.at !== undefined ? { at: typeof c.at === 'string' ? c.at : Object.entries(c.at).map(([k, v]) => `${k}=${v}`).join(',') } : {}),
    ...(c.trainer !== undefined ? { trainer: c.trainer } : {}),
    ...(c.out !== undefined ? { out: c.out } : {}),
    ...(c.shrink !== undefined ? { shrink: c.shrink } : {}),
    ...(c.shard !== undefined ? { shard: c.shard } : {}),
    ...(c.trainerCheck !== undefined ? { trainerCheck: c.trainerCheck } : {}),
    ...(c.allowUnsupported !== undefined ? { allowUnsupported: c.allowUnsupported } : {}),
  };
  return { file, values };
}

/**
 * The run flags of a command line: each from the command line when given there, else from the config file
 * when it has it, else the flag's default; all checked by parseRunFlags.
 */
export function resolveRunFlags(cli: RawRunFlags, givenOnCli: (key: Key) => boolean, config?: RunConfigFile): RunFlags {
  const raw: RawRunFlags = { ...cli };
  const labels: Partial<Record<Key, string>> = {};
  for (const key of KEYS) {
    const value = config?.values[key];
    if (value === undefined || givenOnCli(key)) continue;
    (raw as unknown as Record<Key, unknown>)[key] = value;
    labels[key] = `${config!.file}: ${key}`;
  }
  return parseRunFlags(raw, labels);
}
