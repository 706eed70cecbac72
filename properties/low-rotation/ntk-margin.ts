// Telgarsky 2023: margins of low-rotation two-layer ReLU networks (CLAIMS.md, section T).
// low-rotation.ntk-margin (T2): gradient flow attains the NTK margin with a constant that does not shrink in m.
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { ntkMargin } from '../../src/core/model/ntk';
import { stream } from '../../src/core/rng';
import { FLAG, integers, intParam } from '../shared/params';
import { ETA, flag, isCheck, PAPER, parityInstance, T2_LOSS, TITLE, twoWidths, type ParityInstance } from './family';

// ------------------------------------------------------------------------------------------------
// T2 gradient flow reaches the NTK margin, with a constant that does not shrink in m.

/** CLAIMS T2: the constant c = √m·γ̄/γ_ntk at 4m must keep ≥ 0.8 of its value at m. */
const T2_KEEP = 0.8;
const NTK_K = 1024;
const NTK_RESAMPLES = 3;
/**
 * The control ("the same check without the √m", CLAIMS T2) separates only once γ̄'s 1/√m shrinkage outweighs the
 * finite-width growth of c between m and 4m (c grows 1.47× at d = 8, 1.27× at d = 12), so it is gated from d = 10.
 * Calibration (harness, reference trainer, rate-mode seed 1, m = d² vs 4d², n = d²; g = γ̄(4m)/γ̄(m), the control
 * passes when g ≥ 0.8; the holds side is c(4m) ≥ 0.8·c(m), i.e. g ≥ 0.4):
 *   d     trials   holds side   control    g median [q10, q90]    max g
 *   6       30     30/30        26/30      0.84 [0.77, 0.90]      1.06
 *   8      100    100/100       13/100     0.74 [0.68, 0.81]      0.90   (CLAIMS: 0.10; Wilson [0.08, 0.21])
 *   10      30     30/30         0/30      0.69 [0.63, 0.72]      0.77
 *   12      30     30/30         0/30      0.65 [0.61, 0.68]      0.69   (CLAIMS: 0.00)
 * At d ≤ 8 the control's rate sits on or above the 0.1 target, so there it is observed, not gated.
 */
const T2_CONTROL_FROM_D = 10;

function t2Expect(p: Params): Expectation {
  const d = intParam(p, 'd', 3);
  if (flag(p, 'control')) {
    if (d < T2_CONTROL_FROM_D) return { outcome: 'observe', why: `without √m at d < ${T2_CONTROL_FROM_D}: 13/100 at d = 8, 26/30 at d = 6 (the finite-width growth of c offsets γ̄'s 1/√m)` };
    return { outcome: 'fails', why: 'without √m, γ̄ itself shrinks like 1/√m: 0/30 at d = 10 and 12 (CLAIMS T2: 0.00 at d = 12)' };
  }
  if (d > 12) return { outcome: 'observe', why: 'CLAIMS T2 is calibrated at d = 8 and 12 only (γ_ntk = 0.042 at d = 16)' };
  return { outcome: 'holds', why: 'CLAIMS T2: 1.00 at d = 8 and 12 (medians 6.7 → 10.1 and 11.3 → 14.4)' };
}

function t2Rung(d: number, m: number, control: number, runs: number): Rung {
  const params = { d, m, control };
  return { name: `d=${d}, m=${m} vs ${4 * m}${control ? ', control: no √m' : ''}`, params, expected: t2Expect(params), runs };
}

