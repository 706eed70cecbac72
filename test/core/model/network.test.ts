import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sigma } from '../../../src/core/model/activations';
import { ACTIVATIONS } from '../../../src/contract/values';
import { lossValue } from '../../../src/core/model/loss';
import { LOSS_KINDS } from '../../../src/contract/values';
import { architecture, createWorkspace, forward, gradientFromForward, lossAndGradient, lossAt, outputScale, predict, type Architecture } from '../../../src/core/model/network';
import { OUTPUT_SCALINGS } from '../../../src/contract/values';
import { stream } from '../../../src/core/rng/stream';
import type { Activation, LossSpec } from '../../../src/contract/trainer';
import { expectArraysClose, expectClose } from '../../helpers/close';

/** f(x_i) straight from the definition, one sample and one neuron at a time. */
function naiveForward(net: Architecture, W: Float64Array, a: Float64Array, X: Float64Array, n: number): Float64Array {
  const { d, m } = net;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < m; j++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += W[j * d + k] * X[i * d + k];
      sum += a[j] * sigma(net.activation, z * net.invScale);
    }
    f[i] = net.s * sum;
  }
  return f;
}

function instance(seed: number, n: number, d: number, m: number, activation: Activation, loss: LossSpec['kind']) {
  const rng = stream(seed);
  const X = rng.normals(n * d, 1 / Math.sqrt(d));
  const W = rng.normals(m * d);
  const a = rng.normals(m);
  const y = loss === 'logistic' ? Float64Array.from(rng.normals(n), Math.sign) : rng.normals(n);
  // Keep relu pre-activations away from the kink, where a finite difference straddles it.
  if (activation === 'relu') {
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let z = 0;
        for (let k = 0; k < d; k++) z += W[j * d + k] * X[i * d + k];
        if (Math.abs(z) < 1e-3) return undefined;
      }
  }
  return { X, W, a, y };
}

describe('outputScale', () => {
  it('is 1/√m, 1/m or 1', () => {
    expect(outputScale('inv-sqrt-m', 16)).toBe(0.25);
    expect(outputScale('inv-m', 16)).toBe(1 / 16);
    expect(outputScale('none', 16)).toBe(1);
  });
});

describe('forward', () => {
  it('equals the definition for every activation, scaling and input scale', () => {
    for (const activation of ACTIVATIONS)
      for (const outputScaling of OUTPUT_SCALINGS)
        for (const inputScale of [1, 3]) {
          const n = 5, d = 4, m = 3;
          const net = architecture({ activation, d, m, outputScaling, inputScale });
          const { X, W, a } = instance(7, n, d, m, 'linear', 'square')!;
          const ws = createWorkspace(n, d, m);
          expectArraysClose(forward(net, W, a, X, n, ws), naiveForward(net, W, a, X, n), 1e-12, `${activation}/${outputScaling}/${inputScale}`);
        }
  });

  it('works on a prefix of a larger workspace, and a forward-only workspace gives the same outputs', () => {
    const n = 6, d = 3, m = 4;
    const net = architecture({ activation: 'tanh', d, m, outputScaling: 'inv-sqrt-m' });
    const { X, W, a } = instance(3, n, d, m, 'tanh', 'square')!;
    const big = createWorkspace(10, d, m);
    const f = forward(net, W, a, X, 4, big).slice(0, 4);
    expectArraysClose(f, naiveForward(net, W, a, X, 4), 1e-12);
    const light = createWorkspace(n, d, m, { gradients: false });
    expect(light.S).toBe(light.Z);
    expectArraysClose(forward(net, W, a, X, n, light), predict(net, W, a, X, n), 0);
    expectArraysClose(predict(net, W, a, X, n), naiveForward(net, W, a, X, n), 1e-12);
  });
});

