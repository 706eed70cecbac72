import { describe, expect, it } from 'vitest';
import { trainedRecovery } from '../../../properties/quadratic/trained-recovery';
import { rungName } from '../../../src/contract/claim';
import { describeClaim, idleTrainer, rungRate } from '../../helpers/claim-kit';
import signFlip from '../../fixtures/broken-trainers/sign-flip-first-layer';

describeClaim('quadratic', trainedRecovery, {
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status !== 'error'), rate.outcomes.map((o) => o.reason).join('; ')).toBe(true),
});

describe('quadratic.trained-recovery in detail', () => {
  it('has a large ladder', () => {
    expect(trainedRecovery.ladders.large.length).toBeGreaterThan(0);
  });

  it('Q4b reads its threshold from the parameters (--at), an explicit N winning over the ratio', () => {
    expect(trainedRecovery.expect({ d: 3, NOverNstar: 2, N: 3 }).outcome).toBe('fails');
  });

  it('Q4b below N*/2: every fitted network misses the teacher', async () => {
    const control = trainedRecovery.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    const { outcomes, scored, passes } = await rungRate(trainedRecovery, control);
    expect(scored).toBeGreaterThan(0);
    expect(passes).toBe(0);
    for (const r of outcomes.filter((o) => o.status === 'ok')) expect(r.observables.testRisk).toBeGreaterThan(1e-2);
  });
});

describe('plugged-in trainers', () => {
  const identity = idleTrainer;


  it('Q4b: on the sample-side control a trainer that does not fit leaves every trial not scored, so it cannot agree', async () => {
    const control = trainedRecovery.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    const { outcomes, scored } = await rungRate(trainedRecovery, control, { trainer: identity, runs: 4 });
    expect(scored).toBe(0);
    for (const r of outcomes) expect(r.reason).toMatch(/start already near A\*|not fitted/);
  });

  it('Q4b: a trainer that climbs the gradient never fits, and every trial says so (never scored, never a pass)', async () => {
    for (const rung of trainedRecovery.ladders.small) {
      const { outcomes, scored, passes } = await rungRate(trainedRecovery, rung, { trainer: signFlip, runs: 3 });
      expect([scored, passes], rungName(rung)).toEqual([0, 0]);
      for (const r of outcomes) {
        expect(r.status).toBe('not-scored');
        expect(r.reason).toMatch(/^not fitted: the trainer left L_N\/mean y² = .* ≥ 1e-8/);
      }
    }
  });
});
