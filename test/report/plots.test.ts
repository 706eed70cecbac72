import { afterEach, describe, expect, it, vi } from 'vitest';
import { compile } from 'vega-lite';
import type { LoggerInterface } from 'vega';
import { claimSpec, claimPlots, MARK, markClass, renderSvg } from '../../src/report/plots';
import { runClaims } from '../../src/runner/run';
import { recoveryThreshold } from '../../properties/quadratic/recovery-threshold';
import { identityBelowBarrier } from '../../properties/quadratic/identity-below-barrier';
import { coinClaim, thresholdClaim } from '../helpers/toy-claims';
import { transitionClaim } from '../helpers/reports';
import { referenceTrainer } from '../../src/core/train/reference';
import type { Report } from '../../src/contract/report';

/** A vega-lite logger that records warnings: a misspelt or misplaced property shows up as one. */
function recorder(): LoggerInterface & { messages: string[] } {
  const messages: string[] = [];
  let level = 0;
  const logger = {
    messages,
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...m: unknown[]) => (messages.push(`error ${m.join(' ')}`), logger),
    warn: (...m: unknown[]) => (messages.push(`warn ${m.join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as LoggerInterface & { messages: string[] };
}

let report: Report | undefined;
async function smallReport(): Promise<Report> {
  report ??= await runClaims([recoveryThreshold, identityBelowBarrier, coinClaim, thresholdClaim], { seed: 1, trainer: referenceTrainer, scale: 'small', shrink: false });
  return report;
}

afterEach(() => vi.restoreAllMocks());

describe('claim plots', () => {
  it('compile without a vega-lite or vega warning', async () => {
    const r = await smallReport();
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    for (const claim of r.claims) {
      const spec = claimSpec(claim);
      expect(spec, claim.id).toBeDefined();
      const logger = recorder();
      compile(spec!, { logger });
      expect(logger.messages, claim.id).toEqual([]);
      await renderSvg(spec!);
    }
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('draw axes, the pass rate, and the threshold rule where the claim predicts one', async () => {
    const r = await smallReport();
    const plots = await claimPlots(r.claims);
    expect([...plots.keys()]).toEqual(r.claims.map((c) => c.id));
    for (const claim of r.claims) {
      const svg = plots.get(claim.id)!;
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.match(/class="mark-group role-axis"/g)?.length, claim.id).toBeGreaterThanOrEqual(2);
      expect(svg).toContain(markClass(MARK.rate));
      expect(svg).toContain(markClass(MARK.band));
      expect(svg.includes(markClass(MARK.threshold)), claim.id).toBe(Boolean(claim.plot?.threshold));
    }
    const threshold = recoveryThreshold.plot!.threshold!;
    expect(plots.get(recoveryThreshold.id)).toContain(threshold.label);
    // The x axis is the claim's parameter; a claim without plot.x gets its first varying rung parameter.
    expect(plots.get(recoveryThreshold.id)).toContain(`>${recoveryThreshold.plot!.x}<`);
    expect(plots.get(coinClaim.id)).toContain('>p<');
  });

  it('add a measured-vs-theory panel for observables with reference values', async () => {
    const r = await smallReport();
    const plots = await claimPlots(r.claims);
    const identity = plots.get(identityBelowBarrier.id)!;
    expect(r.claims.find((c) => c.id === identityBelowBarrier.id)!.results.some((x) => x.reference?.ratio !== undefined)).toBe(true);
    expect(identity).toContain('ratio: measured vs theory (dashed)');
    expect(identity).toContain(markClass(`${MARK.theory}_1`));
    expect(plots.get(recoveryThreshold.id)).not.toContain('measured vs theory');
  });

  it('render byte-identical SVG for the same report', async () => {
    const r = await smallReport();
    const a = await claimPlots(r.claims);
    const b = await claimPlots(structuredClone(r.claims));
    for (const [id, svg] of a) expect(b.get(id)).toBe(svg);
  });

  it('draw each series\' fitted curve and its located threshold, without a warning', async () => {
    const claim = transitionClaim();
    const spec = claimSpec(claim)!;
    const logger = recorder();
    compile(spec, { logger });
    expect(logger.messages).toEqual([]);
    const svg = await renderSvg(spec);
    for (const mark of [MARK.fit, MARK.located, MARK.x50]) expect(svg).toContain(markClass(mark));
  });
});
