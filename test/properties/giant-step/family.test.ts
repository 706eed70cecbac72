import { describe, expect, it } from 'vitest';
import { hardDirections } from '../../../properties/giant-step/hard-directions';
import { onlyOneDirection } from '../../../properties/giant-step/only-one-direction';
import { singleDirection } from '../../../properties/giant-step/single-direction';
import { specialization } from '../../../properties/giant-step/specialization';
import { staircaseSteps } from '../../../properties/giant-step/staircase';
import { rungName } from '../../../src/contract/claim';
import { referenceTrainer } from '../../../src/core/train';
import type { Trainer, TrainRequest } from '../../../src/contract/trainer';
import { idleTrainer, rungRate } from '../../helpers/claim-kit';
import { expectArraysClose, expectClose } from '../../helpers/close';

const GIANT_STEP = [singleDirection, onlyOneDirection, hardDirections, staircaseSteps, specialization];

describe('convention G: one giant step is one full-batch gd step on a fresh batch', () => {
  it('matches the hand-derived first step W1 = W0 − η ∇_W ½ mean (y − f)², f = (1/√p) Σ a_j relu(w_j·x)', async () => {
    // d = 2, p = 2, n = 2; neuron 1 is active on both samples, neuron 2 only on the second.
    const W0 = Float64Array.of(1, 0, -1, 1);
    const a = Float64Array.of(1 / Math.SQRT2, -1 / Math.SQRT2);
    const X = Float64Array.of(1, 0.5, 0.5, 2);
    const y = Float64Array.of(2, -1);
    const eta = 128;
    const s = 1 / Math.SQRT2;
    // Pre-activations: x1: (1, −1) → relu (1, 0); x2: (0.5, 1.5) → relu (0.5, 1.5).
    const f = [s * (a[0] * 1), s * (a[0] * 0.5 + a[1] * 1.5)];
    const r = [f[0] - y[0], f[1] - y[1]];
    // ∇_{w_j} = (1/n) Σ_i r_i s a_j 1{w_j·x_i > 0} x_i.
    const g1 = [0, 1].map((q) => (r[0] * s * a[0] * X[q] + r[1] * s * a[0] * X[2 + q]) / 2);
    const g2 = [0, 1].map((q) => (r[1] * s * a[1] * X[2 + q]) / 2);
    const expected = [W0[0] - eta * g1[0], W0[1] - eta * g1[1], W0[2] - eta * g2[0], W0[3] - eta * g2[1]];
    const request: TrainRequest = {
      network: { activation: 'relu', d: 2, m: 2, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: false, W: W0, a },
      data: { n: 2, X, y },
      loss: { kind: 'square', reduction: 'mean' },
      algorithm: { kind: 'gd', lr: eta, steps: 1 },
      seed: 0,
    };
    const result = await referenceTrainer.train(request);
    expectArraysClose(result.W, expected, 1e-13, 'W1');
    expectArraysClose(result.a, a, 0, 'a fixed');
    expectClose(result.trace.loss[0], ((f[0] - y[0]) ** 2 + (f[1] - y[1]) ** 2) / 4, 1e-14, 'loss before the step');
  });
});

describe('the checks evaluate the trained network', () => {
  for (const claim of GIANT_STEP) {
    it(`${claim.id}: a trainer that returns its initial weights fails every small rung, and is not scored on the controls`, async () => {
      for (const rung of claim.ladders.small) {
        const { outcomes, passes } = await rungRate(claim, { ...rung, runs: 2 }, { trainer: idleTrainer });
        expect(passes, rungName(rung)).toBe(0);
        for (const r of outcomes) {
          // A control would pass for want of a step: not scored there; elsewhere the claim fails.
          expect(r.status, rungName(rung)).toBe(rung.expected.outcome === 'fails' ? 'not-scored' : 'ok');
          expect(r.pass).toBe(false);
          expect(r.reason).toMatch(/did not take the giant step/);
          for (const v of Object.values(r.observables)) expect(Number.isFinite(v)).toBe(true);
        }
      }
    });
  }

  it('a trainer that does not support the request skips the trial', async () => {
    const rung = singleDirection.ladders.small[0];
    const none: Trainer = { name: 'none', supports: () => false, train: () => { throw new Error('unreachable'); } };
    const { outcomes } = await rungRate(singleDirection, { ...rung, runs: 1 }, { trainer: none });
    expect(outcomes[0].status).toBe('skipped');
  });
});
