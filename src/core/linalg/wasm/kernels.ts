// @ts-nocheck -- AssemblyScript, compiled to kernels.wasm by `npm run build:wasm`; not part of the TypeScript program.
//
// WebAssembly SIMD (f64x2) products for the training loops, over one imported memory. All pointers are byte
// offsets into that memory, all matrices row-major. Every output entry is the sum over p in increasing order,
// each product rounded before it is added (no FMA): exactly what the pure-JS kernels of ../gemm-js.ts compute,
// so the two backends agree to the last bit and the JS one is the reference in tests.
//
// gemm computes C = A·B where A(i, p) sits at a + 8(i·rsA + p·csA) and B(p, j) at b + 8(p·rsB + j·csB), which
// covers A·B, A·Bᵀ and Aᵀ·B. Loop order as in GotoBLAS: blocks of NC columns and KC terms of B are packed into
// contiguous panels NR wide (scratch), each MC-row block of A into panels MR rows wide, and a 4 x 4 register tile of C
// (8 f64x2 accumulators, which fit the 15 SIMD registers V8 allocates on x64 without spilling) walks them with
// constant-offset loads. Between KC-blocks the tile is reloaded from C, which keeps each entry's sum sequential
// in p. Fringe tiles (m or n not a multiple of 4) run the same tile on zero-padded copies. Measured on the
// trainer's shapes (bench/run.ts): unrolling the p loop, other tile shapes, or reading A unpacked were slower.
// Head to head in one process (products of the bench): p unrolled 2x, 18% slower; a 6 x 4 tile (12
// accumulators, spilled), 17% slower; a 5 x 4 tile, 2-3% faster on X·Wᵀ and G·W with its panels packed by
// scalar loads, which cost Gᵀ·X 6%: too little to pay for a second packing path.

const MR: i32 = 4;
const NR: i32 = 4;
/** Terms and columns per packed block of B: KC x NC doubles (256 KiB) stay in L2 while the tiles walk them (tuned by bench/run.ts). */
const KC: i32 = 128;
const NC: i32 = 256;
/** Rows of A packed at once: MC x KC doubles (256 KiB), packed before the tiles walk them. */
const MC: i32 = 256;

/** Bytes of scratch gemm needs: the packed B block, the packed block of A and one C tile. */
export function scratchBytes(): i32 {
  return (KC * NC + KC * MC + MR * NR) * 8;
}

// The register tile: C[0..4, 0..4] (row stride ldc bytes) = (accumulate ? C : 0) + Σ_{p<kc} A(i, p) B(p, j), with
// A(i, p) at a + 8(4p + i) and B(p, 0..4) at b + 8(4p + j): both packed, so every load has a constant offset.
function tile(kc: i32, a: usize, b: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f64x2.splat(0);
  let c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0);
  let c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0);
  let c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0);
  let c31 = f64x2.splat(0);
  if (accumulate) {
    c00 = v128.load(c);
    c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc);
    c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc);
    c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc);
    c31 = v128.load(c + 3 * ldc, 16);
  }
  const end = b + <usize>kc * (NR * 8);
  while (b < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load64_splat(a);
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 8);
    c10 = f64x2.add(c10, f64x2.mul(x, b0));
    c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 16);
    c20 = f64x2.add(c20, f64x2.mul(x, b0));
    c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 24);
    c30 = f64x2.add(c30, f64x2.mul(x, b0));
    c31 = f64x2.add(c31, f64x2.mul(x, b1));
    a += MR * 8;
    b += NR * 8;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

