// Tests of properties/data-repetition/family.ts: the paper's step sizes, the contraction and the orthogonal start.
import { describe, expect, it } from 'vitest';
import { expectedAlong, orthogonalInit, rates } from '../../../properties/data-repetition/family';
import { orthonormalDirections } from '../../../src/core/data/targets';
import { stream } from '../../../src/core/rng';
import { expectClose } from '../../helpers/close';

describe('the data-repetition family', () => {
  it("the paper's step sizes: γ = 0.01·p/d and ρ = 0.1·p/d on the ½(y − f)² loss", () => {
    expectClose(rates(64).gamma, 0.01 / 64, 1e-15);
    expectClose(rates(64).rho, 0.1 / 64, 1e-15);
    expectClose(rates(32, 4).gamma, 0.04 / 32, 1e-15);
    expectClose(expectedAlong(0.01 / 64, 100 * 64), Math.exp(-0.5), 1e-15);
  });

  it('orthogonalInit: unit rows exactly orthogonal to the target directions', () => {
    const d = 16;
    const Theta = orthonormalDirections(stream('theta'), 3, d);
    const W = orthogonalInit(stream('init'), 4, d, Theta, 3);
    for (let j = 0; j < 4; j++) {
      const w = W.subarray(j * d, (j + 1) * d);
      expectClose(Math.hypot(...w), 1, 4 * d * Number.EPSILON);
      for (let l = 0; l < 3; l++) {
        const dot = w.reduce((s, v, q) => s + v * Theta[l * d + q], 0);
        expect(Math.abs(dot)).toBeLessThan(8 * d * Number.EPSILON);
      }
    }
  });
});
