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

/** P(pass) = σ(4·(log n − log n0)), n0 = 2d: a transition whose place and exponent (1 in d) are known exactly. */
export const logisticClaim: Claim<{ seed: number }> = {
  id: 'toy.logistic',
  paper: 'none',
  statement: 'passes above n = 2d, with a logistic transition of slope 4 in log n',
  runs: 20,
  defaults: { d: 4, n: 8 },
  domain: { d: { min: 1, max: 1024, integer: true }, n: { min: 1, max: 4096 } },
  ladders: {
    small: [],
    default: [4, 16].flatMap((d) => [0.25, 4].map((r) => ({ params: { d, n: r * 2 * d }, expected: r < 1 ? { outcome: 'fails' as const } : { outcome: 'holds' as const } }))),
    large: [],
  },
  expect: (p) => (p.n >= 8 * p.d ? { outcome: 'holds' } : p.n <= p.d / 2 ? { outcome: 'fails' } : { outcome: 'observe' }),
  instance: () => fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }),
  check: (inst, ctx) => {
    const p = 1 / (1 + Math.exp(-4 * Math.log(ctx.params.n / (2 * ctx.params.d))));
    return { pass: stream(inst.seed).uniform() < p };
  },
  plot: { x: 'n', series: 'd', logX: true },
  transition: { x: 'n', by: 'd', exponent: 1, label: 'n = 2d' },
};
