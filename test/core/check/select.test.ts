import { describe, expect, it } from 'vitest';
import { claims } from '../../../properties/index';
import { InputError } from '../../../src/contract/errors';
import { closest, editDistance } from '../../../src/contract/did-you-mean';
import { selectClaims } from '../../../src/core/check/select';

const ids = (patterns: string[]) => selectClaims(claims, patterns).map((c) => c.id);

describe('selectClaims', () => {
  it('takes ids, families and globs, in the registry\'s order', () => {
    expect(ids(['quadratic.recovery-threshold'])).toEqual(['quadratic.recovery-threshold']);
    expect(ids(['quadratic'])).toEqual(claims.filter((c) => c.id.startsWith('quadratic.')).map((c) => c.id));
    expect(ids(['quadratic.*'])).toEqual(ids(['quadratic']));
    expect(ids(['*staircase', 'giant-step.single-*'])).toEqual(['giant-step.single-direction', 'giant-step.staircase', 'data-repetition.parity-staircase']);
  });

  it('names the nearest id or family of a pattern that matches nothing', () => {
    expect(() => ids(['quadratc'])).toThrow(InputError);
    expect(() => ids(['quadratc'])).toThrow(/\(did you mean quadratic\?\)$/);
    expect(() => ids(['giant-step.single-directon'])).toThrow(/\(did you mean giant-step\.single-direction\?\)$/);
    expect(() => ids(['nothing.like.it'])).not.toThrow(/did you mean/);
  });
});

describe('did you mean', () => {
  it('counts edits and keeps only near candidates', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('seeed', ['seed', 'scale', 'runs'])).toBe('seed');
    expect(closest('xyz', ['seed', 'scale'])).toBeUndefined();
  });
});
