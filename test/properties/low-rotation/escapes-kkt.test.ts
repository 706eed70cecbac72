// low-rotation.escapes-kkt (properties/low-rotation/escapes-kkt.ts): the kit's tests with every small-ladder trial
// scored through the fidelity rule, the bad KKT point certified and bad on drawn data, the gates, and the escape
// seen on one start: below γ_ntk at the fit, above it at the end.
import { describe, expect, it } from 'vitest';
import { badKktPoint, decoyParityData, escapesBadKkt, type KktInstance } from '../../../properties/low-rotation/escapes-kkt';
import { drawNetwork } from '../../../properties/low-rotation/family';
import { frobenius } from '../../../src/core/linalg/dense';
import { kktCertificate } from '../../../src/core/model/kkt';
import { architecture } from '../../../src/core/model/network';
import { ntkMargin } from '../../../src/core/model/ntk';
import { stream } from '../../../src/core/rng';
import { referenceTrainer } from '../../../src/core/train/reference';
import { describeClaim } from '../../helpers/claim-kit';
import { faithfulTrials } from './faithful';

describeClaim('low-rotation', escapesBadKkt, { perRung: faithfulTrials });

describe('low-rotation.escapes-kkt: the bad KKT point, the gates and the escape', () => {
  it('the decoy point is a KKT point on drawn data, its margin is below γ_ntk, and G + B starts within 4° of it (3.6° at d = 6, less as d grows)', () => {
    for (const [d, seed] of [[6, 1], [8, 2], [12, 3]]) {
      const n = d * d;
      const m = d * d;
      const delta = 0.2 / d;
      const s = stream(seed);
      const { X, y, D } = decoyParityData(s.child('data'), n, d, delta);
      const { W0: G, a } = drawNetwork(s.child('init'), m, D);
      const bad = badKktPoint(a, y, m, D, delta);
      if (typeof bad === 'string') throw new Error(bad);
      const net = architecture({ activation: 'relu', d: D, m, outputScaling: 'inv-sqrt-m' });
      const kkt = kktCertificate(net, bad.B, a, X, y, n, bad.lambda);
      expect(kkt.residual).toBeLessThan(4 * n * Number.EPSILON);
      expect(kkt.minMargin).toBeCloseTo(1, 12);
      const badMargin = (Math.sqrt(m) * kkt.minMargin) / frobenius(bad.B);
      expect(badMargin).toBeCloseTo(delta / Math.SQRT2, 12);
      const ntk = ntkMargin(X, y, n, D, 1024, 1, s.child('ntk'));
      expect(badMargin / ntk.mean, `d = ${d}`).toBeLessThan(0.5);
      // ‖G‖/‖B‖ bounds the sine of the angle between G + B and B.
      expect(frobenius(G) / frobenius(bad.B), `d = ${d}`).toBeLessThan(Math.sin((4 * Math.PI) / 180));
    }
  });

  it('gates the end reading for t ≤ 4 (holds) and the fit reading from t = 2 (fails); observes the rest', () => {
    for (const d of [8, 12]) {
      for (const t of [0, 1, 4]) expect(escapesBadKkt.expect({ d, t, control: 0 }).outcome).toBe('holds');
      for (const t of [2, 4, 16]) expect(escapesBadKkt.expect({ d, t, control: 1 }).outcome).toBe('fails');
      expect(escapesBadKkt.expect({ d, t: 16, control: 0 }).outcome).toBe('observe');
      // At t = 1 the fit reading nears γ_ntk as d grows (0.54 → 0.86 from d = 6 to 16).
      expect(escapesBadKkt.expect({ d, t: 1, control: 1 }).outcome).toBe('observe');
    }
    expect(() => escapesBadKkt.expect({ d: 8, t: -1 })).toThrow(/params\.t/);
  });

  it('one start near the bad point: below γ_ntk at the fit and above it at the end; from a standard start, above already at the fit', async () => {
    const ratio = async (t: number, control: number) => {
      const inst: KktInstance = { d: 6, m: 36, n: 36, seed: 11, t, control };
      const out = await escapesBadKkt.check(inst, { trainer: referenceTrainer, params: { d: 6, t, control } });
      expect(out.status ?? 'ok', out.reason).toBe('ok');
      return out.observables!.ratio;
    };
    expect(await ratio(4, 1)).toBeLessThan(1);
    expect(await ratio(4, 0)).toBeGreaterThanOrEqual(1);
    // The control fails because of where the run starts: without the bad point, the fit is already past γ_ntk.
    expect(await ratio(0, 1)).toBeGreaterThanOrEqual(1);
  });
});
