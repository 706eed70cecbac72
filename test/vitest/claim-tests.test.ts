import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/contract/errors';
import { claimTests } from '../../src/vitest/index';
import { coinClaim } from '../helpers/toy-claims';

// The entry point in this very suite: one test per rung of the coin's small ladder, both agreeing.
claimTests(coinClaim, { scale: 'small', seed: 2 });

describe('claimTests options', () => {
  it('rejects malformed options naming the option, before registering any test', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ scale: 'huge' }, 'options.scale'],
      [{ seed: -1 }, 'options.seed'],
      [{ seed: 1.5 }, 'options.seed'],
      [{ runs: 0 }, 'options.runs'],
      [{ trainer: {} }, 'options.trainer'],
      [{ timeout: -5 }, 'options.timeout'],
      [{ sede: 3 }, 'options.sede'],
    ];
    for (const [options, field] of bad) {
      let err: unknown;
      try {
        claimTests(coinClaim, options as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe(`claimTests ${field}`);
    }
  });
});
