// @ts-nocheck -- AssemblyScript, compiled to normals.wasm by `npm run build:wasm`; not part of the TypeScript program.
//
// Blocks of standard normals for ../stream.ts: alea's recurrence and Marsaglia's polar method, the same numbers
// as the JS loop there, bit for bit. Alea's state words are multiples of 2^-32, so the recurrence
// t = 2091639·s0 + c·2^-32 runs exactly on 64-bit integers (T = 2091639·S0 + c, c' = T >> 32, S2 = T mod 2^32):
// two cycles of latency per draw where the double form, a chain through a float-to-int conversion, takes about
// twenty. The logarithm is fdlibm's, as in ../log.ts.
//
// Memory (imported): the state at STATE (S0, S1, S2, c as u32, then the spare variate as f64), the output at OUT.

const STATE: usize = 0;
const OUT: usize = 64;
const TWO_M53: f64 = 1.1102230246251565e-16;
const MULTIPLIER: u64 = 2091639;

const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const TWO54: f64 = 1.80143985094819840000e16;
const LG1: f64 = 6.666666666666735130e-01;
const LG2: f64 = 3.999999999940941908e-01;
const LG3: f64 = 2.857142874366239149e-01;
const LG4: f64 = 2.222219843214978396e-01;
const LG5: f64 = 1.818357216161805012e-01;
const LG6: f64 = 1.531383769920937332e-01;
const LG7: f64 = 1.479819860511658591e-01;

/** fdlibm's __ieee754_log (e_log.c): the same operations, with its last two branches made selects. */
// @ts-ignore: decorator
@inline
function log(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  const lx = <u32>bits;
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>((bits & 0xffffffff) | (<u64>(<u32>(hx | (i ^ 0x3ff00000))) << 32));
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      const dk = <f64>k;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    const dk = <f64>k;
    return dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  // fdlibm branches on k = 0 and on i > 0 here, by bits of x that are random in the polar method, so both
  // branches mispredicted about a third of the time: both forms are computed and one is selected (115 M
  // normals/s against 100). With k = 0 the general forms are fdlibm's k = 0 ones bit for bit: dk·LN2_LO = +0
  // changes no sum it joins, and 0 − (y − f) = f − y exactly (round to nearest is symmetric).
  const hfsq = 0.5 * f * f;
  const near = dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  const far = dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
  return select<f64>(near, far, i > 0);
}

/** For tests: the logarithm above. */
export function fdlibmLog(x: f64): f64 {
  return log(x);
}

/** Bytes before the output: the state. */
export function outOffset(): i32 {
  return <i32>OUT;
}

/**
 * Writes n normals times scale at OUT, advancing the state at STATE. Returns 1 when the last pair's second
 * variate is left over (stored as the spare), else 0.
 */
export function normals(n: i32, scale: f64): i32 {
  let a0 = <u64>load<u32>(STATE);
  let a1 = <u64>load<u32>(STATE, 4);
  let a2 = <u64>load<u32>(STATE, 8);
  let ac = <u64>load<u32>(STATE, 12);
  let out = OUT;
  const end = OUT + (<usize>n << 3);
  let spare: i32 = 0;
  while (out < end) {
    let t = MULTIPLIER * a0 + ac;
    a0 = a1;
    a1 = a2;
    ac = t >> 32;
    a2 = t & 0xffffffff;
    const h0 = a2;
    t = MULTIPLIER * a0 + ac;
    a0 = a1;
    a1 = a2;
    ac = t >> 32;
    a2 = t & 0xffffffff;
    const u = 2 * (<f64>((h0 << 21) + (a2 >> 11)) * TWO_M53) - 1;
    t = MULTIPLIER * a0 + ac;
    a0 = a1;
    a1 = a2;
    ac = t >> 32;
    a2 = t & 0xffffffff;
    const h1 = a2;
    t = MULTIPLIER * a0 + ac;
    a0 = a1;
    a1 = a2;
    ac = t >> 32;
    a2 = t & 0xffffffff;
    const v = 2 * (<f64>((h1 << 21) + (a2 >> 11)) * TWO_M53) - 1;
    const q = u * u + v * v;
    if (q > 0 && q < 1) {
      const f = Math.sqrt((-2 * log(q)) / q);
      store<f64>(out, scale * (u * f));
      out += 8;
      if (out < end) {
        store<f64>(out, scale * (v * f));
        out += 8;
      } else {
        store<f64>(STATE, v * f, 16);
        spare = 1;
      }
    }
  }
  store<u32>(STATE, <u32>a0);
  store<u32>(STATE, <u32>a1, 4);
  store<u32>(STATE, <u32>a2, 8);
  store<u32>(STATE, <u32>ac, 12);
  return spare;
}
