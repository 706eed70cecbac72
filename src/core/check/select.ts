import type { Claim, Params, Rung, ScaleName } from '../../contract/claim';
import { InputError } from '../../contract/errors';
import { customParams } from './domain';

/** Claims matching any pattern: an exact id or a family prefix (`quadratic` or `quadratic.`). */
export function selectClaims<C extends Claim<any>>(claims: readonly C[], patterns: readonly string[] | undefined): C[] {
  if (!patterns || patterns.length === 0) return [...claims];
  const chosen = new Set<C>();
  for (const pattern of patterns) {
    const prefix = pattern.endsWith('.') ? pattern : `${pattern}.`;
    const matched = claims.filter((c) => c.id === pattern || c.id.startsWith(prefix));
    if (matched.length === 0) {
      const families = [...new Set(claims.map((c) => c.id.split('.')[0]))].join(', ');
      throw new InputError('--claim', pattern, `a claim id (see \`theorycheck list\`) or a family: ${families}`);
    }
    matched.forEach((c) => chosen.add(c));
  }
  return claims.filter((c) => chosen.has(c));
}

/** The rungs to run: the claim's ladder at a scale, or one custom rung from `--at`, named by all its parameters. */
export function rungsFor(claim: Claim<any>, scale: ScaleName, at?: Params): Rung[] {
  if (!at) return claim.ladders[scale];
  const params = customParams(claim, at);
  return [{ params, expected: claim.expect(params) }];
}
