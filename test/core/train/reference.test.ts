import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/contract/errors';
import { architecture, lossAt, createWorkspace } from '../../../src/core/model/network';
import { stream } from '../../../src/core/rng/stream';
import { referenceTrainer, trainReference } from '../../../src/core/train/reference';
import type { TrainRequest, TrainResult } from '../../../src/contract/trainer';
import { expectArraysClose, expectClose } from '../../helpers/close';

const f64 = (...v: number[]) => Float64Array.from(v);

/** A small random request (relu, 1/√m, square loss, gd) with overrides. */
function request(overrides: {
  network?: Partial<TrainRequest['network']>;
  data?: Partial<TrainRequest['data']>;
  loss?: TrainRequest['loss'];
  algorithm?: Partial<TrainRequest['algorithm']>;
  constraint?: TrainRequest['constraint'];
  seed?: number;
} = {}): TrainRequest {
  const n = overrides.data?.n ?? 12;
  const d = overrides.network?.d ?? 3;
  const m = overrides.network?.m ?? 4;
  const rng = stream('reference-test');
  return {
    network: {
      activation: 'relu', d, m, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: true,
      W: rng.normals(m * d, 1 / Math.sqrt(d)), a: rng.normals(m), ...overrides.network,
    },
    data: { n, X: rng.normals(n * d), y: rng.normals(n), ...overrides.data },
    loss: overrides.loss ?? { kind: 'square' },
    algorithm: { kind: 'gd', lr: 0.05, steps: 20, ...overrides.algorithm },
    constraint: overrides.constraint,
    seed: overrides.seed ?? 1,
  };
}

const train = (r: TrainRequest) => referenceTrainer.train(r) as TrainResult;

function fullLoss(r: TrainRequest, W: Float64Array, a: Float64Array): number {
  const ws = createWorkspace(r.data.n, r.network.d, r.network.m, { gradients: false });
  return lossAt(architecture(r.network), r.loss, W, a, r.data.X, r.data.y, r.data.n, ws);
}

describe('referenceTrainer: first steps by hand', () => {
  it('gd, n = 1, d = 2, quadratic: one step of both layers', () => {
    // z = w·x = 3, σ = 9, f = a σ = 18, r = f − y = −2;
    // ∂L/∂a = r σ = −18, ∂L/∂w = r a σ'(z) x = −2·2·6·(1, 2) = (−24, −48).
    const r = request({
      network: { activation: 'quadratic', d: 2, m: 1, outputScaling: 'none', W: f64(1, 1), a: f64(2) },
      data: { n: 1, X: f64(1, 2), y: f64(20) },
      algorithm: { kind: 'gd', lr: 0.01, steps: 1 },
    });
    const out = train(r);
    expectArraysClose(out.W, [1.24, 1.48], 1e-14);
    expectArraysClose(out.a, [2.18], 1e-14);
    expect(out.steps).toBe(1);
    expect(out.trace.step).toEqual([0, 1]);
    // After the step: z = 1.24 + 2.96 = 4.2, f = 2.18·4.2², L = ½(f − 20)².
    expectArraysClose(out.trace.loss, [2, 0.5 * (2.18 * 4.2 * 4.2 - 20) ** 2], 1e-12);
  });

  it('gd, n = 2, d = 1, linear, mean loss, second layer frozen', () => {
    // f = w x on x = (1, 3), y = (2, 0), w = 1: residuals (−1, 3), ∂L/∂w = ½(−1·1 + 3·3) = 4; w' = 1 − 0.1·4.
    const r = request({
      network: { activation: 'linear', d: 1, m: 1, outputScaling: 'none', W: f64(1), a: f64(1), trainSecond: false },
      data: { n: 2, X: f64(1, 3), y: f64(2, 0) },
      algorithm: { kind: 'gd', lr: 0.1, steps: 1 },
    });
    expectArraysClose(train(r).W, [0.6], 1e-15);
    // The sum reduction doubles the gradient.
    expectArraysClose(train({ ...r, loss: { kind: 'square', reduction: 'sum' } }).W, [0.2], 1e-15);
  });

  it('sgd with batch 1 on the same data: one of the two hand-computed paths', () => {
    // Sample 0 first: w = 1 + 0.1·1 = 1.1, then sample 1: w = 1.1 − 0.1·(3.3·3) = 0.11.
    // Sample 1 first: w = 1 − 0.1·9 = 0.1, then sample 0: w = 0.1 − 0.1·(0.1 − 2) = 0.29.
    const base = request({
      network: { activation: 'linear', d: 1, m: 1, outputScaling: 'none', W: f64(1), a: f64(1), trainSecond: false },
      data: { n: 2, X: f64(1, 3), y: f64(2, 0) },
      algorithm: { kind: 'sgd', lr: 0.1, steps: 1, batchSize: 1 },
    });
    const firsts = new Set<string>();
    for (let seed = 0; seed < 16; seed++) {
      const one = train({ ...base, seed }).W[0];
      const two = train({ ...base, seed, algorithm: { ...base.algorithm, steps: 2 } }).W[0];
      if (Math.abs(one - 1.1) < 1e-14) expectClose(two, 0.11, 1e-14);
      else {
        expectClose(one, 0.1, 1e-14);
        expectClose(two, 0.29, 1e-14);
      }
      firsts.add(one.toFixed(6));
    }
    // Both orders occur across seeds.
    expect(firsts.size).toBe(2);
  });
});

