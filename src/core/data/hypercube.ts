// The scaled hypercube {±1/√d}^d, so ‖x‖ = 1: the inputs of Telgarsky's running example, the 2-sparse parity
// y = d·x1·x2 = sign(x1 x2) (targets.ts: sparseParity on coordinateDirections(2, d)).
import type { Stream } from '../rng';

/** n inputs (n x d row-major), i.i.d. uniform on {±1/√d}^d. */
export function hypercubeInputs(s: Stream, n: number, d: number): Float64Array {
  const c = 1 / Math.sqrt(d);
  const X = new Float64Array(n * d);
  for (let k = 0; k < n * d; k++) X[k] = s.uniform() < 0.5 ? -c : c;
  return X;
}

/** All 2^d vertices of {±1/√d}^d (row i: bit j of i set gives −1/√d): the uniform law, enumerated. */
export function hypercubeVertices(d: number): Float64Array {
  if (!Number.isInteger(d) || d < 1 || d > 20) throw new RangeError(`hypercubeVertices: d = ${d}, allowed 1..20`);
  const N = 2 ** d;
  const c = 1 / Math.sqrt(d);
  const X = new Float64Array(N * d);
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) X[i * d + j] = (i >> j) & 1 ? -c : c;
  return X;
}
