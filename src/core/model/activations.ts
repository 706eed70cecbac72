// The activations σ of the two-layer network and their derivatives σ'. Scalar versions for checks and
// tests; array versions for the training loops, one monomorphic loop per activation (the switch sits
// outside the loop so the inner loop is a straight pass over contiguous memory).
import { ACTIVATIONS, isOneOf, type Activation } from '../../contract/values';

export function isActivation(value: unknown): value is Activation {
  return isOneOf(ACTIVATIONS, value);
}

/** σ(z). The Hermite activations are the probabilists' polynomials He2, He3, He4. */
export function sigma(kind: Activation, z: number): number {
  switch (kind) {
    case 'relu':
      return z > 0 ? z : 0;
    case 'quadratic':
      return z * z;
    case 'tanh':
      return Math.tanh(z);
    case 'linear':
      return z;
    case 'he2':
      return z * z - 1;
    case 'he3':
      return z * (z * z - 3);
    case 'he4': {
      const z2 = z * z;
      return z2 * (z2 - 6) + 3;
    }
  }
}

/** σ'(z), with relu'(0) = 0. */
export function sigmaPrime(kind: Activation, z: number): number {
  switch (kind) {
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'quadratic':
    case 'he2':
      return 2 * z;
    case 'tanh': {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    case 'linear':
      return 1;
    case 'he3':
      return 3 * (z * z - 1);
    case 'he4':
      return 4 * z * (z * z - 3);
  }
}

/** out[i] = σ(z[i]) for i < len. `out` may be `z` (in place). */
export function sigmaInto(kind: Activation, z: Float64Array, out: Float64Array, len = z.length): Float64Array {
  switch (kind) {
    case 'relu':
      // Branch-free: ½(v + |v|); the data-dependent branch of max(v, 0) mispredicts on random signs.
      for (let i = 0; i < len; i++) {
        const v = z[i];
        out[i] = 0.5 * (v + Math.abs(v));
      }
      break;
    case 'quadratic':
      for (let i = 0; i < len; i++) {
        const v = z[i];
        out[i] = v * v;
      }
      break;
    case 'tanh':
      for (let i = 0; i < len; i++) out[i] = Math.tanh(z[i]);
      break;
    case 'linear':
      if (out !== z) for (let i = 0; i < len; i++) out[i] = z[i];
      break;
    case 'he2':
      for (let i = 0; i < len; i++) {
        const v = z[i];
        out[i] = v * v - 1;
      }
      break;
    case 'he3':
      for (let i = 0; i < len; i++) {
        const v = z[i];
        out[i] = v * (v * v - 3);
      }
      break;
    case 'he4':
      for (let i = 0; i < len; i++) {
        const v2 = z[i] * z[i];
        out[i] = v2 * (v2 - 6) + 3;
      }
      break;
  }
  return out;
}

/** out[i] = σ'(z[i]) for i < len. `out` may be `z` (in place). */
export function sigmaPrimeInto(kind: Activation, z: Float64Array, out: Float64Array, len = z.length): Float64Array {
  switch (kind) {
    case 'relu':
      // +(v > 0) compiles to a compare-and-convert, not a branch; relu'(0) = 0.
      for (let i = 0; i < len; i++) out[i] = +(z[i] > 0);
      break;
    case 'quadratic':
    case 'he2':
      for (let i = 0; i < len; i++) out[i] = 2 * z[i];
      break;
    case 'tanh':
      for (let i = 0; i < len; i++) {
        const t = Math.tanh(z[i]);
        out[i] = 1 - t * t;
      }
      break;
    case 'linear':
      out.fill(1, 0, len);
      break;
    case 'he3':
      for (let i = 0; i < len; i++) {
        const v = z[i];
        out[i] = 3 * (v * v - 1);
      }
      break;
    case 'he4':
      for (let i = 0; i < len; i++) {
        const v = z[i];
        out[i] = 4 * v * (v * v - 3);
      }
      break;
  }
  return out;
}