describe('referenceTrainer: sgd', () => {
  it('with batchSize = n is gd', () => {
    const gd = request({ algorithm: { kind: 'gd', steps: 15 } });
    const sgd = { ...gd, algorithm: { kind: 'sgd' as const, lr: 0.05, steps: 15, batchSize: gd.data.n } };
    const a = train(gd);
    const b = train(sgd);
    expectArraysClose(b.W, a.W, 1e-13);
    expectArraysClose(b.a, a.a, 1e-13);
    expectArraysClose(b.trace.loss, a.trace.loss, 1e-13);
  });

  // f(x) = w·x with a = 1 frozen, x_i = e_i and the correlation loss −y f with y = 1: the mean-loss gradient
  // of a batch B is −(1/|B|) Σ_{i∈B} e_i, so coordinate i of w − w0 counts how often sample i was used,
  // whatever the order. With η = 1 and |B| a power of two the arithmetic is exact.
  function visits(n: number, b: number, steps: number, seed: number): Float64Array {
    const X = new Float64Array(n * n);
    for (let i = 0; i < n; i++) X[i * n + i] = 1;
    const out = train({
      network: { activation: 'linear', d: n, m: 1, outputScaling: 'none', trainFirst: true, trainSecond: false, W: new Float64Array(n), a: f64(1) },
      data: { n, X, y: new Float64Array(n).fill(1) },
      loss: { kind: 'correlation' },
      algorithm: { kind: 'sgd', lr: 1, steps, batchSize: b },
      seed,
    });
    return out.W;
  }

  it('draws without replacement: each sample exactly once per pass', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(1, 2, 4), fc.integer({ min: 1, max: 4 }), (seed, b, k) => {
        const n = 4 * k;
        const perPass = n / b;
        // Within the first pass: t·b distinct samples, each used once.
        for (let t = 0; t <= perPass; t++) {
          const w = visits(n, b, t, seed);
          expect(w.filter((v) => v !== 0).length).toBe(t * b);
          for (const v of w) expect(v === 0 || v === 1 / b).toBe(true);
        }
        // After three passes every sample has been used exactly three times.
        for (const v of visits(n, b, 3 * perPass, seed)) expect(v).toBe(3 / b);
      }),
      { numRuns: 25 },
    );
  });

  it('a smaller last batch closes a pass when b does not divide n', () => {
    // n = 5, b = 2: batches of 2, 2, 1; after a pass four samples carry 1/2, one carries 1.
    const w = Array.from(visits(5, 2, 3, 9)).sort();
    expect(w).toEqual([0.5, 0.5, 0.5, 0.5, 1]);
    const w2 = Array.from(visits(5, 2, 6, 9)).sort();
    // Two passes: each sample used twice, with weights 1/2 or 1 per use.
    for (const v of w2) expect([1, 1.5, 2]).toContain(v);
    expect(w2.reduce((s, v) => s + v, 0)).toBe(2 * 3);
  });

  it('reshuffles every pass', () => {
    // The first batch of pass 2 is not always the first batch of pass 1.
    let differs = 0;
    for (let seed = 0; seed < 10; seed++) {
      const pass1 = visits(8, 2, 1, seed);
      const pass2 = visits(8, 2, 5, seed).map((v, i) => v - visits(8, 2, 4, seed)[i]);
      if (pass1.some((v, i) => v !== pass2[i])) differs++;
    }
    expect(differs).toBeGreaterThan(5);
  });

  it('traces the full training loss, not the batch loss', () => {
    const r = request({ algorithm: { kind: 'sgd', batchSize: 3, steps: 7, traceEvery: 2 } });
    const out = train(r);
    expect(out.trace.step).toEqual([0, 2, 4, 6, 7]);
    expectClose(out.trace.loss[0], fullLoss(r, r.network.W, r.network.a), 1e-14);
    expectClose(out.trace.loss.at(-1)!, fullLoss(r, out.W, out.a), 1e-14);
  });
});

