import { describe, expect, it } from 'vitest';
import { estimateLeft, formatSeconds, progressSink } from '../../src/runner/progress';
import type { ProgressEvent } from '../../src/runner/run';

function recorder(isTTY: boolean, columns = 120) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns, write: (s: string) => chunks.push(s) } };
}

const event = (trial: number): ProgressEvent => ({ claim: 'fam.claim', claimIndex: 1, claims: 3, rung: 'd=4', rungIndex: 0, rungs: 2, trial, trials: 10 });

describe('progress', () => {
  it('formats durations and estimates the time left from the mean time per trial', () => {
    expect(formatSeconds(8.4)).toBe('8s');
    expect(formatSeconds(75)).toBe('1m15s');
    expect(formatSeconds(3725)).toBe('1h02m');
    expect(formatSeconds(Number.NaN)).toBe('…');
    expect(estimateLeft(10, 5, 20)).toBe(30);
    expect(estimateLeft(10, 0, 20)).toBeNaN();
    // The first trials carry the loading and warm-up: no estimate before 5% of them are done.
    expect(estimateLeft(1, 2, 100)).toBeNaN();
    expect(estimateLeft(1, 5, 100)).toBe(19);
  });

  it('writes nothing when quiet', () => {
    const { chunks, stream } = recorder(true);
    const sink = progressSink(stream, { quiet: true, total: 10 });
    sink.update(event(1));
    sink.done();
    expect(chunks).toEqual([]);
  });

  it('off a terminal, writes plain lines at most once per interval, then a closing line', () => {
    const { chunks, stream } = recorder(false);
    let t = 0;
    const sink = progressSink(stream, { intervalMs: 5000, total: 20, now: () => t });
    for (let trial = 1; trial <= 10; trial++) {
      t = trial * 1000;
      sink.update(event(trial));
    }
    sink.done();
    // Trials at t = 1 s (first), 6 s (5 s later), then nothing until done.
    expect(chunks).toHaveLength(3);
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\x1b'))).toBe(true);
    expect(chunks[0]).toBe('progress 5% · claim 2/3 fam.claim · rung 1/2 d=4 · trial 1/10 · 1s elapsed · ~19s left\n');
    expect(chunks[1]).toContain('30% · claim 2/3 fam.claim · rung 1/2 d=4 · trial 6/10 · 6s elapsed · ~14s left');
    expect(chunks[2]).toBe('progress done: 10 trials in 10s\n');
  });

  it('on a terminal, draws one bar redrawn in place with claims, rung, trial, elapsed and time left, and clears it', () => {
    const { chunks, stream } = recorder(true, 200);
    let t = 0;
    const sink = progressSink(stream, { total: 4, now: () => t });
    for (let trial = 1; trial <= 4; trial++) {
      t = trial * 2000;
      sink.update(event(trial));
    }
    sink.done();
    const out = chunks.join('');
    expect(out).toContain('claim 2/3 fam.claim · rung 1/2 d=4 · trial 4/10');
    expect(out).toMatch(/100% · 8s · ~0s left/);
    expect(out).not.toContain('\n');
    // Cleared on completion: the last thing written erases the line.
    expect(chunks.at(-1)).toBe('\x1b[2K');
  });

  it('on a narrow terminal, cuts the line to the width', () => {
    const { chunks, stream } = recorder(true, 50);
    const sink = progressSink(stream, { total: 2, now: () => 0 });
    sink.update(event(1));
    sink.done();
    const drawn = chunks.filter((c) => c.includes('%'));
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.every((c) => c.length < 50)).toBe(true);
  });
});
