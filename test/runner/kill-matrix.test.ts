import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claims } from '../../properties/index';
import type { Claim, Rung } from '../../src/contract/claim';
import { bugOf, caught, caughtBy, killMatrixMarkdown, runKillMatrix, trainerFiles } from '../../src/runner/kill-matrix';
import { stream } from '../../src/core/rng';
import { loadTrainer } from '../../src/runner/trainers/load';
import { referenceTrainer } from '../../src/core/train/reference';
import type { TrainRequest, TrainResult } from '../../src/contract/trainer';
import { assembledTrainer } from '../fixtures/broken-trainers/_assembled';
import { cli } from '../cli/helpers';

const dir = join(import.meta.dirname, '../fixtures/broken-trainers');
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
    // The did-it-train check stops the run at once: the gradient ascent on W raises the loss.
    const stopped = await cli(...args, '--out', join(out, 'stopped'), '--trainer', join(dir, 'sign-flip-first-layer.ts'));
    expect(stopped.code, stopped.stderr).toBe(1);
    expect(stopped.stdout).toMatch(/did not train: gd, first layer: loss 9\.569e-2 → \d\.\d+e\+\d+/);
    // Run anyway, the claim catches it too.
    const broken = await cli(...args, '--trainer-check', 'report', '--out', join(out, 'broken'), '--trainer', join(dir, 'sign-flip-first-layer.ts'));
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

/**
 * The reduced matrix: one holds rung of each of a few claims, one trial each (a failed trial is a disagreeing
 * rung: the Wilson interval of 0/1 ends at 0.79 < 0.9), enough to catch every broken trainer with the fixed seed
 * (reports/kill-matrix.md is the full default-scale run). Q2's rung is its largest default one, d = 8: float32
 * weights stall GD at ‖A − A*‖/‖A*‖ ≈ 1e−4 there (4 of 6 default trials recover; the first does not).
 */
const REDUCED: [claim: string, rung: (r: Rung) => boolean][] = [
  ['quadratic.gd-recovers-below-barrier', (r) => r.params.d === 8 && !r.params.control],
  ['giant-step.single-direction', (r) => r.expected.outcome === 'holds'],
  ['spectrum.outlier-grows', (r) => r.expected.outcome === 'holds'],
  ['data-repetition.learns-he3', (r) => r.expected.outcome === 'holds'],
];
const REDUCED_RUNS = 1;

function reducedClaims(): Claim<any>[] {
  return REDUCED.map(([id, pick]) => {
    const claim = claims.find((c) => c.id === id);
    if (!claim) throw new Error(`claim ${id} is not listed in properties/index.ts`);
    const rung = [...claim.ladders.small, ...claim.ladders.default].find(pick);
    if (!rung) throw new Error(`claim ${id} has no rung for the reduced matrix`);
    return { ...claim, ladders: { ...claim.ladders, small: [{ ...rung, runs: REDUCED_RUNS }] } };
  });
}

describe('the kill matrix on a reduced ladder', () => {
  it('catches every broken trainer and not the reference; full-batch GD bugs are caught by the quadratic claims alone; lazy trainers fail the trainer check', async () => {
    const reduced = reducedClaims();
    const rows = await runKillMatrix(files, { claims: reduced, scale: 'small', seed: 1 }, (file) => bugOf(readFileSync(file, 'utf8')));
    const markdown = killMatrixMarkdown(rows, { scale: 'reduced', seed: 1, claims: reduced.map((c) => c.id), runs: REDUCED_RUNS });
    const [reference, ...broken] = rows;
    expect(reference.group).toBe('reference');
    expect(caughtBy(reference), markdown).toEqual([]);
    expect(reference).toMatchObject({ trainerCheck: 'passed', exitCode: 0 });
    expect(broken).toHaveLength(files.length);
    for (const row of broken) {
      expect(caught(row), `${row.trainer} escaped:\n${markdown}`).toBe(true);
      expect(row.exitCode, row.trainer).not.toBe(0);
    }
    const lazy = broken.filter((r) => r.trainer.startsWith('lazy-'));
    expect(lazy.map((r) => r.trainer).sort()).toEqual(['lazy-initial-weights', 'lazy-lr-tiny', 'lazy-one-step', 'lazy-random-weights', 'lazy-second-layer-only', 'lazy-zero-steps']);
    for (const row of lazy) {
      expect(row.trainerCheck, row.trainer).toBe('failed');
      // The claims see them too: the run under them would fail even with the check off.
      expect(caughtBy(row), `${row.trainer}:\n${markdown}`).not.toEqual([]);
    }
    // Bugs in the gradient, the update or the learning rate change every full-batch GD run.
    const gdBugs = ['sign-flip-first-layer', 'derivative-negative-inputs', 'float32-weights', 'loss-mean-wrong-axis', 'lr-squared', 'lr-ignored', 'second-layer-trained'];
    for (const name of gdBugs) {
      const row = broken.find((r) => r.file?.endsWith(`/${name}.ts`));
      expect(row?.disagree.concat(row.inconclusive), name).toContain('quadratic.gd-recovers-below-barrier');
    }
    expect(markdown).toContain(`**${broken.length} of ${broken.length} broken trainers caught**; the reference trainer is caught by nothing.`);
  });
});
