// Reading rung parameters and drawing instance choices: shared by the claim files.
import fc from 'fast-check';
import type { CountParam, ParamRange, Params } from '../../src/contract/claim';
import { InputError } from '../../src/contract/errors';

/** The seed of a trial's heavy Gaussian data: the check builds everything else from stream(seed). */
export const SEED = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/**
 * Uniform on [lo, hi] in value, shrinking towards lo. fc.double is uniform over representable doubles, so
 * on [0, 0.1] it almost always returns values below 1e−100: a scale parameter would never be exercised.
 */
export function uniform(lo: number, hi: number): fc.Arbitrary<number> {
  const steps = 2 ** 20;
  return fc.integer({ min: 0, max: steps }).map((k) => lo + ((hi - lo) * k) / steps);
}

export function intParam(p: Params, name: string, min: number): number {
  const v = p[name];
  if (!Number.isInteger(v) || v < min) throw new InputError(`params.${name}`, v, `an integer ≥ ${min}`);
  return v;
}

export function positiveParam(p: Params, name: string): number {
  const v = p[name];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new InputError(`params.${name}`, v, 'a finite number > 0');
  return v;
}

/** A numeric variant (family, control, ...): absent means 0. */
export function choice(p: Params, name: string, allowed: readonly number[]): number {
  const v = p[name] ?? 0;
  if (!allowed.includes(v)) throw new InputError(`params.${name}`, v, `one of ${allowed.join(', ')}`);
  return v;
}

/** A count given directly (e.g. N) wins over its ratio to a scale (e.g. N/N*), so `--at d=5,N=14` means N = 14. */
export function countOf(p: Params, name: string, ratioName: string, unit: number): number {
  if (p[name] !== undefined) return intParam(p, name, 1);
  return Math.max(1, Math.round(positiveParam(p, ratioName) * unit));
}

/** A range of whole numbers in a claim's domain: a dimension, a count, a variant code. */
export function integers(min: number, max: number, why?: string): ParamRange {
  return { min, max, integer: true, ...(why ? { why } : {}) };
}

/** A range of real numbers in a claim's domain. */
export function reals(min: number, max: number, why?: string): ParamRange {
  return { min, max, ...(why ? { why } : {}) };
}

/** A 0/1 variant (a control, a fresh batch, ...). */
export const FLAG = integers(0, 1);

/** A count a custom rung gives for `ratio`, whose scale is d² (N for NOverD2, mStar for mStarOverD2). */
export function perDSquared(ratio: string): CountParam {
  return { ratio, unit: (p) => intParam(p, 'd', 2) ** 2 };
}