describe('referenceTrainer: layers and constraints', () => {
  it('leaves a frozen layer unchanged', () => {
    const r = request();
    const first = train({ ...r, network: { ...r.network, trainSecond: false } });
    expect(first.a).toEqual(r.network.a);
    expect(first.W).not.toEqual(r.network.W);
    const second = train({ ...r, network: { ...r.network, trainFirst: false } });
    expect(second.W).toEqual(r.network.W);
    expect(second.a).not.toEqual(r.network.a);
    const none = train({ ...r, network: { ...r.network, trainFirst: false, trainSecond: false } });
    expect(none.W).toEqual(r.network.W);
    expect(none.a).toEqual(r.network.a);
  });

  for (const kind of ['gd', 'sgd', 'gd-backtracking'] as const) {
    it(`${kind}: unit-rows keeps every row at the given norm`, () => {
      for (const norm of [undefined, 2.5]) {
        const r = request({ algorithm: { kind, batchSize: 4, lr: 0.3 }, constraint: { kind: 'unit-rows', norm } });
        const out = train(r);
        expect(out.steps).toBeGreaterThan(0);
        for (let j = 0; j < r.network.m; j++) {
          const row = out.W.subarray(j * r.network.d, (j + 1) * r.network.d);
          expectClose(Math.hypot(...row), norm ?? 1, 1e-14);
        }
      }
    });

    it(`${kind}: norm-only keeps the initial directions and r ≥ 0`, () => {
      const r = request({ network: { activation: 'tanh' }, algorithm: { kind, batchSize: 4, lr: 0.5, steps: 30 }, constraint: { kind: 'norm-only' } });
      const out = train(r);
      const { m, d } = r.network;
      for (let j = 0; j < m; j++) {
        const u = r.network.W.subarray(j * d, (j + 1) * d);
        const w = out.W.subarray(j * d, (j + 1) * d);
        const ru = Math.hypot(...u);
        const rw = Math.hypot(...w);
        // w_j = r_j u_j/‖u_j‖ with r_j ≥ 0: w is a nonnegative multiple of the initial row.
        for (let k = 0; k < d; k++) expectClose(w[k], (rw / ru) * u[k], 1e-14);
      }
      expect(out.W).not.toEqual(r.network.W);
    });
  }

  it('unit-rows starts from the projected rows', () => {
    const r = request({ algorithm: { steps: 0 }, constraint: { kind: 'unit-rows', norm: 2 } });
    const out = train(r);
    for (let j = 0; j < r.network.m; j++) {
      const u = r.network.W.subarray(j * r.network.d, (j + 1) * r.network.d);
      const scale = 2 / Math.hypot(...u);
      expectArraysClose(out.W.subarray(j * r.network.d, (j + 1) * r.network.d), Array.from(u, (v) => v * scale), 1e-15);
    }
    expectClose(out.trace.loss[0], fullLoss(r, out.W, out.a), 1e-15);
  });

  it('norm-only clamps a norm that the gradient drives below zero at exactly 0', () => {
    // Linear f = Σ_j r_j u_j·x, correlation loss with y = −1: ∂L/∂r_j = u_j·x > 0, so r_j shrinks to 0.
    const r = request({
      network: { activation: 'linear', d: 2, m: 2, outputScaling: 'none', W: f64(1, 0, 0, 3), a: f64(1, 1), trainSecond: false },
      data: { n: 1, X: f64(1, 1), y: f64(-1) },
      loss: { kind: 'correlation' },
      algorithm: { kind: 'gd', lr: 0.4, steps: 5 },
      constraint: { kind: 'norm-only' },
    });
    const out = train(r);
    // r_1: 1 → 0.6 → 0.2 → 0 (clamped) → 0; r_2: 3 → 2.6 → ... → 1.
    expectArraysClose(out.W, [0, 0, 0, 1], 1e-14);
    expect(Object.is(out.W[0], -0)).toBe(false);
  });
});

