// One full-batch GD step of the two-layer ReLU network (forward, loss, both gradients, update) through the
// model's own code, as the reference trainer takes it: the workspace made once, the step allocating nothing.
import { setKernelBackend } from '../src/core/linalg/gemm';
import { architecture, createWorkspace, lossAndGradient } from '../src/core/model/network';
import { stream } from '../src/core/rng';
import { bestSeconds } from './timing';

export interface StepShape {
  n: number;
  d: number;
  m: number;
}

export const STEP: StepShape = { n: 4096, d: 64, m: 256 };

/** Seconds per step: with the automatic kernel choice (WebAssembly where it pays), or pure JS throughout. */
export function timeStep({ n, d, m }: StepShape, backend: 'auto' | 'js'): number {
  setKernelBackend(backend === 'js' ? 'js' : undefined);
  try {
    const rng = stream(5);
    const X = rng.normals(n * d, 1);
    const y = rng.normals(n, 1);
    const W = rng.normals(m * d, 1 / Math.sqrt(d));
    const a = rng.normals(m, 1);
    const net = architecture({ activation: 'relu', d, m, outputScaling: 'inv-sqrt-m', inputScale: 1 });
    const ws = createWorkspace(n, d, m);
    const loss = { kind: 'square' as const };
    const eta = 1e-3;
    return bestSeconds(() => {
      lossAndGradient(net, loss, W, a, X, y, n, ws);
      for (let k = 0; k < m * d; k++) W[k] -= eta * ws.gW[k];
      for (let j = 0; j < m; j++) a[j] -= eta * ws.ga[j];
    });
  } finally {
    setKernelBackend(undefined);
  }
}
