import fc from 'fast-check';
import type { CheckContext, CheckResult, Claim, Params } from '../../contract/claim';
import { FAULT, InputError, errorText } from '../../contract/errors';
import { guardTrainer } from './guard';

/** One evaluated trial: the unit that is checkpointed, sharded and merged. */
export interface TrialOutcome {
  /** Position of the trial in its rung. */
  trial: number;
  /** The fast-check seed the instance was drawn with (replayable alone). */
  seed: number;
  pass: boolean;
  status: NonNullable<CheckResult['status']>;
  reason?: string;
  observables: Record<string, number>;
  seconds: number;
}

/**
 * Rate-mode instances are drawn unbiased: fast-check's bias towards small values helps find counterexamples
 * but would distort pass rates. The same wrapper is used for replay and shrinking so seeds agree.
 */
export function instanceArbitrary<I>(claim: Claim<I>, params: Params): fc.Arbitrary<I> {
  return fc.noBias(claim.instance(params));
}

export function drawInstance<I>(claim: Claim<I>, params: Params, seed: number, path?: string): I {
  return sampleAt(instanceArbitrary(claim, params), seed, path);
}

/** The value fast-check draws with this seed, walked down the shrink path when one is given (replay). */
export function sampleAt<V>(arb: fc.Arbitrary<V>, seed: number, path?: string): V {
  if (!path) return fc.sample(arb, { seed, numRuns: 1 })[0];
  const bad = () => new InputError('--path', path, `a shrink path that exists for seed ${seed}, as printed in the report's replay command`);
  let values: V[];
  try {
    values = fc.sample(arb, { seed, path, numRuns: 1 });
  } catch {
    throw bad();
  }
  if (values.length === 0) throw bad();
  return values[0];
}

/**
 * Runs a claim's check, turning exceptions and non-finite observables into a recorded error (never a silent NaN).
 * The check trains through a guarded trainer: a malformed request or result, or a diverged run, decides the
 * trial whatever the check does afterwards.
 */
export async function evaluate<I>(claim: Claim<I>, instance: I, ctx: CheckContext): Promise<Omit<TrialOutcome, 'trial' | 'seed' | 'seconds'>> {
  const guard = guardTrainer(ctx.trainer);
  let result: CheckResult;
  try {
    result = await claim.check(instance, { ...ctx, trainer: guard.trainer });
  } catch (err) {
    return { pass: false, ...(guard.failure() ?? { status: 'error', reason: errorMessage(err) }), observables: {} };
  }
  const failure = guard.failure();
  if (failure) return { pass: false, ...failure, observables: {} };
  const observables: Record<string, number> = {};
  for (const [name, value] of Object.entries(result.observables ?? {})) {
    if (!Number.isFinite(value)) {
      return { pass: false, status: 'error', reason: `observable ${name} is ${value}`, observables: {} };
    }
    observables[name] = value;
  }
  const status = result.status ?? 'ok';
  const pass = status === 'ok' || status === 'not-scored' ? result.pass : false;
  return { pass, status, ...(result.reason ? { reason: result.reason } : {}), observables };
}

export function errorMessage(err: unknown): string {
  return errorText(err);
}

/** How the reason of a flaky trial or counterexample begins: two runs with one seed that disagree. */
export const FLAKY = 'flaky: ';

/** A trial ended from outside its check (FAULT): neither retried nor shrunk, each try would do the same again. */
export function isFault(outcome: Pick<TrialOutcome, 'status' | 'reason'>): boolean {
  return outcome.status === 'error' && outcome.reason !== undefined && Object.values(FAULT).some((prefix) => outcome.reason?.startsWith(prefix));
}

/** Scored trials enter the pass rate; not-scored and skipped ones are shown but not counted. */
export function isScored(outcome: Pick<TrialOutcome, 'status'>): boolean {
  return outcome.status === 'ok' || outcome.status === 'diverged' || outcome.status === 'error';
}
