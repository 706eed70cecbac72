// The values a TrainRequest may name, listed once: the request's schema (and so its types), the trainer
// protocol's greeting and the reference trainer's supports() all read these lists.

export const ACTIVATIONS = ['relu', 'quadratic', 'tanh', 'linear', 'he2', 'he3', 'he4'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Output scaling s(m) in f(x) = s(m) · Σ_j a_j σ(w_j·x / inputScale): 1/√m, 1/m or 1. */
export const OUTPUT_SCALINGS = ['inv-sqrt-m', 'inv-m', 'none'] as const;
export type OutputScaling = (typeof OUTPUT_SCALINGS)[number];

export const LOSS_KINDS = ['square', 'logistic', 'correlation'] as const;

export const REDUCTIONS = ['mean', 'sum'] as const;

export const ALGORITHM_KINDS = ['gd', 'sgd', 'gd-backtracking', 'online'] as const;

export const CONSTRAINT_KINDS = ['unit-rows', 'norm-only'] as const;

/** Whether value is one of the allowed values. */
export function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return (allowed as readonly unknown[]).includes(value);
}
