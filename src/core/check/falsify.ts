import fc from 'fast-check';
import type { CheckContext, Claim, Params } from '../../contract/claim';
import { formatParam } from '../../contract/claim';
import type { Counterexample } from '../../contract/report';
import { spaceParams } from './domain';
import { FLAKY, evaluate, instanceArbitrary, isFault } from './trial';

export interface FalsifyOptions {
  seed: number;
  /** Instances to try (ignored when replaying a known failing seed). */
  numRuns?: number;
  /** At most this many check evaluations while shrinking (deterministic, unlike a time limit). */
  shrinkBudget?: number;
  /** Known counterexample instances to try first (fast-check `examples`). */
  examples?: unknown[];
  /** How the replay command names the trainer, when it is not the reference one. */
  trainerFlag?: string;
}

/** One line that reproduces a counterexample. */
export function replayCommand(id: string, seed: number, params: Params, path?: string, trainerFlag?: string): string {
  const at = Object.entries(params).map(([k, v]) => `${k}=${formatParam(v)}`).join(',');
  return ['npx theorycheck replay', id, `--seed ${seed}`, path ? `--path ${path}` : '', at ? `--at ${at}` : '', trainerFlag ?? '']
    .filter(Boolean)
    .join(' ');
}

/**
 * Falsify mode on one rung: fast-check searches and shrinks. With the seed of a failing rate-mode trial
 * and numRuns 1, its first instance is that trial's (same unbiased arbitrary), so it shrinks that failure.
 */
export async function falsifyRung<I>(claim: Claim<I>, params: Params, ctx: CheckContext, options: FalsifyOptions): Promise<Counterexample | undefined> {
  const arb = instanceArbitrary(claim, params);
  const replay = (seed: number, path?: string) => replayCommand(claim.id, seed, params, path, options.trainerFlag);
  return falsifyArbitrary(claim, arb, () => params, ctx, options, replay);
}

/** The arbitrary of falsify mode over a claim's space: rung parameters and the instance drawn at them. */
export function spaceArbitrary<I>(claim: Claim<I>, spaceParams: Params): fc.Arbitrary<{ params: Params; instance: I }> {
  if (!claim.space) throw new Error(`${claim.id} has no search space`);
  return fc.noBias(claim.space(spaceParams).chain((p) => instanceArbitrary(claim, p).map((instance) => ({ params: p, instance }))));
}

/**
 * Falsify mode over the claim's whole space (`claim.space`) at the space parameters `at` (checked against its
 * space domain, over the claim defaults): parameters shrink too, towards the smallest d, N, m. The replay line
 * repeats `at` only, which replay --space reads the same way.
 */
export async function falsifySpace<I>(claim: Claim<I>, at: Params, ctx: CheckContext, options: FalsifyOptions) {
  const params = spaceParams(claim, at);
  const replay = (seed: number, path?: string) => `${replayCommand(claim.id, seed, at, path, options.trainerFlag)} --space`;
  return falsifyArbitrary(
    { ...claim, check: (v: { params: Params; instance: I }, c: CheckContext) => claim.check(v.instance, { ...c, params: v.params }) } as Claim<{ params: Params; instance: I }>,
    spaceArbitrary(claim, params),
    (v) => v.params,
    ctx,
    options,
    replay,
    (v) => v.instance,
  );
}

/** A failing outcome that counts as a counterexample: one not passed over (not scored, skipped). */
export function isCounterexample(outcome: { pass: boolean; status: string }): boolean {
  return !outcome.pass && outcome.status !== 'not-scored' && outcome.status !== 'skipped';
}

async function falsifyArbitrary<V>(
  claim: Claim<V>,
  arb: fc.Arbitrary<V>,
  paramsOf: (value: V) => Params,
  ctx: CheckContext,
  options: FalsifyOptions,
  replayFor: (seed: number, path?: string) => string,
  instanceOf: (value: V) => unknown = (v) => v,
): Promise<Counterexample | undefined> {
  const budget = options.shrinkBudget ?? 40;
  let evaluations = 0;
  let failed = 0;
  let last: { observables: Record<string, number>; reason?: string } = { observables: {} };
  const property = fc.asyncProperty(arb, async (value) => {
    // Past the budget every candidate counts as passing, which ends shrinking where it stands.
    if (failed > 0 && evaluations >= budget) return true;
    evaluations++;
    const outcome = await evaluate(claim, value, { ...ctx, params: paramsOf(value) });
    // A candidate that outlived its timeout ends the shrink where it stands: the next ones would likely wait as long.
    if (isFault(outcome)) {
      evaluations = budget;
      return true;
    }
    if (isCounterexample(outcome)) {
      failed++;
      last = { observables: outcome.observables, ...(outcome.reason ? { reason: outcome.reason } : {}) };
    }
    return !isCounterexample(outcome);
  });
  const result = await fc.check(property, {
    seed: options.seed,
    numRuns: options.numRuns ?? 1,
    ...(options.examples?.length ? { examples: options.examples.map((e) => [e as V] as [V]) } : {}),
  });
  if (!result.failed || !result.counterexample) return undefined;
  const value = result.counterexample[0];
  const params = paramsOf(value);
  // Re-evaluate the shrunk value: `last` belongs to the last failing candidate, which is the shrunk one,
  // but a re-run makes the recorded observables independent of the search order.
  const final = await evaluate(claim, value, { ...ctx, params });
  const path = result.counterexamplePath ?? undefined;
  // The re-run does not fail: the counterexample is reported as flaky, with both outcomes.
  if (!isCounterexample(final)) {
    const first = last.reason ?? 'the check failed';
    const rerun = final.reason ?? (final.pass ? 'the check passed' : `status ${final.status}`);
    return {
      seed: result.seed,
      ...(path ? { path } : {}),
      params,
      instance: instanceOf(value),
      observables: final.observables,
      reason: `${FLAKY}failed while shrinking (${first}), not when re-run (${rerun})`,
      flaky: true,
      shrinks: result.numShrinks,
      replay: replayFor(result.seed, path),
    };
  }
  return {
    seed: result.seed,
    ...(path ? { path } : {}),
    params,
    instance: instanceOf(value),
    observables: final.observables ?? last.observables,
    ...((final.reason ?? last.reason) ? { reason: final.reason ?? last.reason } : {}),
    shrinks: result.numShrinks,
    replay: replayFor(result.seed, path),
  };
}
