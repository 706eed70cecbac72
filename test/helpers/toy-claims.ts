// Small claims with known pass probabilities, used to test the harness without any training.
import fc from 'fast-check';
import type { Claim } from '../../src/contract/claim';
import { stream } from '../../src/core/rng';

/** Passes with probability p (from the instance's data seed): the rate is known exactly. */
export const coinClaim: Claim<{ seed: number; k: number }> = {
  id: 'toy.coin',
  paper: 'none',
  statement: 'a coin with probability p of passing',
  runs: 200,
  defaults: { p: 0.5, kMax: 10 },
  ladders: {
    small: [
      { params: { p: 0.97, kMax: 10 }, expected: { outcome: 'holds' } },
      { params: { p: 0.03, kMax: 10 }, expected: { outcome: 'fails' } },
    ],
    default: [{ params: { p: 0.5, kMax: 10 }, expected: { outcome: 'observe' } }],
    large: [],
  },
  expect: (p) => (p.p >= 0.5 ? { outcome: 'holds' } : { outcome: 'fails' }),
  instance: (p) => fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), k: fc.integer({ min: 0, max: p.kMax }) }),
  check: (inst, ctx) => {
    const u = stream(inst.seed).uniform();
    return { pass: u < ctx.params.p, observables: { u, k: inst.k } };
  },
};

/** Fails exactly when k ≥ threshold: shrinking must land on k = threshold with data seed 0. */
export const thresholdClaim: Claim<{ seed: number; k: number }> = {
  id: 'toy.threshold',
  paper: 'none',
  statement: 'k stays below a threshold',
  runs: 50,
  defaults: { threshold: 7, kMax: 100 },
  ladders: { small: [{ params: { threshold: 7, kMax: 100 }, expected: { outcome: 'holds' } }], default: [], large: [] },
  expect: () => ({ outcome: 'holds' }),
  instance: (p) => fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), k: fc.integer({ min: 0, max: p.kMax }) }),
  check: (inst, ctx) => ({ pass: inst.k < ctx.params.threshold, observables: { k: inst.k } }),
  space: (p) => fc.record({ threshold: fc.constant(p.threshold), kMax: fc.integer({ min: 1, max: p.kMax }) }),
};

/** Fails exactly when offset < 0, whatever the data: like "recovery holds for N ≥ N* − 1". */
export const offsetClaim: Claim<{ seed: number }> = {
  id: 'toy.offset',
  paper: 'none',
  statement: 'holds for offset ≥ 0',
  runs: 10,
  defaults: { d: 5, offset: 0, minOffset: 0 },
  ladders: { small: [], default: [], large: [] },
  expect: (p) => (p.offset >= 0 ? { outcome: 'holds', pHold: 1 } : { outcome: 'fails', pFail: 0 }),
  instance: () => fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }),
  check: (inst, ctx) => ({ pass: ctx.params.offset >= 0, observables: { u: stream(inst.seed).uniform() } }),
  space: (p) => fc.record({ d: fc.integer({ min: 2, max: 8 }), offset: fc.integer({ min: p.minOffset, max: 20 }), minOffset: fc.constant(p.minOffset) }),
};
