// Tests of properties/batch-size/family.ts: the rule of both claims and the protocol's step size and horizon.
import { describe, expect, it } from 'vitest';
import { batchExpect, criticalBatch, horizon, learningRate, LOSS, SQUARE_STALL } from '../../../properties/batch-size/family';
import { expectClose } from '../../helpers/close';

describe('the batch-size family', () => {
  it('the rule: holds below d^{3/2}/4, square fails from 16·d^{3/2}, correlation holds until t* hits its floor', () => {
    const at = (d: number, nb: number, loss: number) => batchExpect({ d, nb, loss }).outcome;
    expect(criticalBatch(16)).toBe(64);
    expect(SQUARE_STALL).toBe(16);
    expect(at(16, 16, LOSS.square)).toBe('holds');
    expect(at(16, 16, LOSS.correlation)).toBe('holds');
    expect(at(32, 45, LOSS.square)).toBe('holds');
    expect(at(16, 64, LOSS.square)).toBe('observe');
    expect(at(16, 256, LOSS.square)).toBe('observe');
    expect(at(16, 512, LOSS.square)).toBe('observe');
    expect(at(16, 1023, LOSS.square)).toBe('observe');
    expect(at(16, 1024, LOSS.square)).toBe('fails');
    expect(at(32, 2048, LOSS.square)).toBe('observe');
    expect(at(32, 2897, LOSS.square)).toBe('fails');
    expect(at(16, 256, LOSS.correlation)).toBe('holds');
    expect(at(16, 1024, LOSS.correlation)).toBe('observe');
    expect(at(32, 1024, LOSS.correlation)).toBe('holds');
    expect(() => batchExpect({ d: 16, nb: 4, loss: 2 })).toThrow('params.loss');
  });

  it('γ = 0.01·n_b·d^{−3/2} capped at 0.5, T = 100d²/n_b', () => {
    expectClose(learningRate(16, 4), 0.04 / 64, 1e-15);
    expect(learningRate(16, 1e6)).toBe(0.5);
    expect(horizon(16, 1)).toBe(25600);
    expect(horizon(16, 1024)).toBe(25);
  });
});
