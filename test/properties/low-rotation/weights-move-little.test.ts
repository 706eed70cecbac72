// low-rotation.weights-move-little (properties/low-rotation/weights-move-little.ts): the kit's tests, every
// small-ladder trial scored through the fidelity rule, the mean-field control, and trainers it must catch.
import { describe, expect, it } from 'vitest';
import { weightsMoveLittle } from '../../../properties/low-rotation/weights-move-little';
import { type Rung } from '../../../src/contract/claim';
import type { Trainer } from '../../../src/contract/trainer';
import { rateVerdict } from '../../../src/core/verdict/verdict';
import outputScaleInvM from '../../fixtures/broken-trainers/output-scale-inv-m';
import { faithfulTrials } from './faithful';
import { describeClaim, rungRate } from '../../helpers/claim-kit';


const holds = weightsMoveLittle.ladders.small.find((r) => r.expected.outcome === 'holds') as Rung;

describeClaim('low-rotation', weightsMoveLittle, { perRung: faithfulTrials });

describe('low-rotation.weights-move-little: ladders, controls and trainers', () => {

  it('T4: the mean-field 1/m network fails', () => {
    expect(weightsMoveLittle.expect({ d: 8, m: 64, meanField: 1 }).outcome).toBe('fails');
  });

  it('a trainer that scales the output by 1/m where 1/√m was asked is caught', async () => {
    // Its r(4m)/r(m) is measured on the weights it returns and exceeds 1.5 in most scored trials (the reference: ≤ 1.2).
    const rung = { ...holds, runs: 10 };
    const { outcomes, passes, scored } = await rungRate(weightsMoveLittle, rung, { trainer: outputScaleInvM });
    expect(scored).toBeGreaterThanOrEqual(5);
    expect(rateVerdict(rung.expected, passes, scored)).toBe('disagrees');
    for (const o of outcomes) if (o.status !== 'ok') expect(o.reason).toMatch(/not gradient flow/);
  });

  it('a trainer that does not support the request is reported as skipped', async () => {
    const none: Trainer = { name: 'none', supports: () => false, train: () => { throw new Error('must not train'); } };
    const { outcomes } = await rungRate(weightsMoveLittle, { ...holds, runs: 1 }, { trainer: none });
    expect(outcomes[0].status).toBe('skipped');
  });
});
