import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claims } from '../properties/index';
import { bugOf, caughtBy, killMatrixMarkdown, runKillMatrix, trainerFiles } from '../src/harness/kill-matrix';
import { stream } from '../src/rng';
import { loadTrainer } from '../src/train/load';
import { referenceTrainer } from '../src/train/reference';
import type { TrainRequest, TrainResult } from '../src/train/types';
import { assembledTrainer } from './fixtures/broken-trainers/_assembled';
import { cli } from './cli/helpers';

const dir = join(import.meta.dirname, 'fixtures/broken-trainers');
const files = trainerFiles(dir);

function request(kind: TrainRequest['algorithm']['kind'], extra: Partial<TrainRequest> = {}, algorithm: Partial<TrainRequest['algorithm']> = {}): TrainRequest {
  const s = stream(`kill-matrix-${kind}`);
  const d = 4;
  const m = 3;
  const n = 12;
  return {
    network: { activation: 'relu', d, m, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: true, W: s.normals(m * d), a: s.normals(m) },
    data: { n, X: s.normals(n * d), y: s.normals(n) },
    loss: { kind: 'square' },
    algorithm: { kind, lr: 0.1, steps: 6, ...(kind === 'sgd' || kind === 'online' ? { batchSize: 2 } : {}), ...algorithm },
    seed: 5,
    ...extra,
  };
}

/** Requests over every algorithm, constraint and option the assembled trainer implements. */
const REQUESTS: [string, TrainRequest][] = [
  ['gd', request('gd')],
  ['gd, quadratic, stopAtLoss', { ...request('gd', {}, { stopAtLoss: 0.3, steps: 40 }), network: { ...request('gd').network, activation: 'quadratic', outputScaling: 'none', trainSecond: false } }],
  ['sgd', request('sgd', {}, { traceEvery: 2 })],
  ['gd-backtracking', request('gd-backtracking', {}, { lr: 4 })],
  ['online, displaced, unit rows', request('online', { constraint: { kind: 'unit-rows' } }, { displacement: 0.2 })],
  ['online with a probe', request('online', { probe: { direction: Float64Array.from([1, 0, 0, 0]), stopAbove: 0.99 } })],
  ['gd, norm-only, logistic sum', request('gd', { constraint: { kind: 'norm-only' }, loss: { kind: 'logistic', reduction: 'sum' } })],
];

describe('broken trainers', () => {
  it('are at least ten modules whose default export is a Trainer, each naming its bug', async () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    const names = new Set<string>();
    for (const file of files) {
      const trainer = await loadTrainer(file);
      names.add(trainer.name);
      expect(bugOf(readFileSync(file, 'utf8')), file).toMatch(/^\S.{20,}$/);
    }
    expect(names.size).toBe(files.length);
  });

  it('assembled from the reference pieces with no bug, train exactly as the reference trainer', async () => {
    const plain = assembledTrainer('plain');
    for (const [label, req] of REQUESTS) {
      const want = (await referenceTrainer.train(req)) as TrainResult;
      expect(plain.train(req), label).toEqual(want);
    }
  });

  it('each differs from the reference on some request: its bug is live', async () => {
    for (const file of files) {
      const trainer = await loadTrainer(file);
      let differs = false;
      for (const [, req] of REQUESTS) {
        const got = (await trainer.train(req)) as TrainResult;
        const want = (await referenceTrainer.train(req)) as TrainResult;
        if (JSON.stringify({ ...got, W: Array.from(got.W), a: Array.from(got.a) }) !== JSON.stringify({ ...want, W: Array.from(want.W), a: Array.from(want.a) })) differs = true;
      }
      expect(differs, file).toBe(true);
    }
  });
});

describe('theorycheck run --trainer with a broken trainer', () => {
  it('exits 1 and names the claims that caught it; the reference trainer exits 0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'theorycheck-kill-'));
    const args = ['run', '--claim', 'quadratic.gd-recovers-below-barrier', '--scale', 'small', '--seed', '1', '--no-shrink', '--quiet'];
    const broken = await cli(...args, '--out', join(out, 'broken'), '--trainer', join(dir, 'sign-flip-first-layer.ts'));
    expect(broken.code, broken.stderr).toBe(1);
    expect(broken.stdout).toContain('not agreeing with the paper (trainer bug-sign-flip-first-layer): quadratic.gd-recovers-below-barrier');
    const reference = await cli(...args, '--out', join(out, 'reference'));
    expect(reference.code, reference.stderr).toBe(0);
    expect(reference.stdout).not.toContain('not agreeing');
    // The regression view of the same two runs.
    const diff = await cli('diff', join(out, 'reference', 'report.json'), join(out, 'broken', 'report.json'));
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/regression\s+quadratic\.gd-recovers-below-barrier\s+d=5/);
  });
});