// Packs B(p0 + p, j0 + j) for p < kc, j < nc into panels of NR columns: panel q holds rows p of columns
// j0 + q·NR .. + NR contiguously; columns past nc are zero.
function packB(kc: i32, nc: i32, b: usize, rsB: usize, csB: usize, dst: usize): void {
  for (let q = 0; q < nc; q += NR) {
    const w = min(NR, nc - q);
    let src = b + <usize>q * csB;
    let out = dst + <usize>(q * kc) * 8;
    for (let p = 0; p < kc; p++) {
      let j = 0;
      for (; j < w; j++) store<f64>(out + (<usize>j << 3), load<f64>(src + <usize>j * csB));
      for (; j < NR; j++) store<f64>(out + (<usize>j << 3), 0);
      src += rsB;
      out += NR * 8;
    }
  }
}

/** C (m x n, row stride ldc) = A·B, A and B given by their element strides (see the header). */
export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, rsA: i32, csA: i32,
  b: usize, rsB: i32, csB: i32,
  c: usize, ldc: i32,
  scratch: usize,
): void {
  const packedB = scratch;
  const packedA = scratch + <usize>(KC * NC) * 8;
  const ctile = packedA + <usize>(KC * MC) * 8;
  const rsAb = <usize>rsA << 3;
  const csAb = <usize>csA << 3;
  const rsBb = <usize>rsB << 3;
  const csBb = <usize>csB << 3;
  const ldcb = <usize>ldc << 3;
  const mFull = m - (m % MR);
  if (k == 0) {
    for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldcb, 0, <usize>n << 3);
    return;
  }
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = min(NC, n - j0);
    const nFull = nc - (nc % NR);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      const accumulate = p0 > 0;
      packB(kc, nc, b + <usize>p0 * rsBb + <usize>j0 * csBb, rsBb, csBb, packedB);
      const aBlock = a + <usize>p0 * csAb;
      for (let i0 = 0; i0 < mFull; i0 += MC) {
        const mc = min(MC, mFull - i0);
        packABlock(kc, mc, aBlock + <usize>i0 * rsAb, rsAb, csAb, packedA);
        for (let i = 0; i < mc; i += MR) {
          const panel = packedA + <usize>(i * kc) * 8;
          const ci = c + <usize>(i0 + i) * ldcb + (<usize>j0 << 3);
          for (let j = 0; j < nFull; j += NR) {
            tile(kc, panel, packedB + <usize>(j * kc) * 8, ci + (<usize>j << 3), ldcb, accumulate);
          }
          if (nFull < nc) edge(kc, panel, packedB + <usize>(nFull * kc) * 8, ci + (<usize>nFull << 3), ldcb, MR, nc - nFull, accumulate, ctile);
        }
      }
      if (mFull < m) {
        // The last rows: pack them zero-padded to MR, then the same tile through the C tile buffer.
        const mr = m - mFull;
        packA(kc, mr, aBlock + <usize>mFull * rsAb, rsAb, csAb, packedA);
        const ci = c + <usize>mFull * ldcb + (<usize>j0 << 3);
        for (let j = 0; j < nc; j += NR) {
          edge(kc, packedA, packedB + <usize>(j * kc) * 8, ci + (<usize>j << 3), ldcb, mr, min(NR, nc - j), accumulate, ctile);
        }
      }
    }
  }
}

// Packs A(i, p) for i < mc (a multiple of MR), p < kc into mc / MR panels of packA's layout, one after another.
function packABlock(kc: i32, mc: i32, a: usize, rsA: usize, csA: usize, dst: usize): void {
  if (rsA == 8) {
    // Aᵀ·B: A's rows p are contiguous in memory, so read each once, front to back, and deal its entries out to
    // the panels. Packing panel by panel instead reads kc lines kc·8·m bytes apart, which the hardware prefetcher
    // does not follow: Gᵀ·X ran at half the speed of the other products.
    for (let p = 0; p < kc; p++) {
      const src = a + <usize>p * csA;
      let out = dst + <usize>(p * MR) * 8;
      for (let q = 0; q < mc; q += MR) {
        v128.store(out, v128.load(src + (<usize>q << 3)));
        v128.store(out, v128.load(src + (<usize>q << 3), 16), 16);
        out += <usize>(kc * MR) * 8;
      }
    }
    return;
  }
  for (let i = 0; i < mc; i += MR) packA(kc, MR, a + <usize>i * rsA, rsA, csA, dst + <usize>(i * kc) * 8);
}

