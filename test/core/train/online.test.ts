import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/contract/errors';
import { stream } from '../../../src/core/rng/stream';
import { referenceTrainer } from '../../../src/core/train/reference';
import { createProbe, rowCosines } from '../../../src/core/train/probe';
import type { TrainRequest, TrainResult } from '../../../src/contract/trainer';
import { expectArraysClose, expectClose } from '../../helpers/close';

const f64 = (...v: number[]) => Float64Array.from(v);
const train = (r: TrainRequest) => referenceTrainer.train(r) as TrainResult;

/** A linear unit f = w·x (a = 1 frozen), square loss, online SGD; overrides per test. */
function linear(
  W: number[], X: number[], y: number[], algorithm: Partial<TrainRequest['algorithm']>, extra: Partial<TrainRequest> = {},
): TrainRequest {
  const d = W.length;
  return {
    network: { activation: 'linear', d, m: 1, outputScaling: 'none', trainFirst: true, trainSecond: false, W: f64(...W), a: f64(1) },
    data: { n: y.length, X: f64(...X), y: f64(...y) },
    loss: { kind: 'square' },
    algorithm: { kind: 'online', lr: 0.1, steps: 1, batchSize: 1, ...algorithm },
    seed: 1,
    ...extra,
  };
}

describe('online SGD: first steps by hand', () => {
  it('batch 1 takes the samples in order, each once', () => {
    // w = 1 on (x, y) = (1, 2): ∂ℓ/∂w = (w x − y) x = −1, w = 1.1; then (3, 0): ∂ℓ/∂w = 3.3·3, w = 1.1 − 0.99.
    const out = train(linear([1], [1, 3], [2, 0], { steps: 2 }));
    expectArraysClose(out.W, [0.11], 1e-14);
    expect(out.steps).toBe(2);
    expect(out.trace.step).toEqual([0, 1, 2]);
    // Batch losses before each update (fresh samples), then the last batch at the final weights.
    expectArraysClose(out.trace.loss, [0.5, 0.5 * 3.3 ** 2, 0.5 * 0.33 ** 2], 1e-13);
  });

  it('batch 2 is a mean-gradient step on consecutive blocks', () => {
    // Block 0 = samples 0, 1: ½[(1 − 2)·1 + (3 − 0)·3] = 4, w = 1 − 0.1·4; block 1 = samples 2, 3 at w = 0.6:
    // ½[(0.6·1 − 0)·1 + (0.6·(−1) − 1)·(−1)] = 1.1, w = 0.6 − 0.11.
    const out = train(linear([1], [1, 3, 1, -1], [2, 0, 0, 1], { steps: 2, batchSize: 2 }));
    expectArraysClose(out.W, [0.49], 1e-14);
  });

  it('displaced SGD: θ̃ = θ − ρ∇ℓ(θ), θ ← θ − η∇ℓ(θ̃) on the same sample, then the projection', () => {
    // w = (1, 0), x = (1, 2), y = 3: g = (y − w·x) x = (2, 4), w̃ = w + 0.1 g = (1.2, 0.4), w̃·x = 2, g̃ = (1, 2),
    // w + 0.1 g̃ = (1.1, 0.2), projected on the unit sphere.
    const r = linear([1, 0], [1, 2], [3], { displacement: 0.1 }, { constraint: { kind: 'unit-rows' } });
    const norm = Math.hypot(1.1, 0.2);
    expectArraysClose(train(r).W, [1.1 / norm, 0.2 / norm], 1e-14);
    // ρ = 0 is plain online SGD: w + 0.1 g = (1.2, 0.4), projected.
    const plain = train({ ...r, algorithm: { ...r.algorithm, displacement: 0 } });
    const n0 = Math.hypot(1.2, 0.4);
    expectArraysClose(plain.W, [1.2 / n0, 0.4 / n0], 1e-14);
  });

  it('correlation loss with an He3 unit: the step is η y He3\'(w·x) x', () => {
    // w = (1, 0), x = (2, 1): z = 2, He3'(2) = 3(4 − 1) = 9, y = 5; ∂(−y f)/∂w = −45·(2, 1); η = 0.01.
    const r: TrainRequest = {
      ...linear([1, 0], [2, 1], [5], { lr: 0.01 }),
      loss: { kind: 'correlation' },
      constraint: { kind: 'unit-rows' },
    };
    r.network.activation = 'he3';
    const norm = Math.hypot(1.9, 0.45);
    expectArraysClose(train(r).W, [1.9 / norm, 0.45 / norm], 1e-14);
    // The square loss adds the self-term: residual y − He3(2) = 5 − 2 = 3 instead of y.
    const sq = train({ ...r, loss: { kind: 'square' } });
    const ns = Math.hypot(1 + 0.01 * 27 * 2, 0.01 * 27);
    expectArraysClose(sq.W, [(1 + 0.54) / ns, 0.27 / ns], 1e-14);
  });
});

