// `run --locate`: after a claim's ladder, rungs placed on each series of its transition, one per series a round,
// until every series' threshold interval is narrower than asked, cannot be narrowed, or has its rungs.
// A placed rung is a rung like any other: its parameters are those of the series with x moved, its expectation the
// claim's at them, its trials seeded by (run seed, claim, rung name, trial) and checkpointed under that key. So a
// run with --locate is reproducible and resumable: the same results place the same rungs.
import type { Claim, Params, Rung } from '../contract/claim';
import { rungName } from '../contract/claim';
import type { LocateLog, RungResult } from '../contract/report';
import { nextProbe } from '../core/stats/locate';
import { locateTransition, type TransitionSpec } from '../core/stats/transition';

/** Rungs placed per series at most: bisection halves the bracket each time, so 8 take it to 1/256 of its width. */
export const LOCATE_RUNGS = 8;

/** The parameters of the series' rung `base` with x moved to `value`, snapped to what the claim runs; or undefined. */
export function movedParams(claim: Pick<Claim, 'counts' | 'domain'>, base: Params, x: string, value: number): Params | undefined {
  const count = Object.entries(claim.counts ?? {}).find(([, c]) => c.ratio === x);
  let params: Params;
  if (count) {
    const [name, { unit }] = count;
    const scale = unit(base);
    const n = Math.round(value * scale);
    if (!(n >= 1)) return undefined;
    params = { ...base, [x]: n / scale, [name]: n };
  } else params = { ...base, [x]: claim.domain?.[x]?.integer ? Math.round(value) : value };
  const range = claim.domain?.[x];
  if (range && !(params[x] >= range.min && params[x] <= range.max)) return undefined;
  return params;
}

/** The series a rung belongs to: the value of `by` (one series when there is none). */
function seriesKey(spec: TransitionSpec, params: Params): number | undefined {
  return spec.by === undefined ? undefined : params[spec.by];
}

/**
 * Places and runs rungs on the claim's transition after its ladder's `results`, returning the placed rungs' results
 * and what happened on each series. `runRung` runs one placed rung (to its full trial count).
 */
export async function locateRungs(
  claim: Claim<any>,
  spec: TransitionSpec,
  results: readonly RungResult[],
  width: number,
  runRung: (rung: Rung, index: number) => Promise<RungResult>,
  halted: () => boolean = () => false,
): Promise<{ results: RungResult[]; log: LocateLog }> {
  const added: RungResult[] = [];
  const stops = new Map<number | undefined, { stop: string; narrowEnough?: true }>();
  const placed = new Map<number | undefined, number>();
  const names = new Set(results.map((r) => r.scale.name));
  for (;;) {
    const all = [...results, ...added];
    const transition = locateTransition(spec, all);
    const probes: Rung[] = [];
    for (const series of transition.series) {
      if (stops.has(series.at)) continue;
      const done = placed.get(series.at) ?? 0;
      // The rungs the series' fit reads: those of its `by` value that the declaration's `where` selects.
      const mine = all.filter((r) => seriesKey(spec, r.scale.params) === series.at && spec.x in r.scale.params && Object.entries(spec.where ?? {}).every(([k, v]) => r.scale.params[k] === v));
      const base = mine[0]?.scale.params;
      const stop = (why: string, narrowEnough?: true) => stops.set(series.at, { stop: why, ...(narrowEnough ? { narrowEnough } : {}) });
      if (!base) {
        stop('no rung of the series to move');
        continue;
      }
      const probe = nextProbe(series, {
        log: spec.log,
        width,
        xs: mine.map((r) => r.scale.params[spec.x]),
        snap: (value) => movedParams(claim, base, spec.x, value)?.[spec.x],
      });
      if ('stop' in probe) {
        stop(probe.stop, probe.narrowEnough);
        continue;
      }
      if (done >= LOCATE_RUNGS) {
        stop(`${LOCATE_RUNGS} rungs placed, the most a series gets`);
        continue;
      }
      const params = movedParams(claim, base, spec.x, probe.x) as Params;
      const rung: Rung = { params, expected: claim.expect(params) };
      // Two placed x that print alike would share trial keys and seeds: the series stops short of that instead.
      if (names.has(rungName(rung))) {
        stop(`the next rung, ${rungName(rung)}, prints like one already run`);
        continue;
      }
      names.add(rungName(rung));
      placed.set(series.at, done + 1);
      probes.push(rung);
    }
    if (probes.length === 0 || halted()) break;
    const start = results.length + added.length;
    added.push(...(await Promise.all(probes.map((rung, i) => runRung(rung, start + i)))));
  }
  const log: LocateLog = {
    width,
    series: [...new Set([...stops.keys(), ...placed.keys()])].sort((p, q) => (p ?? 0) - (q ?? 0)).map((at) => {
      const s = stops.get(at);
      return { ...(at !== undefined ? { at } : {}), added: placed.get(at) ?? 0, stop: s?.stop ?? 'the run stopped (--bail)', ...(s?.narrowEnough ? { narrowEnough: true as const } : {}) };
    }),
  };
  return { results: added.map((r) => ({ ...r, placed: true as const })), log };
}