// Packs A(i, p) for i < mr, p < kc into rows of MR (p-major), zero past mr.
function packA(kc: i32, mr: i32, a: usize, rsA: usize, csA: usize, dst: usize): void {
  let p = 0;
  if (mr == MR && csA == 8) {
    // A·B and A·Bᵀ: four contiguous rows, transposed two columns at a time.
    const r1 = rsA;
    const r2 = rsA * 2;
    const r3 = rsA * 3;
    for (; p + 2 <= kc; p += 2) {
      const src = a + (<usize>p << 3);
      const x0 = v128.load(src);
      const x1 = v128.load(src + r1);
      const x2 = v128.load(src + r2);
      const x3 = v128.load(src + r3);
      const out = dst + <usize>(p * MR) * 8;
      v128.store(out, v128.shuffle<f64>(x0, x1, 0, 2));
      v128.store(out, v128.shuffle<f64>(x2, x3, 0, 2), 16);
      v128.store(out, v128.shuffle<f64>(x0, x1, 1, 3), 32);
      v128.store(out, v128.shuffle<f64>(x2, x3, 1, 3), 48);
    }
  }
  for (; p < kc; p++) {
    const out = dst + <usize>(p * MR) * 8;
    const src = a + <usize>p * csA;
    let r = 0;
    for (; r < mr; r++) store<f64>(out + (<usize>r << 3), load<f64>(src + <usize>r * rsA));
    for (; r < MR; r++) store<f64>(out + (<usize>r << 3), 0);
  }
}

// A tile with only mr x nr valid entries of C: through a 4 x 4 buffer so the tile never touches C out of range.
function edge(kc: i32, a: usize, b: usize, c: usize, ldc: usize, mr: i32, nr: i32, accumulate: bool, t: usize): void {
  for (let i = 0; i < MR; i++)
    for (let j = 0; j < NR; j++)
      store<f64>(t + <usize>(i * NR + j) * 8, accumulate && i < mr && j < nr ? load<f64>(c + <usize>i * ldc + (<usize>j << 3)) : 0);
  tile(kc, a, b, t, NR * 8, accumulate);
  for (let i = 0; i < mr; i++)
    for (let j = 0; j < nr; j++) store<f64>(c + <usize>i * ldc + (<usize>j << 3), load<f64>(t + <usize>(i * NR + j) * 8));
}

/**
 * y (m) = A (m x n) · x (n): eight rows at a time, then four, each row's sum sequential in j. Two columns are
 * read at once as one f64x2 per row and regrouped by shuffles into lanes of two rows: 8-15% faster than
 * gathering the lanes one double at a time (bench shapes, head to head).
 */
