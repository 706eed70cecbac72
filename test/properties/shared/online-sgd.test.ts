// Tests of properties/shared/online-sgd.ts: the initial overlap and the segmented first-crossing search.
import { describe, expect, it } from 'vitest';
import { learningRate } from '../../../properties/batch-size/family';
import { firstCrossing, gaussianSampler, onlineRequest, unitWithOverlap, type OnlineSetup } from '../../../properties/shared/online-sgd';
import { hermiteTarget, orthonormalDirections } from '../../../src/core/data/targets';
import { stream } from '../../../src/core/rng';
import { referenceTrainer } from '../../../src/core/train';
import type { TrainResult } from '../../../src/contract/trainer';
import { expectArraysClose, expectClose } from '../../helpers/close';

describe('online-sgd helpers', () => {
  it('unitWithOverlap gives a unit vector with ⟨w, θ⟩ = q to rounding', () => {
    const d = 32;
    const theta = orthonormalDirections(stream('t'), 1, d);
    const w = unitWithOverlap(stream('w'), theta, 1 / Math.sqrt(d));
    const dot = w.reduce((s, v, k) => s + v * theta[k], 0);
    const norm = Math.hypot(...w);
    expectClose(norm, 1, 4 * d * Number.EPSILON);
    expectClose(dot, 1 / Math.sqrt(d), 4 * d * Number.EPSILON);
  });

  it('firstCrossing in segments is the same run as one request carrying every sample', async () => {
    const d = 8;
    const theta = orthonormalDirections(stream('theta'), 1, d);
    const W0 = unitWithOverlap(stream('init'), theta, 1 / Math.sqrt(d));
    const sample = gaussianSampler(d, (X, n) => hermiteTarget(X, n, d, theta, 3));
    const setup: OnlineSetup = { activation: 'he3', d, p: 1, loss: 'correlation', gamma: learningRate(d, 2), nb: 2, rho: 0, unitRows: true };
    const T = 4000;
    const seg = await firstCrossing(referenceTrainer, setup, W0, theta, 0.5, T, 5, sample, stream('data'));
    if ('pass' in seg) throw new Error(seg.reason);
    expect(seg.tStar).toBeDefined();
    // One request with all T·n_b samples, drawn from an equal stream in one go.
    const { X, y } = sample(stream('data'), T * setup.nb);
    const one = referenceTrainer.train(onlineRequest(setup, W0, X, y, T, { probe: { direction: theta, stopAbove: 0.5 } })) as TrainResult;
    expect(one.steps).toBe(seg.tStar);
    expectArraysClose(seg.W, one.W, 1e-12);
  });
});
