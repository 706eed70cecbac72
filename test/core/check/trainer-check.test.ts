import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTrainer, trainerCheckProblems, trainerProbes } from '../../../src/core/check/trainer-check';
import { loadTrainer } from '../../../src/runner/trainers/load';
import { referenceTrainer } from '../../../src/core/train/reference';
import type { Trainer } from '../../../src/contract/trainer';
import { trainerFiles } from '../../../src/runner/kill-matrix';

const fixtures = join(import.meta.dirname, '../../fixtures/broken-trainers');
const lazy = trainerFiles(fixtures).filter((f) => /\/lazy-[^/]+\.ts$/.test(f));

describe('the did-it-train check', () => {
  it('passes the reference trainer on every standard problem, one per kind of request the claims make', async () => {
    const check = await checkTrainer(referenceTrainer);
    expect(trainerCheckProblems(check)).toEqual([]);
    expect(check.pass).toBe(true);
    const kinds = new Set(trainerProbes().map((p) => p.request.algorithm.kind));
    expect([...kinds].sort()).toEqual(['gd', 'gd-backtracking', 'online', 'sgd']);
    for (const p of check.probes) {
      // Its yardsticks show progress: half the steps take the loss well down, all of them further.
      expect(p.loss!.referenceHalf).toBeLessThan(p.loss!.initial);
      expect(p.loss!.reference).toBeLessThan(p.loss!.referenceHalf);
    }
  });

  it('catches each of the six lazy trainers, and says why in numbers', async () => {
    expect(lazy.map((f) => f.split('/').pop())).toEqual([
      'lazy-initial-weights.ts', 'lazy-lr-tiny.ts', 'lazy-one-step.ts', 'lazy-random-weights.ts', 'lazy-second-layer-only.ts', 'lazy-zero-steps.ts',
    ]);
    for (const file of lazy) {
      const check = await checkTrainer(await loadTrainer(file));
      expect(check.pass, file).toBe(false);
      expect(trainerCheckProblems(check).join('\n'), file).toMatch(/loss \d\.\d{3}e[-+]\d+ → \d\.\d{3}e[-+]\d+|frozen|moved/);
    }
  });

  it('one step is far from enough: the bar is the reference after half the requested steps', async () => {
    const check = await checkTrainer(await loadTrainer(join(fixtures, 'lazy-one-step.ts')));
    for (const p of check.probes) {
      expect(p.pass, p.name).toBe(false);
      expect(p.loss!.trained, p.name).toBeGreaterThan(p.loss!.referenceHalf);
    }
  });

  it('a layer the request freezes must come back unchanged; a layer it trains must move', async () => {
    const check = await checkTrainer(await loadTrainer(join(fixtures, 'lazy-second-layer-only.ts')));
    const first = check.probes.find((p) => p.name === 'gd, first layer')!;
    expect(first.why).toMatch(/layer W moved 0\.000e\+0/);
    expect(first.why).toMatch(/layer a is frozen by the request but changed/);
  });

  it('a trainer declining a request is not judged on it; declining every request fails the check', async () => {
    const picky: Trainer = { ...referenceTrainer, name: 'picky', supports: (r) => r.algorithm.kind === 'gd' };
    const check = await checkTrainer(picky);
    expect(check.pass).toBe(true);
    expect(check.probes.filter((p) => !p.supported).map((p) => p.name)).toContain('online, batch 1');
    const none = await checkTrainer({ ...referenceTrainer, name: 'none', supports: () => false });
    expect(none.pass).toBe(false);
    expect(trainerCheckProblems(none)).toEqual(['trainer none supports none of the standard requests: nothing it does could be checked']);
  });

  it('a trainer that throws or returns a malformed result fails with the message', async () => {
    const throwing: Trainer = { ...referenceTrainer, name: 'throwing', train: () => { throw new Error('CUDA out of memory'); } };
    const check = await checkTrainer(throwing);
    expect(check.pass).toBe(false);
    expect(check.probes[0].why).toMatch(/train threw: CUDA out of memory/);
  });
});