describe('referenceTrainer: gd-backtracking', () => {
  /** y = Σ_{j ≤ m*} (w*_j·x)², an overdetermined problem (n > d(d+1)/2) for f = Σ_j (w_j·x)² with a = 1. */
  function quadraticProblem(d: number, m: number, mStar: number, n: number, seed: number): { r: TrainRequest; scale: number } {
    const rng = stream(seed);
    const X = rng.normals(n * d);
    const Wstar = rng.normals(mStar * d, 1 / Math.sqrt(d));
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < mStar; j++) {
        let z = 0;
        for (let k = 0; k < d; k++) z += Wstar[j * d + k] * X[i * d + k];
        y[i] += z * z;
      }
    // The loss of the zero predictor, ½ mean y²: losses are reported relative to it.
    const scale = y.reduce((s, v) => s + 0.5 * v * v, 0) / n;
    const r = request({
      network: { activation: 'quadratic', d, m, outputScaling: 'none', trainSecond: false, W: rng.normals(m * d, 0.5 / Math.sqrt(d)), a: new Float64Array(m).fill(1) },
      data: { n, X, y },
      algorithm: { kind: 'gd-backtracking', lr: 0.01, steps: 50_000, stopAtLoss: 1e-8 * scale, traceEvery: 100 },
    });
    return { r, scale };
  }

  it('fits a small overdetermined quadratic network to relative loss < 1e-8', () => {
    for (const [d, m, mStar, n, seed] of [[4, 4, 2, 40, 5], [5, 5, 5, 45, 6], [3, 3, 1, 20, 7]]) {
      const { r, scale } = quadraticProblem(d, m, mStar, n, seed);
      const out = train(r);
      expect(out.diverged).toBeUndefined();
      expect(out.steps).toBeLessThan(r.algorithm.steps);
      expect(fullLoss(r, out.W, out.a) / scale).toBeLessThan(1e-8);
      // Armijo steps never increase the loss.
      for (let k = 1; k < out.trace.loss.length; k++) expect(out.trace.loss[k]).toBeLessThanOrEqual(out.trace.loss[k - 1]);
    }
  });

  it('recovers from a learning rate far too large (non-finite trial losses are rejected)', () => {
    const { r, scale } = quadraticProblem(3, 3, 1, 20, 8);
    const out = train({ ...r, algorithm: { ...r.algorithm, lr: 1e8 } });
    expect(out.diverged).toBeUndefined();
    expect(fullLoss(r, out.W, out.a) / scale).toBeLessThan(1e-8);
  });

  it('stops, without diverging, when no step can decrease the loss any more', () => {
    // A realisable problem with m = d (no spurious minima) run with no target: the loss reaches the
    // floating-point floor, where no halving passes the Armijo test.
    const { r, scale } = quadraticProblem(3, 3, 3, 12, 9);
    const out = train({ ...r, algorithm: { ...r.algorithm, stopAtLoss: undefined, steps: 100_000 } });
    expect(out.diverged).toBeUndefined();
    expect(out.steps).toBeLessThan(100_000);
    expect(out.trace.step.at(-1)).toBe(out.steps);
    expect(out.trace.loss.at(-1)! / scale).toBeLessThan(1e-20);
  });

  it('takes the same first step as gd when the first trial is accepted', () => {
    const r = request({ algorithm: { kind: 'gd', lr: 0.01, steps: 1 } });
    const gd = train(r);
    const bt = train({ ...r, algorithm: { ...r.algorithm, kind: 'gd-backtracking' } });
    expectArraysClose(bt.W, gd.W, 0);
    expectArraysClose(bt.a, gd.a, 0);
  });
});

