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

