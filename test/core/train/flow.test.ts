import { describe, expect, it } from 'vitest';
import { hypercubeInputs } from '../../../src/core/data/hypercube';
import { coordinateDirections, sparseParity } from '../../../src/core/data/targets';
import { stream } from '../../../src/core/rng';
import { architecture, predict } from '../../../src/core/model/network';
import { normOnlyFeatures } from '../../../src/core/model/ntk';
import { flow, flowStep, NORMALISE_BELOW, relativeChange, type FlowOptions } from '../../../src/core/train/flow';
import { referenceTrainer } from '../../../src/core/train/reference';
import type { TrainRequest, Trainer } from '../../../src/contract/trainer';
import { expectArraysClose, expectClose } from '../../helpers/close';

function problem(seed: number, d = 5, m = 12, n = 16): Omit<TrainRequest, 'algorithm'> {
  const s = stream(seed);
  const X = hypercubeInputs(s.child('x'), n, d);
  const y = sparseParity(X, n, d, coordinateDirections(2, d), 2);
  const sa = s.child('a');
  const a = Float64Array.from({ length: m }, () => (sa.uniform() < 0.5 ? -1 : 1));
  return {
    network: { activation: 'relu', d, m, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: false, W: s.child('W').normals(m * d), a },
    data: { n, X, y },
    loss: { kind: 'logistic', reduction: 'mean' },
    seed: seed,
  };
}

/** Records every request it serves, then trains with the reference trainer. */
function spy(): Trainer & { requests: TrainRequest[] } {
  const requests: TrainRequest[] = [];
  return { name: 'spy', requests, supports: () => true, train: (r) => (requests.push(r), referenceTrainer.train(r)) };
}

describe('flow: GD in segments continues exactly', () => {
  it('with a constant step, 7 segments of 5 steps are one call of 35 steps, time = η·steps', async () => {
    const p = problem(1);
    const options: FlowOptions = { eta: 2, normalised: false, segment: 5, maxSteps: 35 };
    const segmented = await flow(referenceTrainer, p, options);
    const single = await referenceTrainer.train({ ...p, algorithm: { kind: 'gd', lr: 2, steps: 35 } });
    expect(segmented.steps).toBe(35);
    expect(segmented.segments).toBe(7);
    expect(segmented.stop).toBe('steps');
    expectClose(segmented.time, 70, 1e-15);
    expectArraysClose(segmented.W, single.W, 0);
  });

  it('stops at the first step below stopAtLoss, as the trainer alone does', async () => {
    const p = problem(2);
    const target = 0.2;
    const segmented = await flow(referenceTrainer, p, { eta: 1, normalised: false, segment: 7, stopAtLoss: target, maxSteps: 5000 });
    const single = await referenceTrainer.train({ ...p, algorithm: { kind: 'gd', lr: 1, steps: 5000, stopAtLoss: target } });
    expect(segmented.stop).toBe('loss');
    expect(segmented.steps).toBe(single.steps);
    expect(segmented.loss).toBeLessThan(target);
    expectArraysClose(segmented.W, single.W, 0);
  });

  it('lands on maxTime by shortening the last segment', async () => {
    const p = problem(3);
    const result = await flow(referenceTrainer, p, { eta: 3, segment: 10, maxTime: 100, maxSteps: 10_000 });
    expect(result.stop).toBe('time');
    expectClose(result.time, 100, 1e-13);
  });
});

