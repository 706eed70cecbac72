// The parameters of a custom rung (--at) and of a search space, checked against what the claim allows: every key
// known (a likely typo is named), every value inside the claim's domain, a count given for its ratio resolved.
import type { Claim, Domain, ParamRange, Params } from '../../contract/claim';
import { formatParam } from '../../contract/claim';
import { InputError } from '../../contract/errors';
import { didYouMean } from '../../contract/did-you-mean';

/** "an integer in [2, 32]" or "a number in [0.001, 4]". */
function rangeText(range: ParamRange): string {
  return `${range.integer ? 'an integer' : 'a number'} in [${formatParam(range.min)}, ${formatParam(range.max)}]`;
}

function inRange(value: number, range: ParamRange): boolean {
  return value >= range.min && value <= range.max && (!range.integer || Number.isInteger(value));
}

function checkKeys(given: Params, names: readonly string[], owner: string): void {
  for (const key of Object.keys(given)) {
    if (names.includes(key)) continue;
    throw new InputError('--at', key, `parameters of ${owner}: ${names.join(', ')}${didYouMean(key, names)}`);
  }
}

/** What a range allows, for whom and why: the end of the error's line. */
function allowed(range: ParamRange, owner: string): string {
  return `${rangeText(range)} for ${owner}${range.why ? ` (${range.why})` : ''}`;
}

function checkValues(given: Params, domain: Domain, owner: string): void {
  for (const [key, value] of Object.entries(given)) {
    const range = domain[key];
    if (range && !inRange(value, range)) throw new InputError(`--at ${key}`, value, allowed(range, owner));
  }
}

/** The names a custom rung may set: the domain's, or (a claim without one) those of its defaults, counts and ladder. */
function customNames(claim: Claim<any>): string[] {
  if (claim.domain) return Object.keys(claim.domain);
  return [...new Set([...Object.keys(claim.defaults), ...Object.keys(claim.counts ?? {}), ...claim.ladders.default.flatMap((r) => Object.keys(r.params))])];
}

/**
 * A count given for its ratio (N for N/N*) sets the ratio too, so the rung is named and plotted where it ran; a
 * ratio given with it must agree (a replay line carries both), and the ratio must lie in the domain.
 */
function resolveCounts(claim: Claim<any>, params: Params, at: Params): Params {
  let resolved = params;
  for (const [count, { ratio, unit }] of Object.entries(claim.counts ?? {})) {
    if (at[count] === undefined) continue;
    const scale = unit(resolved);
    const value = at[count] / scale;
    if (at[ratio] !== undefined && Math.round(at[ratio] * scale) !== at[count]) {
      throw new InputError(`--at ${ratio}`, at[ratio], `${formatParam(value)}, the ratio ${count} = ${formatParam(at[count])} gives, or ${ratio} left out`);
    }
    const range = claim.domain?.[ratio];
    if (range && !inRange(value, range)) {
      throw new InputError(`--at ${count}`, at[count], `a count whose ${ratio} (here ${formatParam(value)}) is ${allowed(range, claim.id)}`);
    }
    resolved = { ...resolved, [ratio]: value };
  }
  return resolved;
}

/** The parameters of a custom rung: the claim's defaults overridden by `at`, checked against its domain. */
export function customParams(claim: Claim<any>, at: Params): Params {
  checkKeys(at, customNames(claim), claim.id);
  if (claim.domain) checkValues(at, claim.domain, claim.id);
  return resolveCounts(claim, { ...claim.defaults, ...at }, at);
}

/** The parameters of the claim's search space: `at` checked against its space domain, over the claim defaults. */
export function spaceParams(claim: Claim<any>, at: Params): Params {
  if (claim.spaceDomain) {
    const owner = `the search space of ${claim.id}`;
    checkKeys(at, Object.keys(claim.spaceDomain), owner);
    checkValues(at, claim.spaceDomain, owner);
  }
  return { ...claim.defaults, ...at };
}
