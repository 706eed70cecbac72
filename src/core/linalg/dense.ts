/** A row-major dense matrix: entry (i, j) is data[i * cols + j]. */
export interface Dense {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function dense(rows: number, cols: number, data?: Float64Array | ArrayLike<number>): Dense {
  const buf = data === undefined ? new Float64Array(rows * cols) : Float64Array.from(data);
  if (buf.length !== rows * cols) throw new RangeError(`dense: ${rows}x${cols} needs ${rows * cols} entries, got ${buf.length}`);
  return { rows, cols, data: buf };
}

export function identity(n: number): Dense {
  const m = dense(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function transpose(a: Dense): Dense {
  const t = dense(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

export function frobenius(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

export function trace(a: Dense): number {
  let s = 0;
  for (let i = 0; i < Math.min(a.rows, a.cols); i++) s += a.data[i * a.cols + i];
  return s;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

export function sub(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}

export function scale(a: Float64Array, s: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * s;
  return out;
}

/** Row i of a row-major matrix as a view (no copy). */
export function row(data: Float64Array, cols: number, i: number): Float64Array {
  return data.subarray(i * cols, (i + 1) * cols);
}
