/** ⟨a, b⟩² / (‖a‖²‖b‖²): the squared cosine between two vectors (0 when either is zero). */
export function squaredOverlap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`squaredOverlap: lengths ${a.length} and ${b.length} differ`);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? (ab * ab) / (aa * bb) : 0;
}