describe('gradients', () => {
  // Central differences on every weight. With h = 1e-5·max(1, |θ|) the truncation error is
  // h²|∂³L|/6 ≈ 1e-11·|∂³L| and the rounding error ≈ 1e-16·|L|/h ≈ 1e-11·|L|; on these O(1) instances
  // (z ~ N(0, 1)) both stay far below 1e-6·max(1, |g|), so a wrong factor (s, 1/c, 1/n, σ') cannot hide.
  function checkGradients(net: Architecture, loss: LossSpec, W: Float64Array, a: Float64Array, X: Float64Array, y: Float64Array, n: number, label: string) {
    const ws = createWorkspace(n, net.d, net.m);
    const L = lossAndGradient(net, loss, W, a, X, y, n, ws);
    const probe = createWorkspace(n, net.d, net.m, { gradients: false });
    expectClose(L, lossAt(net, loss, W, a, X, y, n, probe), 1e-14, `${label} loss`);
    const fd = (theta: Float64Array, k: number) => {
      const v = theta[k];
      const h = 1e-5 * Math.max(1, Math.abs(v));
      theta[k] = v + h;
      const up = lossAt(net, loss, W, a, X, y, n, probe);
      theta[k] = v - h;
      const down = lossAt(net, loss, W, a, X, y, n, probe);
      theta[k] = v;
      return (up - down) / (2 * h);
    };
    for (let k = 0; k < W.length; k++) expectClose(ws.gW[k], fd(W, k), 1e-6, `${label} ∂L/∂W[${k}]`);
    for (let j = 0; j < a.length; j++) expectClose(ws.ga[j], fd(a, j), 1e-6, `${label} ∂L/∂a[${j}]`);
  }

  for (const activation of ACTIVATIONS) {
    it(`${activation}: every loss × reduction × output scaling × input scale agrees with central differences`, () => {
      let seed = 1;
      for (const kind of LOSS_KINDS)
        for (const reduction of ['mean', 'sum'] as const)
          for (const outputScaling of OUTPUT_SCALINGS)
            for (const inputScale of [1, Math.sqrt(5)]) {
              const n = 6, d = 5, m = 4;
              let inst = instance(seed++, n, d, m, activation, kind);
              while (!inst) inst = instance(seed++, n, d, m, activation, kind);
              const net = architecture({ activation, d, m, outputScaling, inputScale });
              checkGradients(net, { kind, reduction }, inst.W, inst.a, inst.X, inst.y, n, `${kind}/${reduction}/${outputScaling}/${inputScale}`);
            }
    });
  }

  it('hold on random shapes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(...ACTIVATIONS),
        fc.constantFrom(...LOSS_KINDS),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (n, d, m, activation, kind, seed) => {
          const inst = instance(seed, n, d, m, activation, kind);
          fc.pre(inst !== undefined);
          const net = architecture({ activation, d, m, outputScaling: 'inv-sqrt-m' });
          checkGradients(net, { kind }, inst!.W, inst!.a, inst!.X, inst!.y, n, `n=${n} d=${d} m=${m} ${activation}/${kind}`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gradientFromForward reuses the last forward; frozen parts are not written', () => {
    const n = 5, d = 3, m = 2;
    const net = architecture({ activation: 'he3', d, m, outputScaling: 'none' });
    const { X, W, a, y } = instance(11, n, d, m, 'he3', 'square')!;
    const loss: LossSpec = { kind: 'square' };
    const full = createWorkspace(n, d, m);
    const L = lossAndGradient(net, loss, W, a, X, y, n, full);
    const ws = createWorkspace(n, d, m);
    ws.gW.fill(42);
    forward(net, W, a, X, n, ws);
    expect(gradientFromForward(net, loss, a, X, y, n, ws, false, true)).toBe(L);
    expect(Array.from(ws.gW)).toEqual(new Array(m * d).fill(42));
    expectArraysClose(ws.ga, full.ga, 0);
    ws.ga.fill(42);
    lossAndGradient(net, loss, W, a, X, y, n, ws, true, false);
    expectArraysClose(ws.gW, full.gW, 0);
    expect(Array.from(ws.ga)).toEqual(new Array(m).fill(42));
    expect(lossValue(loss, ws.f, y, n)).toBe(L);
  });
});
