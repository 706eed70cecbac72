// Batch losses L(f, y) = Σ_i ℓ(f_i, y_i) (sum) or (1/n) Σ_i ℓ(f_i, y_i) (mean), and dL/df_i.
// square ℓ = ½(y − f)²; logistic ℓ = log(1 + e^{−y f}); correlation ℓ = −y f (see LossSpec).
import type { LossSpec } from '../../contract/trainer';


/** log(1 + e^{−t}) without overflow for t ≪ 0 and without losing digits for t ≫ 0. */
export function softplusNeg(t: number): number {
  return t > 0 ? Math.log1p(Math.exp(-t)) : -t + Math.log1p(Math.exp(t));
}

/** 1 / (1 + e^{t}) = d/dt log(1 + e^{−t}) · (−1), evaluated without overflow. */
function logisticWeight(t: number): number {
  if (t > 0) {
    const e = Math.exp(-t);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(t));
}

/** The reduction's factor: 1/n for the mean, 1 for the sum. */
function reductionFactor(loss: LossSpec, n: number): number {
  return (loss.reduction ?? 'mean') === 'sum' ? 1 : 1 / n;
}

/** L over the first n entries of f and y. */
export function lossValue(loss: LossSpec, f: Float64Array, y: Float64Array, n: number): number {
  let total = 0;
  switch (loss.kind) {
    case 'square':
      for (let i = 0; i < n; i++) {
        const e = y[i] - f[i];
        total += e * e;
      }
      total *= 0.5;
      break;
    case 'logistic':
      for (let i = 0; i < n; i++) total += softplusNeg(y[i] * f[i]);
      break;
    case 'correlation':
      for (let i = 0; i < n; i++) total -= y[i] * f[i];
      break;
  }
  return total * reductionFactor(loss, n);
}

/** Writes r_i = ∂L/∂f_i (reduction included) for i < n and returns L. */
export function lossAndDerivative(loss: LossSpec, f: Float64Array, y: Float64Array, n: number, r: Float64Array): number {
  const c = reductionFactor(loss, n);
  let total = 0;
  switch (loss.kind) {
    case 'square':
      for (let i = 0; i < n; i++) {
        const e = f[i] - y[i];
        total += e * e;
        r[i] = c * e;
      }
      total *= 0.5;
      break;
    case 'logistic':
      for (let i = 0; i < n; i++) {
        const t = y[i] * f[i];
        total += softplusNeg(t);
        r[i] = -c * y[i] * logisticWeight(t);
      }
      break;
    case 'correlation':
      for (let i = 0; i < n; i++) {
        total -= y[i] * f[i];
        r[i] = -c * y[i];
      }
      break;
  }
  return total * c;
}
