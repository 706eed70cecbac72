import { describe, expect, it } from 'vitest';
import { targetMoments } from '../../../properties/spectrum/family';
import { asymptoticError } from '../../../properties/spectrum/asymptotic-error';
import { beyondRandomFeatures } from '../../../properties/spectrum/beyond-random-features';
import { outlierGrows } from '../../../properties/spectrum/outlier-grows';
import { rankOneSpike } from '../../../properties/spectrum/rank-one-spike';
import { rungName } from '../../../src/contract/claim';
import { referenceTrainer } from '../../../src/core/train';
import type { Trainer, TrainRequest } from '../../../src/contract/trainer';
import { idleTrainer, rungRate } from '../../helpers/claim-kit';

const SPECTRUM = [rankOneSpike, beyondRandomFeatures, outlierGrows, asymptoticError];

describe('target moments', () => {
  it('reproduce the κ_t of CLAIMS S', () => {
    expect(targetMoments(0).kappa).toBeCloseTo(2.437, 2);
    expect(targetMoments(2).kappa).toBeCloseTo(19 / 16, 12);
    expect(targetMoments(3).kappa).toBeCloseTo(2, 12);
    expect(targetMoments(1).mu1).toBe(0);
    expect(targetMoments(1).kappa).toBe(Infinity);
  });
});

describe('the giant step goes through the plugged-in trainer, in the convention of CLAIMS S', () => {
  it('asks for one full-batch GD step on W with 1/√p scaling, a = ±1/√p and unit rows', async () => {
    const requests: TrainRequest[] = [];
    const recording: Trainer = { name: 'recording', supports: () => true, train: (r) => (requests.push(r), referenceTrainer.train(r)) };
    const rung = rankOneSpike.ladders.small[0];
    await rungRate(rankOneSpike, { ...rung, runs: 1 }, { trainer: recording });
    expect(requests).toHaveLength(1);
    const { network, algorithm, loss, data } = requests[0];
    expect(network).toMatchObject({ activation: 'relu', d: 32, m: 64, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: false });
    expect(algorithm).toMatchObject({ kind: 'gd', lr: 32, steps: 1 });
    expect(loss).toEqual({ kind: 'square', reduction: 'mean' });
    expect(data.n).toBe(16 * 32);
    for (const a of network.a) expect(Math.abs(Math.abs(a) - 1 / 8)).toBeLessThan(1e-15);
    for (let j = 0; j < 64; j++) {
      let r = 0;
      for (let k = 0; k < 32; k++) r += network.W[j * 32 + k] ** 2;
      expect(Math.abs(r - 1)).toBeLessThan(1e-14);
    }
  });

  it('judges the trained network: a trainer that leaves W0 unchanged fails every holds rung, and is not scored on the controls', async () => {
    // It reports the step it was asked for, so only the weights it returns can give it away.
    const frozen: Trainer = { ...idleTrainer, name: 'frozen', train: (r) => ({ W: r.network.W.slice(), a: r.network.a.slice(), steps: r.algorithm.steps, trace: { step: [0, r.algorithm.steps], loss: [1, 1] } }) };
    for (const claim of SPECTRUM) {
      for (const rung of claim.ladders.small) {
        const { outcomes, passes } = await rungRate(claim, { ...rung, runs: 3 }, { trainer: frozen });
        expect(passes, `${claim.id} ${rungName(rung)}`).toBe(0);
        // S2 at η = 0 asks for no step: ridge on W0, scored (and failing) as with any trainer.
        if (rung.params.etaOverD === 0) continue;
        for (const r of outcomes) {
          expect(r.status, `${claim.id} ${rungName(rung)}`).toBe(rung.expected.outcome === 'fails' ? 'not-scored' : 'ok');
          expect(r.pass).toBe(false);
          expect(r.reason).toMatch(/did not take the giant step/);
        }
      }
    }
  });

  it('reports a trainer that does not support the request as skipped', async () => {
    const none: Trainer = { name: 'none', supports: () => false, train: () => { throw new Error('unused'); } };
    const { outcomes } = await rungRate(rankOneSpike, { ...rankOneSpike.ladders.small[0], runs: 2 }, { trainer: none });
    expect(outcomes.every((r) => r.status === 'skipped')).toBe(true);
  });
});

describe('the width the step claims are calibrated at', () => {
  it('gates S2 and S3 at p = 2d only: off it, a step η moves each row ∝ η/p and the gates are observed', () => {
    const s2 = { d: 32, target: 0, etaOverD: 4, n0OverD: 4, nOverD: 16 };
    const s3 = { d: 32, n0OverD: 4, target: 0, etaMaxOverD: 2 };
    expect(beyondRandomFeatures.expect({ ...s2, p: 64 }).outcome).toBe('holds');
    expect(outlierGrows.expect({ ...s3, p: 64 }).outcome).toBe('holds');
    for (const p of [32, 128]) {
      expect(beyondRandomFeatures.expect({ ...s2, p }).outcome, `p = ${p}`).toBe('observe');
      expect(beyondRandomFeatures.expect({ ...s2, etaOverD: 0, p }).outcome, `p = ${p}`).toBe('observe');
      expect(outlierGrows.expect({ ...s3, p }).outcome, `p = ${p}`).toBe('observe');
    }
  });
});
