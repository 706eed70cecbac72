import type { Claim, Params, Rung, ScaleName } from '../../contract/claim';
import { rungName } from '../../contract/claim';
import { InputError } from '../../contract/errors';
import { didYouMean } from '../../contract/did-you-mean';
import { customParams } from './domain';

/** A glob's regular expression: `*` any run of characters (dots too), `?` one character. */
function globRegex(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * Claims matching any pattern: an exact id, a family prefix (`quadratic` or `quadratic.`) or a glob
 * (`quadratic.*`, `*.staircase`). A pattern matching nothing is bad input, with the nearest id or family.
 */
export function selectClaims<C extends Claim<any>>(claims: readonly C[], patterns: readonly string[] | undefined, field = '--claim'): C[] {
  if (!patterns || patterns.length === 0) return [...claims];
  const chosen = new Set<C>();
  for (const pattern of patterns) {
    const prefix = pattern.endsWith('.') ? pattern : `${pattern}.`;
    const glob = /[*?]/.test(pattern) ? globRegex(pattern) : undefined;
    const matched = claims.filter((c) => (glob ? glob.test(c.id) : c.id === pattern || c.id.startsWith(prefix)));
    if (matched.length === 0) {
      const families = [...new Set(claims.map((c) => c.id.split('.')[0]))];
      const near = didYouMean(pattern, [...families, ...claims.map((c) => c.id)]);
      throw new InputError(field, pattern, `a claim id (see \`theorycheck list\`), a glob such as quadratic.* or a family: ${families.join(', ')}${near}`);
    }
    matched.forEach((c) => chosen.add(c));
  }
  return claims.filter((c) => chosen.has(c));
}

/** Whether `--grep` keeps a rung: the pattern is searched in "claim-id rung-name" (case-sensitive, as a RegExp). */
function matchesGrep(claim: Claim<any>, rung: Rung, grep: string): boolean {
  return new RegExp(grep).test(`${claim.id} ${rungName(rung)}`);
}

/** The rungs to run: the claim's ladder at a scale, or one custom rung from `--at`, named by all its parameters. */
export function rungsFor(claim: Claim<any>, scale: ScaleName, at?: Params, grep?: string): Rung[] {
  if (!at) return grep === undefined ? claim.ladders[scale] : claim.ladders[scale].filter((rung) => matchesGrep(claim, rung, grep));
  const params = customParams(claim, at);
  return [{ params, expected: claim.expect(params) }];
}