export function gemv(m: i32, n: i32, a: usize, x: usize, y: usize): void {
  const ld = <usize>n << 3;
  const pairs = <usize>(n & ~1) << 3;
  let i = 0;
  for (; i + 8 <= m; i += 8) {
    let s01 = f64x2.splat(0);
    let s23 = f64x2.splat(0);
    let s45 = f64x2.splat(0);
    let s67 = f64x2.splat(0);
    const r0 = a + <usize>i * ld;
    let j: usize = 0;
    for (; j < pairs; j += 16) {
      const x0 = v128.load64_splat(x + j);
      const x1 = v128.load64_splat(x + j, 8);
      let p = v128.load(r0 + j);
      let q = v128.load(r0 + ld + j);
      s01 = f64x2.add(s01, f64x2.mul(v128.shuffle<f64>(p, q, 0, 2), x0));
      s01 = f64x2.add(s01, f64x2.mul(v128.shuffle<f64>(p, q, 1, 3), x1));
      p = v128.load(r0 + 2 * ld + j);
      q = v128.load(r0 + 3 * ld + j);
      s23 = f64x2.add(s23, f64x2.mul(v128.shuffle<f64>(p, q, 0, 2), x0));
      s23 = f64x2.add(s23, f64x2.mul(v128.shuffle<f64>(p, q, 1, 3), x1));
      p = v128.load(r0 + 4 * ld + j);
      q = v128.load(r0 + 5 * ld + j);
      s45 = f64x2.add(s45, f64x2.mul(v128.shuffle<f64>(p, q, 0, 2), x0));
      s45 = f64x2.add(s45, f64x2.mul(v128.shuffle<f64>(p, q, 1, 3), x1));
      p = v128.load(r0 + 6 * ld + j);
      q = v128.load(r0 + 7 * ld + j);
      s67 = f64x2.add(s67, f64x2.mul(v128.shuffle<f64>(p, q, 0, 2), x0));
      s67 = f64x2.add(s67, f64x2.mul(v128.shuffle<f64>(p, q, 1, 3), x1));
    }
    if (n & 1) {
      const xj = v128.load64_splat(x + j);
      s01 = f64x2.add(s01, f64x2.mul(v128.load64_lane(r0 + ld + j, v128.load64_zero(r0 + j), 1), xj));
      s23 = f64x2.add(s23, f64x2.mul(v128.load64_lane(r0 + 3 * ld + j, v128.load64_zero(r0 + 2 * ld + j), 1), xj));
      s45 = f64x2.add(s45, f64x2.mul(v128.load64_lane(r0 + 5 * ld + j, v128.load64_zero(r0 + 4 * ld + j), 1), xj));
      s67 = f64x2.add(s67, f64x2.mul(v128.load64_lane(r0 + 7 * ld + j, v128.load64_zero(r0 + 6 * ld + j), 1), xj));
    }
    const out = y + (<usize>i << 3);
    v128.store(out, s01);
    v128.store(out, s23, 16);
    v128.store(out, s45, 32);
    v128.store(out, s67, 48);
  }
  for (; i + 4 <= m; i += 4) {
    let s01 = f64x2.splat(0);
    let s23 = f64x2.splat(0);
    const r0 = a + <usize>i * ld;
    const r1 = r0 + ld;
    const r2 = r0 + ld * 2;
    const r3 = r0 + ld * 3;
    let j: usize = 0;
    for (; j < pairs; j += 16) {
      const x0 = v128.load64_splat(x + j);
      const x1 = v128.load64_splat(x + j, 8);
      const a0 = v128.load(r0 + j);
      const a1 = v128.load(r1 + j);
      const a2 = v128.load(r2 + j);
      const a3 = v128.load(r3 + j);
      s01 = f64x2.add(s01, f64x2.mul(v128.shuffle<f64>(a0, a1, 0, 2), x0));
      s23 = f64x2.add(s23, f64x2.mul(v128.shuffle<f64>(a2, a3, 0, 2), x0));
      s01 = f64x2.add(s01, f64x2.mul(v128.shuffle<f64>(a0, a1, 1, 3), x1));
      s23 = f64x2.add(s23, f64x2.mul(v128.shuffle<f64>(a2, a3, 1, 3), x1));
    }
    if (n & 1) {
      const xj = v128.load64_splat(x + j);
      s01 = f64x2.add(s01, f64x2.mul(v128.load64_lane(r1 + j, v128.load64_zero(r0 + j), 1), xj));
      s23 = f64x2.add(s23, f64x2.mul(v128.load64_lane(r3 + j, v128.load64_zero(r2 + j), 1), xj));
    }
    v128.store(y + (<usize>i << 3), s01);
    v128.store(y + (<usize>i << 3), s23, 16);
  }
  for (; i < m; i++) {
    let s: f64 = 0;
    const r = a + <usize>i * ld;
    for (let j = 0; j < n; j++) s += load<f64>(r + (<usize>j << 3)) * load<f64>(x + (<usize>j << 3));
    store<f64>(y + (<usize>i << 3), s);
  }
}

