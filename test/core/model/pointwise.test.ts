import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelBuffers, setKernelBackend } from '../../../src/core/linalg/gemm';
import { activateInArena, gradientFactorInArena } from '../../../src/core/linalg/pointwise';
import { kernelModule } from '../../../src/core/linalg/wasm/loader';
import { sigmaInto, sigmaPrimeInto } from '../../../src/core/model/activations';
import { activate, gradientFactor, KERNEL_CODES } from '../../../src/core/model/pointwise';
import { ACTIVATIONS } from '../../../src/contract/values';
import { stream } from '../../../src/core/rng';

function expectSameBits(got: Float64Array, want: Float64Array) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect(got[i], `entry ${i}`).toBe(want[i]);
}

const wasm = kernelModule() !== null;
const shapes = fc.record({ n: fc.integer({ min: 1, max: 40 }), m: fc.integer({ min: 1, max: 41 }), seed: fc.integer({ min: 0, max: 1e6 }), scaled: fc.boolean() });

afterEach(() => setKernelBackend(undefined));

// The kernels switch on the codes of KERNEL_CODES: a code out of step with kernels.ts fails here.
describe.skipIf(!wasm)('pointwise passes in WebAssembly against the JS loops of the model: identical bits', () => {
  for (const activation of ACTIVATIONS) {
    it(`${activation}: Z ← c·Z, S ← σ(Z), and G = σ'(Z) ⊙ (c r_i) a_j`, () => {
      setKernelBackend('wasm');
      fc.assert(
        fc.property(shapes, ({ n, m, seed, scaled }) => {
          setKernelBackend('wasm');
          const nm = n * m;
          const s = stream(seed);
          const Z0 = s.normals(nm, 2);
          Z0[0] = 0; // relu' at 0 and the sign of zero
          const r0 = s.normals(n, 1);
          const a = s.normals(m, 1);
          const c = scaled ? 1 / Math.sqrt(m + 1) : 1;
          // The model's JS loops (src/core/model/network.ts, activations.ts).
          const Zj = Z0.slice();
          if (c !== 1) for (let k = 0; k < nm; k++) Zj[k] *= c;
          const Sj = sigmaInto(activation, Zj, new Float64Array(nm), nm);
          const Gj = activation === 'tanh' ? Sj.map((t) => 1 - t * t) : sigmaPrimeInto(activation, Zj, new Float64Array(nm), nm);
          for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) Gj[i * m + j] *= c * r0[i] * a[j];
          const [Z, S, r] = kernelBuffers([nm, nm, n], m);
          Z.set(Z0);
          r.set(r0);
          const { forward, derivative } = KERNEL_CODES[activation];
          if (forward === undefined) {
            // No SIMD tanh: the forward pass stays in JS.
            expect(activation).toBe('tanh');
            Z.set(Zj);
            S.set(Sj);
          } else {
            expect(activateInArena(forward, Z, S, nm, c)).toBe(true);
            expectSameBits(Z, Zj);
            expectSameBits(S, Sj);
          }
          expect(gradientFactorInArena(derivative, Z, S, Z, r, a, n, m, c)).toBe(true);
          expectSameBits(Z, Gj);
          // The entry points give the same bits whichever backend runs them.
          const bits = (backend: 'wasm' | 'js') => {
            setKernelBackend(backend);
            const [Zb, Sb, rb] = kernelBuffers([nm, nm, n], m);
            Zb.set(Z0);
            rb.set(r0);
            activate(activation, Zb, Sb, nm, c);
            const S1 = Sb.slice();
            gradientFactor(activation, Zb, Sb, Zb, rb, a, n, m, c);
            return [S1, Zb.slice()];
          };
          const [Sw, Gw] = bits('wasm');
          const [Sjs, Gjs] = bits('js');
          expectSameBits(Sw, Sjs);
          expectSameBits(Gw, Gjs);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('declines buffers outside an arena and the JS backend', () => {
    const Z = new Float64Array(1024);
    expect(activateInArena(KERNEL_CODES.relu.forward!, Z, Z, 1024, 1)).toBe(false);
    const [Za] = kernelBuffers([1024, 8], 8);
    setKernelBackend('js');
    expect(activateInArena(KERNEL_CODES.relu.forward!, Za, Za, 1024, 1)).toBe(false);
  });
});