describe('online SGD: probe', () => {
  it('stops at the first step whose cosine exceeds stopAbove, and traces every cosine', () => {
    // Correlation loss with y = 1, x = e1 moves w = (0, 1) by η e1 per step: w_t = (tη, 1), cos_t = tη/√(t²η² + 1);
    // η = 0.25: cos_2 = 0.447, cos_3 = 0.6, so t* = 3 for stopAbove = 0.5.
    const r: TrainRequest = {
      ...linear([0, 1], [1, 0, 1, 0, 1, 0, 1, 0, 1, 0], [1, 1, 1, 1, 1], { lr: 0.25, steps: 5 }),
      loss: { kind: 'correlation' },
      probe: { direction: f64(1, 0), stopAbove: 0.5 },
    };
    const out = train(r);
    expect(out.steps).toBe(3);
    expectArraysClose(out.W, [0.75, 1], 1e-15);
    expect(out.trace.step).toEqual([0, 1, 2, 3]);
    const cos = [0, 1, 2, 3].map((t) => (t * 0.25) / Math.hypot(t * 0.25, 1));
    expectArraysClose(out.trace.overlap!.map((row) => row[0]), cos, 1e-15);
    // Without stopAbove the run goes on and the cosines are still traced.
    const full = train({ ...r, probe: { direction: f64(1, 0) } });
    expect(full.steps).toBe(5);
    expect(full.trace.overlap).toHaveLength(6);
  });

  it('records cosines at the loss trace steps (traceEvery) and at the stop', () => {
    const rng = stream('probe-trace');
    const d = 4;
    const n = 30;
    const r: TrainRequest = {
      network: { activation: 'relu', d, m: 3, outputScaling: 'inv-m', trainFirst: true, trainSecond: false, W: rng.normals(3 * d), a: f64(1, 1, 1) },
      data: { n, X: rng.normals(n * d), y: rng.normals(n) },
      loss: { kind: 'square' },
      algorithm: { kind: 'online', lr: 0.05, steps: 10, batchSize: 3, traceEvery: 4 },
      probe: { direction: f64(1, 0, 0, 0) },
      seed: 1,
    };
    const out = train(r);
    expect(out.trace.step).toEqual([0, 4, 8, 10]);
    expect(out.trace.overlap).toHaveLength(4);
    expectArraysClose(out.trace.overlap![3], rowCosines(out.W, 3, d, r.probe!.direction, new Float64Array(3)), 1e-15);
  });

  it('rowCosines is the signed cosine, 0 for a zero row', () => {
    expectArraysClose(rowCosines(f64(3, 4, 0, 0, -1, 0), 3, 2, f64(1, 0), new Float64Array(3)), [0.6, 0, -1], 1e-15);
    const probe = createProbe({ direction: f64(0, 1), stopAbove: 0.7 }, 1, 2, 4);
    expect(probe.measure(f64(3, 4))).toBe(true);
    expect(probe.measure(f64(4, 3))).toBe(false);
  });
});

