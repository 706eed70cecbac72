import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Claim, Rung } from '../../src/contract/claim';
import { InputError } from '../../src/contract/errors';
import { referenceTrainer } from '../../src/core/train/reference';
import { stream } from '../../src/core/rng';
import { falsifyLadder, holdsRungsBySize } from '../../src/runner/falsify-ladder';

/**
 * Holds where d < breaksAt with probability p (the data seed decides), fails from breaksAt on; its holds rungs are
 * listed largest first so the search must order them. k only shrinks.
 */
function sizedClaim(breaksAt: number, p = 1): Claim<{ seed: number; k: number }> {
  const holds = { outcome: 'holds' as const, pHold: p === 1 ? 1 : 0.8 };
  const ladder: Rung[] = [...[6, 4, 3, 5].map((d) => ({ params: { d }, expected: holds })), { params: { d: 1 }, expected: { outcome: 'fails', pFail: 0 } }];
  return {
    id: 'toy.sized', paper: 'none', statement: 'holds below a size', runs: 40, defaults: { d: 2 },
    ladders: {
      small: [],
      default: ladder,
      large: [],
    },
    expect: () => holds,
    instance: () => fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), k: fc.integer({ min: 0, max: 50 }) }),
    check: (inst, ctx) => ({ pass: ctx.params.d < breaksAt && stream(inst.seed).uniform() < p, observables: { k: inst.k } }),
  };
}
const options = { seed: 1, trainer: referenceTrainer, scale: 'default' as const };

describe('falsify over the rungs', () => {
  it('orders the holds rungs smallest first and leaves the others out', async () => {
    expect(holdsRungsBySize(sizedClaim(9), 'default').map((r) => r.params.d)).toEqual([3, 4, 5, 6]);
    await expect(falsifyLadder(sizedClaim(9), { ...options, scale: 'small' })).rejects.toThrow(InputError);
  });

  it('stops at the smallest rung that disagrees and shrinks its first failing trial', async () => {
    const { tried, found } = await falsifyLadder(sizedClaim(5), options);
    expect(tried.map((r) => r.verdict)).toEqual(['agrees', 'agrees', 'disagrees']);
    expect(found?.scale.params).toEqual({ d: 5 });
    expect(found?.counterexample).toMatchObject({ params: { d: 5 }, instance: { k: 0, seed: 0 } });
  });

  it('takes a claim that holds at a rate to be falsified by its rate, not by one failing instance', async () => {
    const { tried, found } = await falsifyLadder(sizedClaim(9, 0.97), options);
    expect(found).toBeUndefined();
    expect(tried).toHaveLength(4);
    // Some instances fail, as the rate allows.
    expect(tried.some((r) => r.passes < r.runs)).toBe(true);
  });
});
