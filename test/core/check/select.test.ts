import { describe, expect, it } from 'vitest';
import { claims } from '../../../properties/index';
import { InputError } from '../../../src/contract/errors';
import { closest, editDistance } from '../../../src/contract/did-you-mean';
import { gdRecoversBelowBarrier } from '../../../properties/quadratic/gd-recovers-below-barrier';
import { recoveryThreshold } from '../../../properties/quadratic/recovery-threshold';
import { rungName } from '../../../src/contract/claim';
import { falsifySpace } from '../../../src/core/check/falsify';
import { replay } from '../../../src/core/check/replay';
import { referenceTrainer } from '../../../src/core/train/reference';
import { thresholdClaim } from '../../helpers/toy-claims';
import { rungsFor, selectClaims } from '../../../src/core/check/select';

const ids = (patterns: string[]) => selectClaims(claims, patterns).map((c) => c.id);

describe('selectClaims', () => {
  it('takes ids, families and globs, in the registry\'s order', () => {
    expect(ids(['quadratic.recovery-threshold'])).toEqual(['quadratic.recovery-threshold']);
    expect(ids(['quadratic'])).toEqual(claims.filter((c) => c.id.startsWith('quadratic.')).map((c) => c.id));
    expect(ids(['quadratic.*'])).toEqual(ids(['quadratic']));
    expect(ids(['*staircase', 'giant-step.single-*'])).toEqual(['giant-step.single-direction', 'giant-step.staircase', 'data-repetition.parity-staircase']);
  });

  it('names the nearest id or family of a pattern that matches nothing', () => {
    expect(() => ids(['quadratc'])).toThrow(InputError);
    expect(() => ids(['quadratc'])).toThrow(/\(did you mean quadratic\?\)$/);
    expect(() => ids(['giant-step.single-directon'])).toThrow(/\(did you mean giant-step\.single-direction\?\)$/);
    expect(() => ids(['nothing.like.it'])).not.toThrow(/did you mean/);
  });
});

describe('did you mean', () => {
  it('counts edits and keeps only near candidates', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('seeed', ['seed', 'scale', 'runs'])).toBe('seed');
    expect(closest('xyz', ['seed', 'scale'])).toBeUndefined();
    expect(closest('sede', ['seed', 'scale'])).toBe('seed');
  });
});

/** The message of what `run` throws, or undefined when it does not throw. */
async function rejection(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
}