describe('online SGD: contract', () => {
  it('a tiny first batch loss followed by an ordinary one is not divergence', () => {
    // Sample 0 is fitted to 1e−12, sample 1 has loss ½·10²: a growth of 1e26 that says nothing about stability.
    const out = train(linear([1], [1, 1], [1 + 1e-6, 11], { steps: 2 }));
    expect(out.diverged).toBeUndefined();
    expect(out.steps).toBe(2);
  });

  it('is deterministic and independent of the seed (no shuffling)', () => {
    const rng = stream('online-seed');
    const r: TrainRequest = {
      network: { activation: 'tanh', d: 3, m: 2, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: true, W: rng.normals(6), a: rng.normals(2) },
      data: { n: 20, X: rng.normals(60), y: rng.normals(20) },
      loss: { kind: 'square' },
      algorithm: { kind: 'online', lr: 0.1, steps: 10, batchSize: 2, displacement: 0.05 },
      seed: 1,
    };
    const copy = { W: r.network.W.slice(), a: r.network.a.slice(), X: r.data.X.slice() };
    const a = train(r);
    const b = train({ ...r, seed: 99 });
    expectArraysClose(a.W, b.W, 0);
    expectArraysClose(a.a, b.a, 0);
    expectArraysClose(r.network.W, copy.W, 0);
    expectArraysClose(r.network.a, copy.a, 0);
    expectArraysClose(r.data.X, copy.X, 0);
  });

  it('rejects requests that would reuse data or misuse the online fields, naming the field', () => {
    const base = linear([1, 0], [1, 2, 3, 4], [1, 2], { steps: 2 });
    const bad: [Partial<TrainRequest>, string][] = [
      [{ algorithm: { ...base.algorithm, steps: 3 } }, 'data.n'],
      [{ algorithm: { ...base.algorithm, batchSize: undefined } }, 'algorithm.batchSize'],
      [{ algorithm: { ...base.algorithm, displacement: -1 } }, 'algorithm.displacement'],
      [{ algorithm: { kind: 'gd', lr: 0.1, steps: 1, displacement: 0.1 } }, 'algorithm.displacement'],
      [{ algorithm: { ...base.algorithm, displacement: 0.1 }, constraint: { kind: 'norm-only' } }, 'constraint.kind'],
      [{ probe: { direction: f64(1) } }, 'probe.direction'],
      [{ probe: { direction: f64(1, 0), stopAbove: Number.NaN } }, 'probe.stopAbove'],
      [{ algorithm: { kind: 'gd', lr: 0.1, steps: 1 }, probe: { direction: f64(1, 0) } }, 'probe'],
    ];
    for (const [override, field] of bad) {
      const call = () => train({ ...base, ...override });
      expect(call, field).toThrow(InputError);
      expect(call, field).toThrow(field);
    }
    expect(referenceTrainer.supports(base)).toBe(true);
  });

  it('a ρ → 0 displacement approaches plain online SGD to first order in ρ', () => {
    const rng = stream('online-rho');
    const r: TrainRequest = {
      network: { activation: 'tanh', d: 3, m: 2, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: true, W: rng.normals(6), a: rng.normals(2) },
      data: { n: 8, X: rng.normals(24), y: rng.normals(8) },
      loss: { kind: 'square' },
      algorithm: { kind: 'online', lr: 0.1, steps: 4, batchSize: 2 },
      seed: 1,
    };
    const plain = train(r);
    const gap = (rho: number) => {
      const out = train({ ...r, algorithm: { ...r.algorithm, displacement: rho } });
      return Math.hypot(...out.W.map((w, k) => w - plain.W[k]));
    };
    // The displaced gradient differs by ρ·H∇ℓ + O(ρ²): halving ρ halves the gap.
    expectClose(gap(1e-4) / gap(2e-4), 0.5, 1e-3);
  });
});

describe('online SGD: supports', () => {
  it('the reference trainer supports a probe or a displacement with the online kind only', () => {
    const base = linear([1, 0], [1, 2, 3, 4], [1, 2], { steps: 2 });
    expect(referenceTrainer.supports({ ...base, probe: { direction: f64(1, 0) } })).toBe(true);
    expect(referenceTrainer.supports({ ...base, algorithm: { ...base.algorithm, displacement: 0.1 } })).toBe(true);
    expect(referenceTrainer.supports({ ...base, algorithm: { kind: 'gd', lr: 0.1, steps: 1 }, probe: { direction: f64(1, 0) } })).toBe(false);
    expect(referenceTrainer.supports({ ...base, algorithm: { kind: 'sgd', lr: 0.1, steps: 1, batchSize: 1, displacement: 0.1 } })).toBe(false);
  });
});
