import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/contract/errors';
import { claimRunOptions, claimTests } from '../../src/vitest/index';
import { referenceTrainer } from '../../src/core/train/reference';
import { parseRunFlags } from '../../src/cli/flags';
import { tempDir } from '../helpers/harness';
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

  it('says what the command line says of the same value: one plan, one rule per field', () => {
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ scale: 'huge' }, { scale: 'huge' }],
      [{ seed: -1 }, { seed: '-1' }],
      [{ runs: 0 }, { runs: '0' }],
    ];
    for (const [options, flags] of cases) {
      const fromTests = thrown(() => claimTests(coinClaim, options as never));
      const fromCli = thrown(() => parseRunFlags({ scale: 'small', seed: '1', out: tempDir(), shrink: true, ...flags }));
      expect(fromTests.allowed).toBe(fromCli.allowed);
    }
  });
});

describe('claimTests run options', () => {
  it('stop sequentially as theorycheck run does, and replay lines name the trainer module given', () => {
    expect(claimRunOptions({})).toMatchObject({ sequential: true, scale: 'default', seed: 1 });
    expect(claimRunOptions({})).not.toHaveProperty('trainerFlag');
    expect(claimRunOptions({ sequential: false })).not.toHaveProperty('sequential');
    const trainer = { ...referenceTrainer, name: 'mine' };
    expect(claimRunOptions({ trainer, trainerModule: './src/my-trainer.ts' }).trainerFlag).toBe('--trainer ./src/my-trainer.ts');
    expect(claimRunOptions({ trainer }).trainerFlag).toBe('--trainer <the module exporting trainer mine>');
  });
});

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('no InputError thrown');
}
