// Progress of a run. On a terminal: one live cli-progress bar (claims done, rung, trial, elapsed, time left).
// Elsewhere (CI logs, pipes): a plain line at most every few seconds, so logs stay short. Quiet: nothing.
import cliProgress from 'cli-progress';
import type { ProgressEvent } from './run';

export interface ProgressSink {
  update(event: ProgressEvent): void;
  done(): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  quiet?: boolean;
  /** Least time between two plain lines (non-terminal output), default 5000 ms. */
  intervalMs?: number;
  /** Trials the run will draw (from its plan): the 100% of the bar and the base of the time estimate. */
  total?: number;
  /** Clock in ms, for tests. */
  now?: () => number;
}

/** 75 → "1m15s", 8 → "8s"; unknown (no trial done yet) → "…". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '…';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Share of the trials done before the time left is estimated: the first trials pay for loading and warm-up. */
const ESTIMATE_AFTER = 0.05;

/** Time left if the remaining trials take as long on average as the ones done; NaN (shown as …) until enough are. */
export function estimateLeft(elapsedSeconds: number, done: number, total: number): number {
  return done === 0 || done < ESTIMATE_AFTER * total ? Number.NaN : (elapsedSeconds * Math.max(0, total - done)) / done;
}

function position(e: ProgressEvent): string {
  return `claim ${e.claimIndex + 1}/${e.claims} ${e.claim} · rung ${e.rungIndex + 1}/${e.rungs} ${e.rung} · trial ${e.trial}/${e.trials}`;
}

export function progressSink(stream: ProgressStream, options: ProgressOptions = {}): ProgressSink {
  if (options.quiet) return { update() {}, done() {} };
  return stream.isTTY ? terminalBar(stream, options) : plainLines(stream, options);
}

function plainLines(stream: ProgressStream, options: ProgressOptions): ProgressSink {
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 5000;
  const started = now();
  let lastPrint = -Infinity;
  let done = 0;
  return {
    update(e) {
      done++;
      const t = now();
      if (t - lastPrint < interval) return;
      lastPrint = t;
      const elapsed = (t - started) / 1000;
      const total = Math.max(options.total ?? 0, done);
      const share = options.total ? `${Math.floor((100 * done) / total)}% · ` : '';
      const left = options.total ? ` · ~${formatSeconds(estimateLeft(elapsed, done, total))} left` : '';
      stream.write(`progress ${share}${position(e)} · ${formatSeconds(elapsed)} elapsed${left}\n`);
    },
    done() {
      if (done > 0) stream.write(`progress done: ${done} trials in ${formatSeconds((now() - started) / 1000)}\n`);
    },
  };
}

function terminalBar(stream: ProgressStream, options: ProgressOptions): ProgressSink {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let total = Math.max(1, options.total ?? 1);
  let done = 0;
  let line = '';
  const bar = new cliProgress.SingleBar({
    stream: stream as NodeJS.WritableStream,
    barsize: 24,
    clearOnComplete: true,
    fps: 8,
    // The line is ours (the estimate counts trials of the whole run); cli-progress draws the bar and the terminal.
    format: (opts: cliProgress.Options, params: { progress: number; maxWidth: number }) =>
      `${cliProgress.Format.BarFormat(params.progress, opts)} ${Math.floor(params.progress * 100)}% ${line}`.slice(0, Math.max(10, params.maxWidth - 1)),
  });
  let begun = false;
  return {
    update(e) {
      done++;
      if (done > total) total = done;
      const elapsed = (now() - started) / 1000;
      // Times first: a narrow terminal cuts the end of the line.
      line = `· ${formatSeconds(elapsed)} · ~${formatSeconds(estimateLeft(elapsed, done, total))} left · ${position(e)}`;
      if (!begun) {
        begun = true;
        bar.start(total, done);
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    done() {
      if (begun) bar.stop();
    },
  };
}
