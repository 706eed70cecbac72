import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/contract/errors';
import { replay } from '../../../src/core/check/replay';
import { referenceTrainer } from '../../../src/core/train/reference';
import { offsetClaim, thresholdClaim } from '../../helpers/toy-claims';

describe('replay of a shrink path', () => {
  it('refuses a path that does not exist for the seed with an InputError naming --path, in both modes', async () => {
    const at = { threshold: 7, kMax: 100 };
    for (const request of [
      { seed: 1, path: '5:7:9:100', at, trainer: referenceTrainer },
      { seed: 1, path: '99:99:99', at: { minOffset: -1 }, space: true, trainer: referenceTrainer },
    ]) {
      const claim = request.space ? offsetClaim : thresholdClaim;
      const err = await replay(claim, request).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe('--path');
    }
  });

  it('replays a path that exists', async () => {
    const result = await replay(thresholdClaim, { seed: 1, path: '0', at: { threshold: 7, kMax: 100 }, trainer: referenceTrainer });
    expect(result.instance).toMatchObject({ k: expect.any(Number) });
  });
});
