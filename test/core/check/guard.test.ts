import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divergenceOf } from '../../../src/core/check/guard';
import { runClaims, runRung } from '../../../src/runner/run';
import { reportJson } from '../../../src/report/json';
import { reportMarkdown } from '../../../src/report/markdown';
import { DIVERGENCE_FACTOR } from '../../../src/core/train/monitor';
import { referenceTrainer } from '../../../src/core/train/reference';
import type { TrainRequest, TrainResult } from '../../../src/contract/trainer';
import { fakeTrainer, tinyRequest, tinyResult, trainingClaim } from '../../helpers/trainer-claims';

const rung = trainingClaim.ladders.small[0];

/** Every number finite, nothing null (JSON's spelling of NaN): messages may still name a NaN a trainer gave. */
function expectFinite(value: unknown, path = 'report'): void {
  expect(value, path).not.toBeNull();
  if (typeof value === 'number') expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value as object)) expectFinite(v, `${path}.${k}`);
}
const base = { seed: 3, scale: 'small' as const };

describe('divergence', () => {
  it('records a run the trainer reports as diverged as a failed trial with its step, and the report counts it', async () => {
    const diverging = fakeTrainer((r) => ({ ...tinyResult(r), W: new Float64Array(6).fill(Number.NaN), steps: 4, diverged: { step: 4, loss: Infinity } }));
    const result = await runRung(trainingClaim, rung, { ...base, trainer: diverging });
    expect(result).toMatchObject({ runs: 6, passes: 0, diverged: 6, errors: 0, verdict: 'disagrees' });
    expect(result.reasons).toEqual(['diverged at step 4 (loss Infinity)']);
    // The check never read the NaN weights: no observable, no NaN anywhere in the report.
    expect(result.observables).toEqual({});
    const report = await runClaims([trainingClaim], { ...base, trainer: diverging });
    expectFinite(JSON.parse(reportJson(report)));
    const md = reportMarkdown(report);
    expect(md).toContain('0/6 (6 diverged)');
    expect(md).toContain('Of 6 trials, 6 diverged');
  });

  it('reads divergence off the trace of a trainer that does not report it: non-finite loss, or growth by 1e6', async () => {
    const cases: [number[], number | undefined][] = [
      [[1, 2, Number.NaN, 3], 2],
      [[1, Infinity], 1],
      [[1, 10, 1.01 * DIVERGENCE_FACTOR], 2],
      [[1, 10, 0.99 * DIVERGENCE_FACTOR], undefined],
      [[0, 5], undefined],
    ];
    for (const [loss, step] of cases) {
      const trace = { step: loss.map((_, i) => i), loss };
      expect(divergenceOf(trace, 'gd')?.step).toBe(step);
      const trainer = fakeTrainer((r) => ({ ...tinyResult(r), steps: loss.length - 1, trace }));
      const result = await runRung(trainingClaim, rung, { ...base, runs: 2, trainer });
      expect(result.diverged).toBe(step === undefined ? 0 : 2);
      expect(result.passes).toBe(step === undefined ? 2 : 0);
    }
    // One-batch losses of online SGD swing: only a non-finite one is divergence there.
    expect(divergenceOf({ step: [0, 1], loss: [1, 10 * DIVERGENCE_FACTOR] }, 'online')).toBeUndefined();
  });

  it('decides the trial even when the check swallows the exception', async () => {
    const stubborn = {
      ...trainingClaim,
      async check(_: unknown, ctx: { trainer: { train(r: TrainRequest): unknown } }) {
        try {
          await ctx.trainer.train(tinyRequest());
        } catch {
          // carries on as if nothing happened
        }
        return { pass: true, observables: { x: 1 } };
      },
    };
    const trainer = fakeTrainer((r) => ({ ...tinyResult(r), diverged: { step: 2, loss: 1e300 } }));
    const result = await runRung(stubborn, rung, { ...base, trainer });
    expect(result).toMatchObject({ passes: 0, diverged: 6 });
  });

  it('stops the reference trainer early on a step size far too large, and the trial says where', async () => {
    const request = tinyRequest();
    request.algorithm = { kind: 'gd', lr: 1e6, steps: 1000 };
    const claim = { ...trainingClaim, check: async (_: unknown, ctx: { trainer: { train(r: TrainRequest): Promise<TrainResult> | TrainResult } }) => {
      await ctx.trainer.train(request);
      return { pass: true };
    } };
    const result = await runRung(claim, rung, { ...base, runs: 1, trainer: referenceTrainer });
    expect(result.diverged).toBe(1);
    const step = Number(/diverged at step (\d+)/.exec(result.reasons[0])?.[1]);
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThan(1000);
  });
});