describe('referenceTrainer: stopping, divergence, trace', () => {
  it('stops as soon as the training loss is below stopAtLoss', () => {
    const r = request({ network: { activation: 'tanh' }, algorithm: { steps: 1000, lr: 0.2 } });
    const free = train(r);
    const target = free.trace.loss[200];
    const out = train({ ...r, algorithm: { ...r.algorithm, stopAtLoss: target * 1.0000001 } });
    expect(out.steps).toBe(200);
    expect(out.trace.loss.at(-1)).toBe(target);
    expect(out.trace.loss.at(-2)!).toBeGreaterThanOrEqual(target * 1.0000001);
    expect(out.diverged).toBeUndefined();
    // Already below at the start: no step.
    const none = train({ ...r, algorithm: { ...r.algorithm, stopAtLoss: Infinity } });
    expect(none.steps).toBe(0);
    expect(none.trace.step).toEqual([0]);
    expect(none.W).toEqual(r.network.W);
  });

  it('sgd checks stopAtLoss every step on the full loss', () => {
    const r = request({ algorithm: { kind: 'sgd', batchSize: 2, steps: 500, lr: 0.05, traceEvery: 1000 } });
    const free = train({ ...r, algorithm: { ...r.algorithm, traceEvery: 1 } });
    const target = free.trace.loss[37];
    const out = train({ ...r, algorithm: { ...r.algorithm, stopAtLoss: target * 1.0000001 } });
    // The same seed walks the same path: it stops at the first step whose full loss is below the target.
    const first = free.trace.loss.findIndex((L) => L < target * 1.0000001);
    expect(first).toBeLessThanOrEqual(37);
    expect(out.steps).toBe(first);
    expect(out.trace.step).toEqual([0, first]);
    expect(out.trace.loss.at(-1)).toBe(free.trace.loss[first]);
  });

  for (const kind of ['gd', 'sgd'] as const) {
    it(`${kind}: detects divergence with a huge learning rate`, () => {
      const r = request({ network: { activation: 'quadratic', outputScaling: 'none' }, algorithm: { kind, batchSize: 3, lr: 50, steps: 1000 } });
      const out = train(r);
      expect(out.diverged).toBeDefined();
      const { step, loss } = out.diverged!;
      expect(out.steps).toBe(step);
      expect(step).toBeGreaterThan(0);
      expect(!Number.isFinite(loss) || loss > 1e6 * out.trace.loss[0]).toBe(true);
      expect(out.trace.step.at(-1)).toBe(step);
      expect(Object.is(out.trace.loss.at(-1), loss)).toBe(true);
    });
  }

  it('records every traceEvery steps and always the final loss', () => {
    const out = train(request({ algorithm: { steps: 10, traceEvery: 3 } }));
    expect(out.trace.step).toEqual([0, 3, 6, 9, 10]);
    expect(train(request({ algorithm: { steps: 9, traceEvery: 3 } })).trace.step).toEqual([0, 3, 6, 9]);
    expect(train(request({ algorithm: { steps: 4 } })).trace.step).toEqual([0, 1, 2, 3, 4]);
    const zero = train(request({ algorithm: { steps: 0 } }));
    expect(zero.steps).toBe(0);
    expect(zero.trace.step).toEqual([0]);
  });

  it('the trace matches the loss of the returned weights', () => {
    for (const kind of ['gd', 'sgd', 'gd-backtracking'] as const) {
      const r = request({ loss: { kind: 'logistic', reduction: 'sum' }, algorithm: { kind, batchSize: 5 } });
      const y = Float64Array.from(r.data.y, Math.sign);
      const rr = { ...r, data: { ...r.data, y } };
      const out = train(rr);
      expectClose(out.trace.loss.at(-1)!, fullLoss(rr, out.W, out.a), 1e-14, kind);
    }
  });
});

