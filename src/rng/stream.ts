import seedrandom from 'seedrandom';

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

export function stream(seed: string | number): Stream {
  const key = String(seed);
  // alea: fast, good equidistribution, and stable across seedrandom releases.
  const prng = seedrandom.alea(key);
  let spare = Number.NaN;
  const uniform = () => prng.double();
  const normal = () => {
    // Marsaglia's polar method keeps the second variate, so each pair costs one accepted draw.
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
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * f;
        return u * f;
      }
    }
  };
  return {
    seed: key,
    uniform,
    normal,
    int: (lo, hi) => lo + Math.floor(prng.double() * (hi - lo + 1)),
    normals(n, scale = 1) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = scale * normal();
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
