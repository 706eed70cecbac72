import { describe, expect, it } from 'vitest';
import { fdlibmLog } from '../../../src/core/rng/log';
import { stream } from '../../../src/core/rng/stream';
import { normalsKernel } from '../../../src/core/rng/wasm/loader';

/** Arguments of every kind: the polar method's q in (0, 1), the whole exponent range, near 1 (the |f| < 2^-20 branch), subnormals. */
function samples(count: number): Float64Array {
  const s = stream('log arguments');
  const xs = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const u = s.uniform();
    switch (i % 4) {
      case 0:
        xs[i] = u;
        break;
      case 1:
        xs[i] = Math.exp(1416 * u - 708);
        break;
      case 2:
        xs[i] = 1 + (u - 0.5) * 2 ** -18;
        break;
      default:
        xs[i] = u * 2 ** -1022;
    }
  }
  return xs;
}

const SPECIAL = [0, -0, 1, 2, 0.5, Number.MIN_VALUE, Number.MAX_VALUE, 2 ** -1022, Infinity, -Infinity, -1, Number.NaN, 1 + 2 ** -52, 1 - 2 ** -53];
const COUNT = 1_000_000;
const node20 = process.versions.node.startsWith('20.');

describe('fdlibmLog', () => {
  it.runIf(node20)("is Node 20's Math.log, bit for bit, on a million arguments and the special values", () => {
    const xs = samples(COUNT);
    let differ = 0;
    for (const x of xs) if (fdlibmLog(x) !== Math.log(x)) differ++;
    expect(differ).toBe(0);
    for (const x of SPECIAL) expect(Object.is(fdlibmLog(x), Math.log(x)), String(x)).toBe(true);
  });
  it('is within an ulp of Math.log on any engine', () => {
    let far = 0;
    for (const x of samples(100_000)) {
      const want = Math.log(x);
      if (!(Math.abs(fdlibmLog(x) - want) <= Math.abs(want) * Number.EPSILON)) far++;
    }
    expect(far).toBe(0);
  });
  it.runIf(normalsKernel() !== null)('has a WebAssembly twin that agrees bit for bit', () => {
    const kernel = normalsKernel();
    if (!kernel) return;
    const xs = samples(COUNT);
    let differ = 0;
    for (const x of xs) if (kernel.fdlibmLog(x) !== fdlibmLog(x)) differ++;
    expect(differ).toBe(0);
    for (const x of SPECIAL) expect(Object.is(kernel.fdlibmLog(x), fdlibmLog(x)), String(x)).toBe(true);
  });
});
