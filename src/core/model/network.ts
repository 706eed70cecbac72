// The two-layer network f(x) = s(m) · Σ_j a_j σ(w_j·x / c), W m x d row-major, a length m, c = inputScale.
// A batch X (n x d row-major) goes through Z = X Wᵀ / c (n x m), S = σ(Z), f = s · S a. With r = ∂L/∂f:
//   ∂L/∂a = s · Sᵀ r,   ∂L/∂W = Gᵀ X with G_ij = (s/c) r_i a_j σ'(Z_ij).
// All buffers live in a Workspace made once per trial; forward and backward allocate nothing.
import { gemmNT, gemmTN, gemv, gemvT } from '../linalg/gemm';
import type { Activation, LossSpec, NetworkSpec, OutputScaling } from '../../contract/trainer';
import { activate, gradientFactor } from './pointwise';
import { lossAndDerivative, lossValue } from './loss';
import { acquireWorkspace, releaseWorkspace, type Workspace } from './workspaces';


/** s(m): 1/√m (standard / NTK scaling), 1/m (mean-field scaling), or 1. */
export function outputScale(kind: OutputScaling, m: number): number {
  switch (kind) {
    case 'inv-sqrt-m':
      return 1 / Math.sqrt(m);
    case 'inv-m':
      return 1 / m;
    case 'none':
      return 1;
  }
}

/** The fixed shape and constants of a network, resolved once so the loops read plain numbers. */
export interface Architecture {
  readonly activation: Activation;
  readonly d: number;
  readonly m: number;
  /** Output scale s(m). */
  readonly s: number;
  /** 1 / inputScale. */
  readonly invScale: number;
}

export function architecture(
  spec: Pick<NetworkSpec, 'activation' | 'd' | 'm' | 'outputScaling' | 'inputScale'>,
): Architecture {
  return {
    activation: spec.activation,
    d: spec.d,
    m: spec.m,
    s: outputScale(spec.outputScaling, spec.m),
    invScale: 1 / (spec.inputScale ?? 1),
  };
}

export { acquireWorkspace, createWorkspace, releaseWorkspace, type Workspace } from './workspaces';

/** f = network outputs on the first n rows of X, written to ws.f (returned). Leaves Z and S for backward. */
export function forward(net: Architecture, W: Float64Array, a: Float64Array, X: Float64Array, n: number, ws: Workspace): Float64Array {
  const { d, m, s, invScale } = net;
  const { Z, S, f } = ws;
  const nm = n * m;
  gemmNT(n, m, d, X, W, Z);
  activate(net.activation, Z, S, nm, invScale);
  gemv(n, m, S, a, f);
  if (s !== 1) for (let i = 0; i < n; i++) f[i] *= s;
  return f;
}

/**
 * Given ws.r = ∂L/∂f and the state of the last forward on the same (W, a, X, n), writes ∂L/∂W to ws.gW
 * (when wantW) and ∂L/∂a to ws.ga (when wantA). Consumes ws.Z.
 */
export function backward(net: Architecture, a: Float64Array, X: Float64Array, n: number, ws: Workspace, wantW: boolean, wantA: boolean): void {
  const { d, m, s, invScale } = net;
  const { Z, S, r, gW, ga } = ws;
  if (wantA) {
    gemvT(n, m, S, r, ga);
    if (s !== 1) for (let j = 0; j < m; j++) ga[j] *= s;
  }
  if (wantW) {
    const G = Z;
    gradientFactor(net.activation, Z, S, G, r, a, n, m, s * invScale);
    gemmTN(m, d, n, G, X, gW);
  }
}

/** The batch loss at (W, a) on the first n samples. */
export function lossAt(
  net: Architecture, loss: LossSpec, W: Float64Array, a: Float64Array, X: Float64Array, y: Float64Array, n: number, ws: Workspace,
): number {
  forward(net, W, a, X, n, ws);
  return lossValue(loss, ws.f, y, n);
}

/** Loss and gradients from the state of the last forward (on the same W, a, X, y, n): no second forward. */
export function gradientFromForward(
  net: Architecture, loss: LossSpec, a: Float64Array, X: Float64Array, y: Float64Array, n: number, ws: Workspace, wantW: boolean, wantA: boolean,
): number {
  const value = lossAndDerivative(loss, ws.f, y, n, ws.r);
  backward(net, a, X, n, ws, wantW, wantA);
  return value;
}

/** The batch loss at (W, a), with ∂L/∂W in ws.gW (when wantW) and ∂L/∂a in ws.ga (when wantA). */
export function lossAndGradient(
  net: Architecture, loss: LossSpec, W: Float64Array, a: Float64Array, X: Float64Array, y: Float64Array, n: number, ws: Workspace,
  wantW = true, wantA = true,
): number {
  forward(net, W, a, X, n, ws);
  return gradientFromForward(net, loss, a, X, y, n, ws, wantW, wantA);
}

/** Outputs of the network on n samples, in a fresh array (for checks, not for training loops). */
export function predict(net: Architecture, W: Float64Array, a: Float64Array, X: Float64Array, n: number): Float64Array {
  const ws = acquireWorkspace(n, net.d, net.m, { gradients: false });
  const f = forward(net, W, a, X, n, ws).slice(0, n);
  releaseWorkspace(ws);
  return f;
}