describe('referenceTrainer: contract', () => {
  it('does not mutate the request arrays', () => {
    for (const kind of ['gd', 'sgd', 'gd-backtracking'] as const)
      for (const constraint of [undefined, { kind: 'unit-rows' as const }, { kind: 'norm-only' as const }]) {
        const r = request({ algorithm: { kind, batchSize: 5 }, constraint });
        const before = [r.network.W, r.network.a, r.data.X, r.data.y].map((v) => v.slice());
        const out = train(r);
        expect([r.network.W, r.network.a, r.data.X, r.data.y]).toEqual(before);
        expect(out.W).not.toBe(r.network.W);
        expect(out.a).not.toBe(r.network.a);
      }
  });

  it('gives the same result for the same seed and a different sgd path for another seed', () => {
    const r = request({ algorithm: { kind: 'sgd', batchSize: 3, steps: 25 } });
    expect(train(r)).toEqual(train({ ...r }));
    expect(train({ ...r, seed: 2 }).W).not.toEqual(train(r).W);
  });

  it('supports every kind the types name and nothing else', () => {
    expect(referenceTrainer.name).toBe('reference');
    expect(referenceTrainer.supports(request())).toBe(true);
    expect(referenceTrainer.supports(request({ algorithm: { kind: 'gd-backtracking' }, constraint: { kind: 'norm-only' } }))).toBe(true);
    const bad = (patch: (r: TrainRequest) => void) => {
      const r = request();
      patch(r);
      return referenceTrainer.supports(r);
    };
    expect(bad((r) => ((r.algorithm as { kind: string }).kind = 'adam'))).toBe(false);
    expect(bad((r) => ((r.network as { activation: string }).activation = 'gelu'))).toBe(false);
    expect(bad((r) => ((r.network as { outputScaling: string }).outputScaling = 'inv-m2'))).toBe(false);
    expect(bad((r) => ((r.loss as { kind: string }).kind = 'hinge'))).toBe(false);
    expect(bad((r) => ((r.loss as { reduction: string }).reduction = 'max'))).toBe(false);
    expect(bad((r) => (r.constraint = { kind: 'sphere' } as never))).toBe(false);
  });

  it('throws an InputError naming the field for an invalid request', () => {
    const r = request();
    const bad = { ...r, algorithm: { ...r.algorithm, lr: -1 } };
    expect(() => trainReference(bad)).toThrow(InputError);
    expect(() => trainReference(bad)).toThrow(/algorithm\.lr/);
  });
});
