// theorycheck inside vitest: `claimTests(claim)` registers one test per rung (passing when the verdict agrees
// with the paper) and attaches the rung's result to the test's meta; `theorycheckReporter()` collects those
// into report.json. Sharding is vitest's own (per test file, `--shard`, `--merge-reports`).
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { rungName, InputError, claimResult, rungsOf, runRung, checkTrainer, trainerCheckProblems, referenceTrainer, planValue, runOptionsOf, type Claim, type PlanKey, type RunOptions, type RunPlan, type RungResult, type Trainer } from '../index';
import type { RungMeta } from './meta';

import { theorycheckReporter, type ReporterOptions } from './reporter';
import type { Reporter } from 'vitest/node';

export { theorycheckReporter, type ReporterOptions };
export type { RungMeta } from './meta';

/** The plan fields of a test file's run (the rules of `theorycheck run`'s flags), and what is particular to vitest. */
export interface ClaimTestOptions extends Partial<Pick<RunPlan, 'scale' | 'seed' | 'runs' | 'shrink' | 'sequential' | 'allowUnsupported'>> {
  /** Default: the reference trainer. */
  trainer?: Trainer;
  /**
   * The module the trainer is the default export of (a path): replay lines then name it (`--trainer PATH`), so
   * that the line printed with a failure reproduces it. Without it, a plug-in trainer's lines say where it goes.
   */
  trainerModule?: string;
  /** Milliseconds per rung (default: vitest's testTimeout). */
  timeout?: number;
  /** A test of its own that the trainer trains (the did-it-train check of `theorycheck run`; default true). */
  trainerCheck?: boolean;
}

const PLAN_OPTIONS = ['scale', 'seed', 'runs', 'shrink', 'sequential', 'allowUnsupported'] as const satisfies readonly PlanKey[];
const optionsSchema = z.strictObject({
  ...Object.fromEntries(PLAN_OPTIONS.map((key) => [key, z.unknown().optional()])),
  trainer: z.custom<Trainer>((t) => typeof t === 'object' && t !== null && typeof (t as Trainer).train === 'function' && typeof (t as Trainer).supports === 'function' && typeof (t as Trainer).name === 'string', { error: '{ name: string, supports(request), train(request) }' }).optional(),
  trainerModule: z.string({ error: 'a path to the trainer\'s module' }).min(1, { error: 'a path to the trainer\'s module' }).optional(),
  timeout: z.number({ error: 'a number of milliseconds > 0' }).positive({ error: 'a number of milliseconds > 0' }).optional(),
  trainerCheck: z.boolean({ error: 'true or false' }).optional(),
});

/** The options checked: unknown keys refused, the plan's fields by the plan's rules. */
function checkOptions(options: ClaimTestOptions): void {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      throw new InputError(`claimTests options.${key}`, (options as Record<string, unknown>)[key], `only the options ${[...PLAN_OPTIONS, 'trainer', 'trainerModule', 'timeout', 'trainerCheck'].join(', ')}`);
    }
    const key = String(issue.path[0] ?? '');
    throw new InputError(key ? `claimTests options.${key}` : 'claimTests options', key ? (options as Record<string, unknown>)[key] : options, issue.message);
  }
  for (const key of PLAN_OPTIONS) if (options[key] !== undefined) planValue(key, options[key], `claimTests options.${key}`);
}

/** The defined ones of these options. */
function pick<T extends object, K extends keyof T>(options: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]])) as Partial<Pick<T, K>>;
}

/** A rung's test passes when its verdict agrees, or when it has no verdict to give (observe). */
const PASSING = new Set<RungResult['verdict']>(['agrees', 'observed']);

/** Whether every not-scored trial of a not-checked rung was one the trainer declined. */
function declinedOnly(r: RungResult): boolean {
  return r.verdict === 'not-checked' && r.trials > 0 && r.skipped === r.trials - r.runs;
}

/**
 * The run options of claimTests: those `theorycheck run` takes by default (sequential stopping included, so the
 * report is the one the command writes), and replay lines that name the trainer's module.
 */
export function claimRunOptions(options: ClaimTestOptions): RunOptions {
  const trainer = options.trainer ?? referenceTrainer;
  const trainerFlag = options.trainerModule ? `--trainer ${options.trainerModule}` : options.trainer ? `--trainer <the module exporting trainer ${trainer.name}>` : undefined;
  return runOptionsOf({ seed: options.seed ?? 1, scale: options.scale ?? 'default', sequential: options.sequential ?? true, ...pick(options, ['runs', 'shrink']), ...(trainerFlag ? { trainerFlag } : {}) }, trainer);
}

/** Claims registered so far by this test file: their order in the report. */
let registered = 0;

/** One describe block per claim, one test per rung of its ladder at `scale` (default: the default ladder). */
export function claimTests(claims: Claim<any> | readonly Claim<any>[], options: ClaimTestOptions = {}): void {
  checkOptions(options);
  const scale = options.scale ?? 'default';
  const run = claimRunOptions(options);
  if (options.trainerCheck ?? true) {
    test(`theorycheck trainer check: ${run.trainer.name} trains`, async () => {
      const check = await checkTrainer(run.trainer);
      expect(check.pass, `trainer ${run.trainer.name} did not train:\n${trainerCheckProblems(check).join('\n')}`).toBe(true);
    });
  }
  for (const claim of Array.isArray(claims) ? claims : [claims]) {
    const order = registered++;
    const { results: _results, verdict: _verdict, seconds: _seconds, ...header } = claimResult(claim, []);
    describe(claim.id, () => {
      for (const [index, rung] of rungsOf(claim, run).entries()) {
        test(rungName(rung), { ...(options.timeout !== undefined ? { timeout: options.timeout } : {}) }, async ({ task }) => {
          const result = await runRung(claim, rung, run);
          const meta: RungMeta = { claim: header, order, rung: index, run: { seed: run.seed, trainer: run.trainer.name, scale }, result };
          task.meta.theorycheck = meta;
          expect(PASSING.has(result.verdict) || (options.allowUnsupported === true && declinedOnly(result)), explain(claim.id, result)).toBe(true);
        });
      }
    });
  }
}

function explain(id: string, r: RungResult): string {
  const target = r.target === undefined ? '' : ` (${r.expected === 'holds' ? '≥' : '≤'} ${r.target})`;
  const extra = [r.diverged ? `${r.diverged} diverged` : '', r.errors ? `${r.errors} errors` : '', r.trials > r.runs ? `${r.trials - r.runs} of ${r.trials} trials not scored${r.reasons.length ? `: ${r.reasons.join('; ')}` : ''}` : '']
    .filter(Boolean)
    .join(', ');
  const cx = r.counterexample ? `; counterexample: ${r.counterexample.replay}` : '';
  return `${id} ${r.scale.name}: expected ${r.expected}${target}, measured ${r.passes}/${r.runs} = ${r.passRate.toFixed(3)} [${r.interval[0].toFixed(3)}, ${r.interval[1].toFixed(3)}]${extra ? ` (${extra})` : ''}: ${r.verdict}${cx}`;
}

/**
 * The reporter for a vitest config or command line that names it by module
 * (`reporters: ['default', ['theorycheck/vitest', { out: 'reports' }]]`, or `--reporter=theorycheck/vitest`):
 * vitest calls it with `new`, and a function that returns the reporter serves.
 */
export default function TheorycheckReporter(options?: ReporterOptions): Reporter {
  return theorycheckReporter(options);
}
