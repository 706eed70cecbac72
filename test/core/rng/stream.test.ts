import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed, stream, type Stream } from '../../../src/core/rng';
import { fdlibmLog } from '../../../src/core/rng/log';
import { normalsKernel, setNormalsKernelOff } from '../../../src/core/rng/wasm/loader';

/**
 * The stream as defined: seedrandom's alea, its double(), and Marsaglia's polar method one draw at a time, with
 * fdlibm's logarithm (Math.log itself on Node 20: test/rng/log.test.ts).
 */
function definitionStream(key: string): Omit<Stream, 'child' | 'seed'> {
  const prng = seedrandom.alea(key);
  let spare = Number.NaN;
  const normal = () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = Number.NaN;
      return z;
    }
    for (;;) {
      const u = 2 * prng.double() - 1;
      const v = 2 * prng.double() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * fdlibmLog(s)) / s);
        spare = v * f;
        return u * f;
      }
    }
  };
  return {
    uniform: () => prng.double(),
    normal,
    int: (lo, hi) => lo + Math.floor(prng.double() * (hi - lo + 1)),
    normals(n, scale = 1) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = scale * normal();
      return out;
    },
  };
}

type Call = { kind: 'uniform' } | { kind: 'normal' } | { kind: 'int'; lo: number; span: number } | { kind: 'normals'; n: number; scale: number };

const call: fc.Arbitrary<Call> = fc.oneof(
  fc.constant({ kind: 'uniform' as const }),
  fc.constant({ kind: 'normal' as const }),
  fc.record({ kind: fc.constant('int' as const), lo: fc.integer({ min: -5, max: 5 }), span: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ kind: fc.constant('normals' as const), n: fc.integer({ min: 0, max: 9 }), scale: fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 10, noNaN: true })) }),
);

/** Every number the calls return, as raw bits (so −0 and 0, or two NaNs, are told apart). */
function bitsOf(s: Omit<Stream, 'child' | 'seed'>, calls: readonly Call[]): string[] {
  const out: number[] = [];
  for (const c of calls) {
    if (c.kind === 'uniform') out.push(s.uniform());
    else if (c.kind === 'normal') out.push(s.normal());
    else if (c.kind === 'int') out.push(s.int(c.lo, c.lo + c.span));
    else out.push(...s.normals(c.n, c.scale));
  }
  const view = new DataView(new ArrayBuffer(8));
  return out.map((x) => {
    view.setFloat64(0, x);
    return view.getBigUint64(0).toString(16);
  });
}

const backends = [
  { name: 'WebAssembly normals', off: false },
  { name: 'JS normals', off: true },
];

describe.each(backends)('stream with $name', ({ off }) => {
  beforeAll(() => setNormalsKernelOff(off));
  afterAll(() => setNormalsKernelOff(false));
  it('runs on the backend named', () => {
    expect(normalsKernel() === null).toBe(off || typeof WebAssembly === 'undefined');
  });
  it("gives seedrandom's alea numbers bit for bit, whatever the mix of calls", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(call, { maxLength: 40 }), (key, calls) => {
        expect(bitsOf(stream(key), calls)).toEqual(bitsOf(definitionStream(key), calls));
      }),
      { numRuns: 300 },
    );
  });
  it('gives the same long blocks of normals as the definition', () => {
    for (const key of ['1', 'trial/run0/batch3', '2147483647']) {
      const ours = stream(key);
      const def = definitionStream(key);
      // Past the kernel's capacity (16376 a call), after an odd block (a spare to start with), and odd at the end.
      for (const n of [1, 4097, 12288, 40001, 3]) expect(Array.from(ours.normals(n, 0.5))).toEqual(Array.from(def.normals(n, 0.5)));
      expect(ours.uniform()).toBe(def.uniform());
    }
  });
});

describe('stream', () => {
  it('is a pure function of its seed', () => {
    expect(Array.from(stream(7).normals(5))).toEqual(Array.from(stream(7).normals(5)));
    expect(stream(7).uniform()).not.toBe(stream(8).uniform());
  });
  it('derives children by label, independent of how much the parent was used', () => {
    const a = stream('s');
    a.normals(100);
    expect(a.child('data').uniform()).toBe(stream('s').child('data').uniform());
    expect(a.child('data').uniform()).not.toBe(a.child('init').uniform());
  });
  it('draws standard normals: mean and variance within 5 standard errors', () => {
    const n = 200_000;
    const z = stream(1).normals(n);
    let mean = 0;
    for (const v of z) mean += v / n;
    let variance = 0;
    for (const v of z) variance += (v - mean) ** 2 / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    // Var of the sample variance of N(0,1) is 2/(n−1).
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / (n - 1)));
  });
  it('draws integers in the inclusive range', () => {
    const s = stream(2);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(s.int(-2, 2));
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort());
  });
});

describe('deriveSeed', () => {
  it('gives non-negative 32-bit seeds that differ by coordinate', () => {
    const a = deriveSeed(1, 'claim', 'rung', 0);
    expect(a).toBe(deriveSeed(1, 'claim', 'rung', 0));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(2 ** 31);
    expect(new Set([0, 1, 2, 3].map((i) => deriveSeed(1, 'claim', 'rung', i))).size).toBe(4);
    expect(deriveSeed(1, 'ab', 'c')).not.toBe(deriveSeed(1, 'a', 'bc'));
  });
});