/**
 * y (n) = A (m x n)ᵀ · x (m), each column's sum sequential in i: past L2 by rows, else eight columns at a time
 * in registers.
 */
export function gemvT(m: i32, n: i32, a: usize, x: usize, y: usize): void {
  const ld = <usize>n << 3;
  // Past L2 (512 KiB of A), A streams through once, four rows at a time, into y held in L1: 1.4x sixteen
  // columns per pass over the rows on 4096 x 256, 1.9x on 4096 x 1024 (head to head); in cache the register
  // tiles below are 5-15% faster.
  if (<usize>m * ld > (1 << 19)) {
    gemvTByRows(m, n, a, x, y);
    return;
  }
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let s2 = f64x2.splat(0);
    let s3 = f64x2.splat(0);
    let r = a + (<usize>j << 3);
    let px = x;
    const end = x + (<usize>m << 3);
    while (px < end) {
      const xi = v128.load64_splat(px);
      s0 = f64x2.add(s0, f64x2.mul(xi, v128.load(r)));
      s1 = f64x2.add(s1, f64x2.mul(xi, v128.load(r, 16)));
      s2 = f64x2.add(s2, f64x2.mul(xi, v128.load(r, 32)));
      s3 = f64x2.add(s3, f64x2.mul(xi, v128.load(r, 48)));
      r += ld;
      px += 8;
    }
    const out = y + (<usize>j << 3);
    v128.store(out, s0);
    v128.store(out, s1, 16);
    v128.store(out, s2, 32);
    v128.store(out, s3, 48);
  }
  for (; j < n; j++) {
    let s: f64 = 0;
    for (let i = 0; i < m; i++) s += load<f64>(x + (<usize>i << 3)) * load<f64>(a + <usize>i * ld + (<usize>j << 3));
    store<f64>(y + (<usize>j << 3), s);
  }
}

// Pointwise passes of the two-layer network (see src/model/network.ts and activations.ts, whose JS loops they
// replace operation for operation). Activation codes (KERNEL_CODES in src/core/model/pointwise.ts): 0 relu, 1 quadratic, 2 linear, 3 he2, 4 he3, 5 he4, 6 tanh
// (tanh only in the derivative, read off S = tanh(Z) as 1 − S²).

function sigma2(kind: i32, v: v128): v128 {
  switch (kind) {
    case 0: // ½(v + |v|)
      return f64x2.mul(f64x2.splat(0.5), f64x2.add(v, f64x2.abs(v)));
    case 1:
      return f64x2.mul(v, v);
    case 3:
      return f64x2.sub(f64x2.mul(v, v), f64x2.splat(1));
    case 4:
      return f64x2.mul(v, f64x2.sub(f64x2.mul(v, v), f64x2.splat(3)));
    case 5: {
      const v2 = f64x2.mul(v, v);
      return f64x2.add(f64x2.mul(v2, f64x2.sub(v2, f64x2.splat(6))), f64x2.splat(3));
    }
    default:
      return v;
  }
}

function sigma1(kind: i32, v: f64): f64 {
  return f64x2.extract_lane(sigma2(kind, f64x2.splat(v)), 0);
}

/** Z ← c·Z (when scaled) and S ← σ(Z) over len entries; S may be Z. */
export function activate(kind: i32, z: usize, s: usize, len: i32, c: f64, scaled: bool): void {
  const vc = f64x2.splat(c);
  const end = <usize>(len & ~1) << 3;
  for (let k: usize = 0; k < end; k += 16) {
    let v = v128.load(z + k);
    if (scaled) {
      v = f64x2.mul(v, vc);
      v128.store(z + k, v);
    }
    v128.store(s + k, sigma2(kind, v));
  }
  if (len & 1) {
    const k = end;
    let v = load<f64>(z + k);
    if (scaled) {
      v = v * c;
      store<f64>(z + k, v);
    }
    store<f64>(s + k, sigma1(kind, v));
  }
}

