import { expect } from 'vitest';

/**
 * |actual − expected| ≤ rtol · max(1, |expected|) entrywise: an absolute tolerance near 0, a relative one
 * for large entries (what tfjs's expectArraysClose does with its epsilon).
 */
export function expectClose(actual: number, expected: number, rtol = 1e-12, label = ''): void {
  const err = Math.abs(actual - expected);
  const bound = rtol * Math.max(1, Math.abs(expected));
  if (!(err <= bound)) {
    expect.fail(`${label ? `${label}: ` : ''}got ${actual}, expected ${expected} (error ${err.toExponential(2)} > ${bound.toExponential(2)})`);
  }
}

export function expectArraysClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-12, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], rtol, `${label}[${i}]`);
}
