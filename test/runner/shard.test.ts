import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCheckpoint, checkpointPath } from '../../src/runner/checkpoint';
import { InputError } from '../../src/contract/errors';
import { mergeCheckpoints } from '../../src/runner/merge';
import { trialKey } from '../../src/runner/run';
import { ownsTrial, shardOf } from '../../src/runner/shard';
import { bare, flags, run, tempDir } from '../helpers/harness';
import { coinClaim, thresholdClaim } from '../helpers/toy-claims';

const registry = [coinClaim, thresholdClaim];

describe('shard ownership', () => {
  it('gives every trial to exactly one shard, balanced within binomial noise', () => {
    const keys = Array.from({ length: 6000 }, (_, i) => trialKey(`c${i % 7}`, `r${i % 13}`, i));
    for (const count of [1, 2, 3, 5]) {
      const sizes = new Array(count).fill(0);
      let misowned = 0;
      for (const key of keys) {
        const owners = sizes.filter((_, i) => ownsTrial({ index: i + 1, count }, key)).length;
        if (owners !== 1) misowned++;
        sizes[shardOf(key, count) - 1]++;
      }
      expect(misowned).toBe(0);
      // Each size is Binomial(K, 1/N): within 5 standard deviations of K/N.
      const p = 1 / count;
      const sd = Math.sqrt(keys.length * p * (1 - p));
      for (const size of sizes) expect(Math.abs(size - keys.length * p)).toBeLessThanOrEqual(5 * sd);
    }
  });

  it('depends on the key only, not on the run or the other trials', () => {
    const key = trialKey('quadratic.recovery-threshold', 'd=3', 4);
    expect(shardOf(key, 3)).toBe(shardOf(key, 3));
    expect(ownsTrial(undefined, key)).toBe(true);
  });
});

describe('run --shard I/N, then merge', () => {
  it('merges 3 shards into the unsharded report byte for byte (apart from timing), counterexample included', async () => {
    const whole = await run(registry, flags(tempDir()));
    const dirs = [1, 2, 3].map(() => tempDir());
    const parts = [];
    for (const [i, out] of dirs.entries()) parts.push(await run(registry, flags(out, { shard: { index: i + 1, count: 3 } })));
    // Each trial was computed once, by one shard.
    expect(parts.reduce((s, p) => s + p.computed, 0)).toBe(whole.computed);
    expect(Math.min(...parts.map((p) => p.computed))).toBeGreaterThan(0);
    const merged = await mergeCheckpoints(registry, dirs.map(checkpointPath));
    expect(bare(merged)).toBe(bare(whole.report));
    // Not vacuous: the threshold claim's holds rung has failures and a shrunk counterexample.
    expect(merged.claims[1].results[0].counterexample?.instance).toMatchObject({ k: expect.any(Number) });
  });

  it('agrees for any number of shards and any seed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (count, seed) => {
        const whole = await run(registry, flags(tempDir(), { seed }));
        const dirs = Array.from({ length: count }, () => tempDir());
        for (const [i, out] of dirs.entries()) await run(registry, flags(out, { seed, shard: { index: i + 1, count } }));
        // Shards given in any order.
        const merged = await mergeCheckpoints(registry, dirs.map(checkpointPath).reverse());
        expect(bare(merged)).toBe(bare(whole.report));
      }),
      { numRuns: 4 },
    );
  });

  it('refuses shards that do not make up one whole run, naming what is wrong', async () => {
    const dirs = [1, 2, 3].map(() => tempDir());
    for (const [i, out] of dirs.entries()) await run(registry, flags(out, { shard: { index: i + 1, count: 3 } }));
    const other = tempDir();
    await run(registry, flags(other, { seed: 12, shard: { index: 3, count: 3 } }));
    const files = dirs.map(checkpointPath);
    const refusal = async (inputs: string[]) => {
      const err = await mergeCheckpoints(registry, inputs).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      return (err as InputError).message;
    };
    expect(await refusal(files.slice(0, 2))).toContain('all 3 shards (missing 3)');
    expect(await refusal([...files, files[1]])).toContain('each shard once');
    expect(await refusal([files[0], files[1], checkpointPath(other)])).toContain('shards of one run');
    expect(await refusal([])).toContain('merge');
    // A trial line lost from a shard's file: merge computes nothing and says which trial is missing.
    const data = readCheckpoint(files[0]);
    const [lost] = data.trials.keys();
    const { writeFileSync, readFileSync } = await import('node:fs');
    const text = readFileSync(files[0], 'utf8').split('\n').filter((line) => !line.startsWith(`{"trial":${JSON.stringify(lost)},`)).join('\n');
    writeFileSync(files[0], text);
    expect(await refusal(files)).toContain(`trials: got ${JSON.stringify(lost)}`);
  });
});