describe('flow: the step follows the loss', () => {
  it('is η above L₀ = ¼ and η·L₀/L below (the time-rescaled flow)', () => {
    expect(flowStep(4, 0.7)).toBe(4);
    expect(flowStep(4, NORMALISE_BELOW)).toBe(4);
    expectClose(flowStep(4, 0.01), 100, 1e-15);
    expect(flowStep(4, 0.01, false)).toBe(4);
  });

  it('sets each segment’s lr from the loss at its start, and the time is Σ lr·steps', async () => {
    const p = problem(4);
    const trainer = spy();
    const losses: number[] = [];
    const result = await flow(trainer, p, { eta: 4, segment: 6, stopAtLoss: 1e-3, maxSteps: 3000, observe: (st) => void losses.push(st.loss) });
    expect(result.stop).toBe('loss');
    let time = 0;
    trainer.requests.forEach((r, k) => {
      expectClose(r.algorithm.lr, flowStep(4, losses[k]), 1e-15);
      expect(r.algorithm.kind).toBe('gd');
      expect(r.algorithm.stopAtLoss).toBe(1e-3);
      time += r.algorithm.lr * Math.min(r.algorithm.steps, result.steps - 6 * k);
    });
    expectClose(result.time, time, 1e-12);
    // The rescaled steps grew well past η once the loss fell below ¼.
    expect(Math.max(...trainer.requests.map((r) => r.algorithm.lr))).toBeGreaterThan(100);
  });

  it('runs minibatch SGD with a fresh seed per segment', async () => {
    const p = problem(5);
    const trainer = spy();
    await flow(trainer, p, { eta: 1, segment: 4, batchSize: 4, maxSteps: 12 });
    expect(trainer.requests.map((r) => r.algorithm.kind)).toEqual(['sgd', 'sgd', 'sgd']);
    expect(new Set(trainer.requests.map((r) => r.seed)).size).toBe(3);
  });
});

describe('flow: norm-only training (w_j = r_j u_j, u_j fixed, r_j ≥ 0)', () => {
  /** Projected GD on r by hand: f = ⟨r, φ₊(x)⟩, ∂L/∂r_j = (1/n) Σ_i ℓ'(y_i f_i) y_i φ₊_j(x_i), r ← max(0, r − η ∂L/∂r). */
  function projectedGd(p: Omit<TrainRequest, 'algorithm'>, eta: number, steps: number): Float64Array {
    const { d, m, W, a } = p.network;
    const { n, X, y } = p.data;
    const U = new Float64Array(m * d);
    const r = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      r[j] = Math.hypot(...W.subarray(j * d, (j + 1) * d));
      for (let k = 0; k < d; k++) U[j * d + k] = W[j * d + k] / r[j];
    }
    const P = normOnlyFeatures(X, y, n, d, U, a, m, 1 / Math.sqrt(m));
    for (let t = 0; t < steps; t++) {
      const g = new Float64Array(m);
      for (let i = 0; i < n; i++) {
        let margin = 0;
        for (let j = 0; j < m; j++) margin += r[j] * P[i * m + j];
        // ℓ(t) = log(1 + e^{−t}): ℓ'(t) = −1/(1 + e^{t}).
        const w = -1 / (1 + Math.exp(margin));
        for (let j = 0; j < m; j++) g[j] += (w * P[i * m + j]) / n;
      }
      for (let j = 0; j < m; j++) r[j] = Math.max(0, r[j] - eta * g[j]);
    }
    const out = new Float64Array(m * d);
    for (let j = 0; j < m; j++) for (let k = 0; k < d; k++) out[j * d + k] = r[j] * U[j * d + k];
    return out;
  }

  it('one step per segment is projected GD on r, with ∂f/∂r_j = a_j relu(u_j·x)/√m also at r_j = 0', async () => {
    const p = { ...problem(6, 4, 24, 16), constraint: { kind: 'norm-only' as const } };
    const steps = 300;
    const segmented = await flow(referenceTrainer, p, { eta: 8, normalised: false, segment: 1, maxSteps: steps });
    const byHand = projectedGd(p, 8, steps);
    const { m, d } = p.network;
    let zeros = 0;
    for (let j = 0; j < m; j++) if (byHand.subarray(j * d, (j + 1) * d).every((v) => v === 0)) zeros++;
    expect(zeros).toBeGreaterThan(0);
    expectArraysClose(segmented.W, byHand, 1e-10);
  });

  it('longer segments keep every row on its initial direction with r_j ≥ 0', async () => {
    const p = { ...problem(7, 4, 24, 16), constraint: { kind: 'norm-only' as const } };
    const result = await flow(referenceTrainer, p, { eta: 8, segment: 10, maxSteps: 200 });
    const { m, d, W } = p.network;
    for (let j = 0; j < m; j++) {
      const w = result.W.subarray(j * d, (j + 1) * d);
      const w0 = W.subarray(j * d, (j + 1) * d);
      const dot = w.reduce((acc, v, k) => acc + v * w0[k], 0);
      const norm = Math.hypot(...w);
      if (norm === 0) continue;
      expectClose(dot / (norm * Math.hypot(...w0)), 1, 8 * d * Number.EPSILON);
    }
  });
});

