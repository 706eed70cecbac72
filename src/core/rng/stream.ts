import seedrandom from 'seedrandom';
import { fdlibmLog } from './log';
import { normalsKernel, type NormalsKernel } from './wasm/loader';

/** A seeded random stream. Every random number in theorycheck comes from one of these. */
export interface Stream {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer on [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** A Float64Array of n standard normals scaled by `scale`. */
  normals(n: number, scale?: number): Float64Array;
  /** An independent stream derived from this one's seed and a label: the same label gives the same stream. */
  child(label: string): Stream;
  /** The seed string this stream was built from. */
  readonly seed: string;
}

/** 2^-32 and 2^-53, as in seedrandom's alea. */
const TWO_M32 = 2.3283064365386963e-10;
const TWO_M53 = 1.1102230246251565e-16;
const TWO_32 = 4294967296;

export function stream(seed: string | number): Stream {
  const key = String(seed);
  // alea: fast, good equidistribution, and stable across seedrandom releases. seedrandom seeds it (Baagøe's
  // Mash of the key); the recurrence then runs here on local state, and blocks of normals in WebAssembly
  // (wasm/normals.ts, 3x the JS loop: sampling was a sixth of a default run and two fifths of the online
  // claims). The numbers are seedrandom's, with fdlibm's logarithm (./log.ts) in the polar method, bit for
  // bit on every engine (test/rng/stream.test.ts).
  const seeded = seedrandom.alea(key, { state: true }).state() as { s0: number; s1: number; s2: number; c: number };
  let s0 = seeded.s0;
  let s1 = seeded.s1;
  let s2 = seeded.s2;
  let c = seeded.c;
  // Marsaglia's polar method keeps the second variate, so each pair costs one accepted draw.
  let spare = Number.NaN;
  const next = () => {
    const t = 2091639 * s0 + c * TWO_M32;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    return (s2 = t - c);
  };
  const uniform = () => next() + ((next() * 0x200000) | 0) * TWO_M53;
  // Writes out[from..to) = scale · N(0, 1) by the kernel, in blocks of its capacity.
  const drawByKernel = (kernel: NormalsKernel, out: Float64Array, from: number, to: number, scale: number) => {
    const { state } = kernel;
    state[0] = s0 * TWO_32;
    state[1] = s1 * TWO_32;
    state[2] = s2 * TWO_32;
    state[3] = c;
    let i = from;
    while (i < to) {
      const n = Math.min(to - i, kernel.capacity);
      const left = kernel.normals(n, scale);
      out.set(n === kernel.capacity ? kernel.out : kernel.out.subarray(0, n), i);
      i += n;
      if (left) {
        if (i < to) out[i++] = scale * kernel.spare[0];
        else spare = kernel.spare[0];
      }
    }
    s0 = state[0] * TWO_M32;
    s1 = state[1] * TWO_M32;
    s2 = state[2] * TWO_M32;
    c = state[3];
  };
  // Writes out[from..to) = scale · N(0, 1): the draws of normal() in turn.
  const fillNormals = (out: Float64Array, from: number, to: number, scale: number) => {
    let i = from;
    if (i < to && !Number.isNaN(spare)) {
      out[i++] = scale * spare;
      spare = Number.NaN;
    }
    if (i >= to) return;
    const kernel = normalsKernel();
    if (kernel) return drawByKernel(kernel, out, i, to, scale);
    // Without WebAssembly: the same loop with alea's state in locals.
    let a0 = s0;
    let a1 = s1;
    let a2 = s2;
    let ac = c;
    while (i < to) {
      let t = 2091639 * a0 + ac * TWO_M32;
      a0 = a1;
      a1 = a2;
      ac = t | 0;
      a2 = t - ac;
      const h0 = a2;
      t = 2091639 * a0 + ac * TWO_M32;
      a0 = a1;
      a1 = a2;
      ac = t | 0;
      a2 = t - ac;
      const u = 2 * (h0 + ((a2 * 0x200000) | 0) * TWO_M53) - 1;
      t = 2091639 * a0 + ac * TWO_M32;
      a0 = a1;
      a1 = a2;
      ac = t | 0;
      a2 = t - ac;
      const h1 = a2;
      t = 2091639 * a0 + ac * TWO_M32;
      a0 = a1;
      a1 = a2;
      ac = t | 0;
      a2 = t - ac;
      const v = 2 * (h1 + ((a2 * 0x200000) | 0) * TWO_M53) - 1;
      const q = u * u + v * v;
      if (q > 0 && q < 1) {
        const f = Math.sqrt((-2 * fdlibmLog(q)) / q);
        out[i++] = scale * (u * f);
        if (i < to) out[i++] = scale * (v * f);
        else spare = v * f;
      }
    }
    s0 = a0;
    s1 = a1;
    s2 = a2;
    c = ac;
  };
  const one = new Float64Array(1);
  return {
    seed: key,
    uniform,
    normal() {
      fillNormals(one, 0, 1, 1);
      return one[0];
    },
    int: (lo, hi) => lo + Math.floor(uniform() * (hi - lo + 1)),
    normals(n, scale = 1) {
      const out = new Float64Array(n);
      fillNormals(out, 0, n, scale);
      return out;
    },
    child: (label) => stream(`${key}/${label}`),
  };
}

/** A 32-bit integer seed for a trial, a pure function of its coordinates (FNV-1a over the joined labels). */
export function deriveSeed(...parts: (string | number)[]): number {
  const text = parts.join('\u0000');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // fast-check seeds are signed 32-bit integers; keep them non-negative for readable replay commands.
  return (h >>> 0) & 0x7fffffff;
}