describe('a custom rung (--at)', () => {
  it('carries the ratio its count gives, so it is named by all its parameters and sits at its own x', () => {
    const [rung] = rungsFor(gdRecoversBelowBarrier, 'default', { d: 6, N: 20 });
    // N* = 21 at d = 6: the default N/N* = 2 would have named and plotted the rung where it did not run.
    expect(rung.params).toEqual({ d: 6, NOverNstar: 20 / 21, control: 0, N: 20 });
    expect(rungName(rung)).toBe('d=6,NOverNstar=0.952381,control=0,N=20');
    expect(rung.expected.outcome).toBe('fails');
    const [atRatio] = rungsFor(gdRecoversBelowBarrier, 'default', { d: 6, NOverNstar: 1 });
    expect(rungName(atRatio)).toBe('d=6,NOverNstar=1,control=0');
  });

  it('takes a count and its ratio together only when they agree, as in a printed replay line', async () => {
    expect(rungsFor(recoveryThreshold, 'default', { d: 6, NOverNstar: 0.952381, N: 20 })[0].params.NOverNstar).toBe(20 / 21);
    expect(await rejection(() => rungsFor(recoveryThreshold, 'default', { d: 6, NOverNstar: 2, N: 20 }))).toMatch(/^--at NOverNstar: got 2; allowed: 0\.952381, the ratio N = 20 gives/);
    expect(await rejection(() => rungsFor(recoveryThreshold, 'default', { d: 2, N: 2000 }))).toMatch(/^--at N: got 2000; allowed: a count whose NOverNstar \(here 666\.667\) is a number in \[0\.001, 4\]/);
  });

  it('rejects a value outside the domain, naming the key, the value, the range and the claim\'s reason', async () => {
    const message = await rejection(() => rungsFor(recoveryThreshold, 'default', { d: 1_000_000 }));
    expect(message).toMatch(/^--at d: got 1000000; allowed: an integer in \[2, 32\] for quadratic\.recovery-threshold \(d ≤ 32: .+\)$/);
    expect(await rejection(() => rungsFor(recoveryThreshold, 'default', { d: 4.5 }))).toMatch(/^--at d: got 4\.5; allowed: an integer/);
    expect(await rejection(() => rungsFor(gdRecoversBelowBarrier, 'default', { control: 2 }))).toMatch(/^--at control: got 2; allowed: an integer in \[0, 1\]/);
  });

  it('rejects an unknown key with the closest known one when it is close', async () => {
    expect(await rejection(() => rungsFor(recoveryThreshold, 'default', { NoverNstar: 2 }))).toBe('--at: got "NoverNstar"; allowed: parameters of quadratic.recovery-threshold: d, NOverNstar, N (did you mean NOverNstar?)');
    expect(await rejection(() => rungsFor(recoveryThreshold, 'default', { dd: 3 }))).toMatch(/\(did you mean d\?\)$/);
    expect(await rejection(() => rungsFor(recoveryThreshold, 'default', { NOvreNstar: 2 }))).toMatch(/\(did you mean NOverNstar\?\)$/);
    // Nothing close: no guess.
    expect(await rejection(() => rungsFor(recoveryThreshold, 'default', { x: 3 }))).toBe('--at: got "x"; allowed: parameters of quadratic.recovery-threshold: d, NOverNstar, N');
    expect(await rejection(() => rungsFor(recoveryThreshold, 'default', { sigma: 3 }))).not.toMatch(/did you mean/);
  });

  it('of a claim without a domain takes the names of its defaults and ladder', async () => {
    expect(rungsFor(thresholdClaim, 'default', { threshold: 3 })[0].params).toEqual({ threshold: 3, kMax: 100 });
    expect(await rejection(() => rungsFor(thresholdClaim, 'default', { treshold: 3 }))).toMatch(/\(did you mean threshold\?\)$/);
  });
});

describe('replay and falsify check their --at as run does', () => {
  it('replay rejects an unknown key and a value outside the domain, of a rung or of the search space', async () => {
    const request = { seed: 1, trainer: referenceTrainer };
    expect(await rejection(() => replay(recoveryThreshold, { ...request, at: { dd: 3 } }))).toMatch(/^--at: got "dd"; .*\(did you mean d\?\)$/);
    expect(await rejection(() => replay(recoveryThreshold, { ...request, at: { d: 1_000_000 } }))).toMatch(/^--at d: got 1000000; allowed: an integer in \[2, 32\]/);
    expect(await rejection(() => replay(recoveryThreshold, { ...request, at: { minOfset: -1 }, space: true }))).toMatch(/search space of quadratic\.recovery-threshold: dMax, minOffset \(did you mean minOffset\?\)$/);
    // A trial of a custom rung replays at the parameters it ran at, N/N* included.
    expect((await replay(recoveryThreshold, { ...request, at: { d: 3, N: 5 } })).params).toEqual({ d: 3, NOverNstar: 5 / 6, N: 5 });
  });

  it('falsify takes the parameters of the search space only, inside their ranges, and its replay line repeats them', async () => {
    const ctx = { trainer: referenceTrainer, params: recoveryThreshold.defaults };
    expect(await rejection(() => falsifySpace(recoveryThreshold, { d: 3 }, ctx, { seed: 1 }))).toMatch(/^--at: got "d"; allowed: parameters of the search space of quadratic\.recovery-threshold: dMax, minOffset/);
    expect(await rejection(() => falsifySpace(recoveryThreshold, { dMax: 100 }, ctx, { seed: 1 }))).toMatch(/^--at dMax: got 100; allowed: an integer in \[2, 16\] for the search space of quadratic\.recovery-threshold \(.+\)$/);
    const found = await falsifySpace(recoveryThreshold, { minOffset: -1, dMax: 3 }, ctx, { seed: 1, numRuns: 100, shrinkBudget: 200 });
    expect(found?.replay).toMatch(/ --at minOffset=-1,dMax=3 --space$/);
  });
});
