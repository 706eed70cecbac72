// reusing-batches.self-term (properties/reusing-batches/self-term.ts): the kit's tests, every small-ladder trial
// scored, the teacher's correlation and the step's exact mean, and the fresh-batch control's premise.
import { describe, expect, it } from 'vitest';
import { teacherLink } from '../../../properties/reusing-batches/family';
import { CORRELATION_NODES, selfTerm, stepPopulationPart, teacherCorrelation } from '../../../properties/reusing-batches/self-term';
import { gaussianExpectation, gaussHermite, hermite, splitGaussLegendre } from '../../../src/core/data/hermite';
import { rungName, type Rung } from '../../../src/contract/claim';
import { expectClose } from '../../helpers/close';
import { idleTrainer, describeClaim, everyTrialOk, rungRate } from '../../helpers/claim-kit';


describeClaim('reusing-batches', selfTerm, { perRung: everyTrialOk });

describe('teacherCorrelation', () => {
  it('E[y h_l] agrees with Stein\'s identity E[∂_l y] and with a 200-node Gauss–Hermite product rule', () => {
    const [c1, c2] = teacherCorrelation();
    const outer = splitGaussLegendre(CORRELATION_NODES.h1);
    const inner = splitGaussLegendre(CORRELATION_NODES.h2);
    const dtanh = (u: number) => 1 - Math.tanh(u) ** 2;
    // ∂y/∂h1 = tanh'(h1 + He3(h2)), ∂y/∂h2 = tanh'(·) He3'(h2) = tanh'(·) 3 He2(h2).
    const e = (g: (h1: number, h2: number) => number, ri = inner, ro = outer) =>
      gaussianExpectation((h1) => gaussianExpectation((h2) => g(h1, h2), ri), ro);
    expectClose(c1, e((h1, h2) => dtanh(h1 + hermite(3, h2))), 1e-12, 'c1 (Stein)');
    expectClose(c2, e((h1, h2) => dtanh(h1 + hermite(3, h2)) * 3 * hermite(2, h2)), 1e-12, 'c2 (Stein)');
    // Gauss–Hermite converges slowly on tanh of a cubic (measured 1e−4 at 120 nodes): a loose, independent check.
    const gh = gaussHermite(200);
    const h = new Float64Array(2);
    const ghc = (l: number) => e((h1, h2) => { h[0] = h1; h[1] = h2; return teacherLink(h) * h[l]; }, gh, gh);
    expect(Math.abs(c1 - ghc(0))).toBeLessThan(2e-4);
    expect(Math.abs(c2 - ghc(1))).toBeLessThan(2e-4);
    expect(c1).toBeCloseTo(0.35766, 5);
    expect(c2).toBeCloseTo(-0.29842, 5);
  });

  it('stepPopulationPart is η α |a| (c1² + c2²)/2', () => {
    const [c1, c2] = teacherCorrelation();
    expectClose(stepPopulationPart(4), 0.2 * 4 * Math.SQRT1_2 * (c1 * c1 + c2 * c2) / 2, 1e-15, 'step mean');
  });
});

describe('reusing-batches.self-term evaluates the trained network', () => {
  const idle = idleTrainer;
  /** A rung with fewer runs per trial: the idle trainer's outcome does not depend on the noise. */
  const light = (rung: Rung): Rung => ({ ...rung, params: { ...rung.params, seeds: 8 }, runs: 1 });
  const rungs = [...selfTerm.ladders.small, ...selfTerm.ladders.default];

  it('a trainer that takes no step fails every holds rung (no gap)', async () => {
    for (const rung of rungs.filter((r) => r.expected.outcome === 'holds')) {
      const { passes } = await rungRate(selfTerm, light(rung), { trainer: idle });
      expect(passes, rungName(rung)).toBe(0);
    }
  });

  it('a trainer that takes no step cannot agree with the control: its trials are not scored, and say why', async () => {
    for (const rung of rungs.filter((r) => r.expected.outcome === 'fails')) {
      const { outcomes } = await rungRate(selfTerm, light(rung), { trainer: idle });
      expect(outcomes[0].status, rungName(rung)).toBe('not-scored');
      expect(outcomes[0].reason).toMatch(/did not take the paper's step/);
    }
  });

  it('the control\'s premise holds for the reference trainer: its step has the exact mean', async () => {
    for (const rung of selfTerm.ladders.small) {
      const { outcomes } = await rungRate(selfTerm, { ...rung, runs: 1 });
      expect(outcomes[0].status).toBe('ok');
      expect(Math.abs(outcomes[0].observables.stepOverExpected - 1)).toBeLessThan(0.05);
    }
  });
});
