import type { ProgressEvent } from './run';

export interface ProgressSink {
  update(event: ProgressEvent): void;
  done(): void;
}

/**
 * On a terminal, one line redrawn in place; otherwise (CI, pipes) a plain line at most every `intervalMs`,
 * so logs stay short.
 */
export function progressSink(stream: NodeJS.WriteStream, options: { quiet?: boolean; intervalMs?: number } = {}): ProgressSink {
  if (options.quiet) return { update() {}, done() {} };
  const started = performance.now();
  const interval = options.intervalMs ?? 5000;
  let lastPrint = -Infinity;
  let trialsDone = 0;
  let lastLine = '';
  return {
    update(e) {
      trialsDone++;
      const elapsed = (performance.now() - started) / 1000;
      lastLine = `[${e.claimIndex + 1}/${e.claims}] ${e.claim} · rung ${e.rungIndex + 1}/${e.rungs} (${e.rung}) · trial ${e.trial}/${e.trials} · ${elapsed.toFixed(0)} s`;
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${lastLine.slice(0, (stream.columns ?? 120) - 1)}`);
      } else if (performance.now() - lastPrint >= interval) {
        lastPrint = performance.now();
        stream.write(`${lastLine}\n`);
      }
    },
    done() {
      if (stream.isTTY && lastLine) stream.write('\r\x1b[2K');
      void trialsDone;
    },
  };
}