describe('flow: runs that cannot continue', () => {
  it('reports an unsupported request before training', async () => {
    const none: Trainer = { name: 'none', supports: () => false, train: () => { throw new Error('must not train'); } };
    const result = await flow(none, problem(7), { eta: 1, segment: 5, maxSteps: 10 });
    expect(result.stop).toBe('unsupported');
    expect(result.steps).toBe(0);
  });

  it('stops when the trainer reports divergence', async () => {
    const p = problem(8);
    const result = await flow(referenceTrainer, { ...p, loss: { kind: 'square' }, network: { ...p.network, outputScaling: 'none' } }, { eta: 1e6, normalised: false, segment: 5, maxSteps: 100 });
    expect(result.stop).toBe('diverged');
    expect(result.diverged).toBeDefined();
  });

  it('reports the step of a divergence counted from the start of the run, not of its segment', async () => {
    // Three quiet segments of 5 steps, then a trainer that diverges at step 2 of the fourth.
    let calls = 0;
    const late: Trainer = {
      name: 'late',
      supports: () => true,
      train: (r) => {
        calls++;
        const steps = r.algorithm.steps;
        return calls < 4
          ? { W: r.network.W, a: r.network.a, steps, trace: { step: [0, steps], loss: [1, 1] } }
          : { W: r.network.W, a: r.network.a, steps: 2, trace: { step: [0, 2], loss: [1, 1e9] }, diverged: { step: 2, loss: 1e9 } };
      },
    };
    const result = await flow(late, problem(8), { eta: 1, normalised: false, segment: 5, maxSteps: 100 });
    expect(result.stop).toBe('diverged');
    expect(result.diverged).toEqual({ step: 17, loss: 1e9 });
  });

  it('stops when a trainer makes no progress (fewer steps than asked, loss target not met)', async () => {
    const lazy: Trainer = { name: 'lazy', supports: () => true, train: (r) => ({ W: r.network.W, a: r.network.a, steps: 0, trace: { step: [0], loss: [1] } }) };
    const result = await flow(lazy, problem(9), { eta: 1, segment: 5, stopAtLoss: 1e-3, maxSteps: 100 });
    expect(result.stop).toBe('short');
    expect(result.steps).toBe(0);
    // Its own loss (1) was not below the target: nothing to say about how it computes it.
    expect(result.trainerLoss).toBeUndefined();
  });

  it('names the loss of a trainer that stopped at its own loss target while the loss here is above it', async () => {
    // A trainer whose logistic loss rounds to 0 (log(1 + e^{−t}) with 1 + e^{−t} = 1) claims the target at once.
    const rounding: Trainer = { name: 'rounding', supports: () => true, train: (r) => ({ W: r.network.W, a: r.network.a, steps: 1, trace: { step: [0, 1], loss: [0.5, 0] } }) };
    const result = await flow(rounding, problem(9), { eta: 1, segment: 5, stopAtLoss: 1e-30, maxSteps: 100 });
    expect(result.stop).toBe('short');
    expect(result.trainerLoss).toBe(0);
    expect(result.loss).toBeGreaterThan(1e-30);
  });
});

describe('flow: a loss that underflows', () => {
  it('stops instead of dividing by a zero loss', async () => {
    const p = problem(10);
    const { d, m, W, a } = p.network;
    const { n, X } = p.data;
    // Labels from the network itself and weights ×1e5: every margin y f is above 745, e^{−y f} underflows.
    const f0 = predict(architecture({ activation: 'relu', d, m, outputScaling: 'inv-sqrt-m' }), W, a, X, n);
    const y = f0.map((v) => (v > 0 ? 1 : -1));
    const big = { ...p, data: { ...p.data, y }, network: { ...p.network, W: W.map((w) => 1e5 * w) } };
    expect(Math.min(...f0.map((v) => Math.abs(v))) * 1e5).toBeGreaterThan(746);
    const result = await flow(referenceTrainer, big, { eta: 1, segment: 5, maxSteps: 10 });
    expect(result.loss).toBe(0);
    expect(result.stop).toBe('underflow');
    expect(result.steps).toBe(0);
  });
});

describe('relativeChange', () => {
  it('is the largest relative change over the named keys', () => {
    const fine = { a: 2, b: 10, c: 1 };
    const coarse = { a: 2.1, b: 9, c: 100 };
    expectClose(relativeChange(fine, coarse, ['a', 'b']), 0.1, 1e-15);
  });
});
