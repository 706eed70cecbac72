// The failure database: every counterexample of a rung that disagreed with its paper is kept in
// .theorycheck/failures.json under the working directory (gitignored; THEORYCHECK_FAILURES_DIR moves it), and the next run of its claim with the
// same trainer replays it first, in seconds, before the ladder's minutes: a fix is confirmed (the entry goes) or
// the failure is shown again at once (it stays). Hypothesis's example database does the same for tests.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Claim, Params } from '../contract/claim';
import type { Report } from '../contract/report';
import type { Trainer } from '../contract/trainer';
import { InputError, errorText } from '../contract/errors';
import { replay } from '../core/check/replay';
import { isCounterexample } from '../core/check/falsify';

export const FAILURES_DIR = '.theorycheck';
const FAILURES_FILE = 'failures.json';

/** One saved counterexample: enough to rebuild its instance and to name the run that found it. */
export interface SavedFailure {
  claim: string;
  rung: string;
  params: Params;
  seed: number;
  path?: string;
  /** The trainer's name: a failure is replayed only against the trainer that produced it. */
  trainer: string;
  replay: string;
  reason?: string;
  savedAt: string;
}

const entrySchema = z.strictObject({
  claim: z.string(),
  rung: z.string(),
  params: z.record(z.string(), z.number()),
  seed: z.number().int(),
  path: z.string().optional(),
  trainer: z.string(),
  replay: z.string(),
  reason: z.string().optional(),
  savedAt: z.string(),
});
const fileSchema = z.strictObject({ theorycheck: z.literal('failures'), version: z.literal(1), failures: z.array(entrySchema) });

/** The database's folder: THEORYCHECK_FAILURES_DIR where set (relative to cwd), else .theorycheck under cwd. */
export function failuresDir(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.THEORYCHECK_FAILURES_DIR;
  return chosen ? resolve(cwd, chosen) : join(cwd, FAILURES_DIR);
}

export function failuresFile(dir: string): string {
  return join(dir, FAILURES_FILE);
}

/** The saved failures in dir (none when there is no database yet); a file that is not one is named. */
export function readFailures(dir: string): SavedFailure[] {
  const file = failuresFile(dir);
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(file, errorText(err), 'the failure database theorycheck writes; delete it or run `theorycheck failures --clear`');
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new InputError(file, 'a file of another shape', 'the failure database theorycheck writes; delete it or run `theorycheck failures --clear`');
  return parsed.data.failures;
}

/** Replaces the database (written whole, then renamed: a crash never leaves half a file). */
export function writeFailures(dir: string, failures: readonly SavedFailure[]): void {
  const file = failuresFile(dir);
  mkdirSync(dir, { recursive: true });
  // Git ignores the folder by itself, as pytest does with .pytest_cache.
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify({ theorycheck: 'failures', version: 1, failures }, null, 2)}\n`);
  renameSync(tmp, file);
}

const keyOf = (f: Pick<SavedFailure, 'claim' | 'rung' | 'seed' | 'path' | 'trainer'>) => [f.claim, f.rung, f.seed, f.path ?? '', f.trainer].join('|');

/** The counterexamples of a report's rungs that disagree with their paper. */
export function failuresOf(report: Report, savedAt: string): SavedFailure[] {
  return report.claims.flatMap((claim) =>
    claim.results
      .filter((r) => r.verdict === 'disagrees' && r.counterexample && !r.counterexample.flaky)
      .map((r) => {
        const c = r.counterexample as NonNullable<typeof r.counterexample>;
        return {
          claim: claim.id,
          rung: r.scale.name,
          params: c.params,
          seed: c.seed,
          ...(c.path ? { path: c.path } : {}),
          trainer: report.trainer,
          replay: c.replay,
          ...(c.reason ? { reason: c.reason } : {}),
          savedAt,
        };
      }),
  );
}

/** The database after a run: what it had, less the entries found fixed, plus the run's new failures (no twins). */
export function updatedFailures(saved: readonly SavedFailure[], fixed: readonly SavedFailure[], found: readonly SavedFailure[]): SavedFailure[] {
  const gone = new Set(fixed.map(keyOf));
  const kept = new Map(saved.filter((f) => !gone.has(keyOf(f))).map((f) => [keyOf(f), f]));
  for (const f of found) kept.set(keyOf(f), f);
  return [...kept.values()];
}

export interface ReplayedFailure {
  failure: SavedFailure;
  /** Still a counterexample (it failed and was scored); false: the trainer now passes it. */
  fails: boolean;
  reason?: string;
}

/** The saved failures of these claims and this trainer, each replayed once. */
export async function replaySaved(saved: readonly SavedFailure[], claims: readonly Claim<any>[], trainer: Trainer): Promise<ReplayedFailure[]> {
  const byId = new Map(claims.map((c) => [c.id, c]));
  const out: ReplayedFailure[] = [];
  for (const failure of saved) {
    const claim = byId.get(failure.claim);
    if (!claim || failure.trainer !== trainer.name) continue;
    const result = await replay(claim, { seed: failure.seed, ...(failure.path ? { path: failure.path } : {}), at: failure.params, trainer });
    out.push({ failure, fails: isCounterexample(result), ...(result.reason ? { reason: result.reason } : {}) });
  }
  return out;
}