describe('a plug-in trainer at the boundary', () => {
  it('turns any malformed result into a per-trial error naming the field, never a pass or a NaN', async () => {
    const breakages: [string, (r: TrainResult) => unknown][] = [
      ['TrainResult.W', (r) => ({ ...r, W: new Float64Array(2) })],
      ['TrainResult.W[1]', (r) => ({ ...r, W: Float64Array.from(r.W, (w, i) => (i === 1 ? Number.NaN : w)) })],
      ['TrainResult.a', (r) => ({ ...r, a: [1, 1, 1] })],
      ['TrainResult.steps', (r) => ({ ...r, steps: -1 })],
      ['TrainResult.trace', (r) => ({ ...r, trace: undefined })],
      ['TrainResult', () => undefined],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...breakages), fc.integer({ min: 0, max: 1000 }), async ([field, broken], seed) => {
        const trainer = fakeTrainer((r) => broken(tinyResult(r)), 'broken');
        const result = await runRung(trainingClaim, rung, { ...base, seed, runs: 2, trainer });
        expect(result).toMatchObject({ passes: 0, errors: 2, diverged: 0 });
        expect(result.reasons[0]).toMatch(new RegExp(`^trainer broken: ${field.replace(/[.[\]]/g, '\\$&')}: got .*; allowed: `));
        expectFinite(result);
      }),
      { numRuns: 30 },
    );
  });

  it('names a throwing trainer and a supports() that does not answer true or false', async () => {
    const throwing = { name: 'thrower', supports: () => true, train: () => { throw new Error('out of memory'); } };
    const a = await runRung(trainingClaim, rung, { ...base, runs: 1, trainer: throwing });
    expect(a.reasons).toEqual(['trainer thrower: train threw: out of memory']);
    const vague = { name: 'vague', supports: () => 'yes' as unknown as boolean, train: () => tinyResult() };
    const b = await runRung(trainingClaim, rung, { ...base, runs: 1, trainer: vague });
    expect(b.reasons[0]).toBe('trainer vague: supports(request): got "yes"; allowed: true or false');
  });

  it('names the field of a malformed request a claim builds, before the trainer sees it', async () => {
    let called = 0;
    const trainer = fakeTrainer((r) => (called++, tinyResult(r)));
    const claim = { ...trainingClaim, check: async (_: unknown, ctx: { trainer: { train(r: TrainRequest): unknown } }) => {
      const request = tinyRequest();
      request.algorithm.lr = -1;
      await ctx.trainer.train(request);
      return { pass: true };
    } };
    const result = await runRung(claim, rung, { ...base, runs: 1, trainer });
    expect(called).toBe(0);
    expect(result.reasons).toEqual(['TrainRequest.algorithm.lr: got -1; allowed: a finite number > 0']);
  });

  it('passes a well-behaved trainer through untouched', async () => {
    const result = await runRung(trainingClaim, rung, { ...base, trainer: referenceTrainer });
    expect(result).toMatchObject({ runs: 6, passes: 6, errors: 0, diverged: 0, verdict: 'agrees' });
  });
});