function sigmaPrime2(kind: i32, v: v128, t: v128): v128 {
  switch (kind) {
    case 0: // +(v > 0)
      return v128.and(f64x2.gt(v, f64x2.splat(0)), f64x2.splat(1));
    case 1:
    case 3:
      return f64x2.mul(f64x2.splat(2), v);
    case 4:
      return f64x2.mul(f64x2.splat(3), f64x2.sub(f64x2.mul(v, v), f64x2.splat(1)));
    case 5:
      return f64x2.mul(f64x2.mul(f64x2.splat(4), v), f64x2.sub(f64x2.mul(v, v), f64x2.splat(3)));
    case 6:
      return f64x2.sub(f64x2.splat(1), f64x2.mul(t, t));
    default:
      return f64x2.splat(1);
  }
}

/** G (n x m) = σ'(Z) ⊙ (c·r_i)·a_j, σ' of tanh read off S; G may be Z. */
export function gradientFactor(kind: i32, z: usize, s: usize, g: usize, r: usize, a: usize, n: i32, m: i32, c: f64): void {
  const row = <usize>m << 3;
  const end = <usize>(m & ~1) << 3;
  for (let i = 0; i < n; i++) {
    const off = <usize>i * row;
    const ri = c * load<f64>(r + (<usize>i << 3));
    const vr = f64x2.splat(ri);
    for (let j: usize = 0; j < end; j += 16) {
      const factor = f64x2.mul(vr, v128.load(a + j));
      v128.store(g + off + j, f64x2.mul(sigmaPrime2(kind, v128.load(z + off + j), v128.load(s + off + j)), factor));
    }
    if (m & 1) {
      const j = end;
      const d = sigmaPrime2(kind, f64x2.splat(load<f64>(z + off + j)), f64x2.splat(load<f64>(s + off + j)));
      store<f64>(g + off + j, f64x2.extract_lane(d, 0) * (ri * load<f64>(a + j)));
    }
  }
}

// y = Aᵀx row by row: y starts at zero and takes rows i..i+3 in turn, so each entry is still summed in increasing i.
function gemvTByRows(m: i32, n: i32, a: usize, x: usize, y: usize): void {
  const ld = <usize>n << 3;
  const pairsEnd = y + (<usize>(n & ~1) << 3);
  memory.fill(y, 0, <usize>n << 3);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const px = x + (<usize>i << 3);
    const x0 = v128.load64_splat(px);
    const x1 = v128.load64_splat(px, 8);
    const x2 = v128.load64_splat(px, 16);
    const x3 = v128.load64_splat(px, 24);
    let r = a + <usize>i * ld;
    for (let py = y; py < pairsEnd; py += 16) {
      let s = v128.load(py);
      s = f64x2.add(s, f64x2.mul(x0, v128.load(r)));
      s = f64x2.add(s, f64x2.mul(x1, v128.load(r + ld)));
      s = f64x2.add(s, f64x2.mul(x2, v128.load(r + 2 * ld)));
      s = f64x2.add(s, f64x2.mul(x3, v128.load(r + 3 * ld)));
      v128.store(py, s);
      r += 16;
    }
  }
  for (; i < m; i++) {
    const xi = v128.load64_splat(x + (<usize>i << 3));
    let r = a + <usize>i * ld;
    for (let py = y; py < pairsEnd; py += 16) {
      v128.store(py, f64x2.add(v128.load(py), f64x2.mul(xi, v128.load(r))));
      r += 16;
    }
  }
  if (n & 1) {
    const last = <usize>(n - 1) << 3;
    let s: f64 = 0;
    for (let k = 0; k < m; k++) s += load<f64>(x + (<usize>k << 3)) * load<f64>(a + <usize>k * ld + last);
    store<f64>(y + last, s);
  }
}