export const ntkMarginConstant: Claim<ParityInstance> = {
  id: 'low-rotation.ntk-margin',
  paper: PAPER,
  statement: 'Gradient flow attains at least the NTK margin: √m·γ̄ ≥ c·γ_ntk with a constant c that does not shrink when m grows (compared at m and 4m on the same data).',
  source: `${TITLE}: GF attains the NTK margin near initialisation (escape from bad KKT points)`,
  runs: 5,
  defaults: { d: 8, m: 64, control: 0 },
  domain: {
    d: integers(3, 16, 'd ≤ 16: GD at widths m and 4m on n = d² samples, 13 s a trial at d = 16, m = 256 (CLAIMS T2: d = 8, 12)'),
    m: integers(1, 576, 'm ≤ 576: the second run is 4m wide, 7 s a trial at d = 12, m = 576'),
    control: FLAG,
  },
  ladders: {
    small: [t2Rung(8, 64, 0, 2), t2Rung(10, 100, 1, 2)],
    // The control where CLAIMS puts it and it separates (d = 12); d = 8's control is observed (see T2_CONTROL_FROM_D).
    default: [t2Rung(8, 64, 0, 20), t2Rung(12, 144, 1, 20)],
    large: [
      t2Rung(8, 64, 0, 30), t2Rung(8, 64, 1, 30), t2Rung(10, 100, 1, 20), t2Rung(12, 144, 0, 20), t2Rung(12, 144, 1, 20), t2Rung(16, 256, 0, 2),
    ],
  },
  expect: t2Expect,
  instance(params) {
    const d = intParam(params, 'd', 3);
    return parityInstance(d, intParam(params, 'm', 1), d * d);
  },
  async check(inst, ctx) {
    const control = flag(ctx.params, 'control');
    const both = await twoWidths(ctx, inst, 'inv-sqrt-m', () => ETA, ['scaledMargin']);
    if (isCheck(both)) return both;
    const growth = both.large.scaledMargin / both.small.scaledMargin;
    const gammaBarGrowth = both.large.gammaBar / both.small.gammaBar;
    // CLAIMS T2, the control: γ̄(4m) ≥ 0.8·γ̄(m), the check without the √m (γ_ntk cancels from both sides).
    if (control) return { pass: gammaBarGrowth >= T2_KEEP, observables: { growth, gammaBarGrowth, halving: both.halving } };
    const { d, n } = inst;
    const ntk = ntkMargin(both.data.X, both.data.y, n, d, NTK_K, NTK_RESAMPLES, stream(inst.seed).child('ntk'));
    if (!ntk.converged || !(ntk.mean > 0)) return { pass: false, status: 'error', reason: `NTK margin not certified (mean ${ntk.mean}, gap ${ntk.gap})` };
    const ratioM = both.small.scaledMargin / ntk.mean;
    const ratio4M = both.large.scaledMargin / ntk.mean;
    // CLAIMS T2: c(4m) ≥ 0.8·c(m) with c = √m·γ̄/γ_ntk read at the first L < 1e−2.
    return {
      pass: ratio4M >= T2_KEEP * ratioM,
      observables: {
        ratioM, ratio4M, growth, gammaBarGrowth, gammaNtk: ntk.mean, gammaNtkSd: ntk.sd, ntkK: NTK_K, ntkGap: ntk.gap, halving: both.halving,
      },
    };
  },
  plot: { x: 'd', series: 'control', labels: { control: ['√m·γ̄ (the claim)', 'γ̄ without √m (control)'] } },
  reference(params) {
    const ref: Record<number, Record<string, number>> = {
      8: { ratioM: 6.7, ratio4M: 10.1, gammaNtk: 0.089 },
      12: { ratioM: 11.3, ratio4M: 14.4, gammaNtk: 0.058 },
      16: { gammaNtk: 0.042 },
    };
    return params.m === params.d * params.d ? ref[params.d] : undefined;
  },
  notes: [
    'Trend inside one trial: every trial trains the same data (n = d²) at m and at 4m and compares the two; the rung names the pair.',
    `γ̄ is read at the first step with loss < ${T2_LOSS}. γ_ntk: hard-margin SVM margin of K = ${NTK_K} sampled NTK features x ⊗ 1[v_k·x ≥ 0]/√K, the mean over ${NTK_RESAMPLES} independent draws (gammaNtkSd: their spread; ntkGap: the largest min-norm certificate gap).`,
    'Calibration (CLAIMS T2, numpy): γ_ntk medians 0.089 / 0.058 / 0.042 at d = 8 / 12 / 16 (the same for K = 256, 1024, 4096); c medians 6.7 → 10.1 (d = 8) and 11.3 → 14.4 (d = 12); control 0.10 / 0.00.',
    `Control (the check without √m): gated from d = ${T2_CONTROL_FROM_D}. Calibration (reference trainer, seed 1): control pass rate 26/30 at d = 6, 13/100 at d = 8 (CLAIMS 0.10), 0/30 at d = 10, 0/30 at d = 12 (CLAIMS 0.00); the holds side 1.00 at each. At d = 8 the rate sits on the 0.1 target (γ̄(4m)/γ̄(m): median 0.74, q90 0.81 against 0.8), so it is observed there; γ_ntk cancels from the control and is not computed for it.`,
  ],
};
