// What a trainer in another process costs per request against the in-process reference trainer, measured in the
// same run: requests recorded from the first trials of a few claims of the default ladder (full-batch GD to
// exact recovery, one giant GD step on n = O(d²) samples, one-pass SGD), replayed one by one through the
// reference trainer (the baseline) and through each process trainer, in turn, so both see the same load. The same
// requests with steps = 0 measure the fixed cost of a request: the protocol (JSON both ways, the pipe) and the
// trainer's setup, which a trial pays whatever it trains.
import { performance } from 'node:perf_hooks';
import { claims as allClaims } from '../properties/index';
import { referenceTrainer } from '../src/core/train/reference';
import { runClaims } from '../src/runner/run';
import { startProcessTrainer } from '../src/runner/trainers/process';
import type { Trainer, TrainRequest } from '../src/contract/trainer';

export const OVERHEAD_CLAIMS = ['quadratic.gd-recovers-below-barrier', 'giant-step.single-direction', 'batch-size.below-critical'];
const TRIALS_PER_RUNG = 1;

export interface TrainerTimes {
  name: string;
  /** Wall seconds over all requests, and over the same requests with steps = 0. */
  seconds: number;
  fixedSeconds: number;
}

export interface OverheadResult {
  requests: number;
  reference: TrainerTimes;
  trainers: TrainerTimes[];
}

/** The requests the claims' first trials make (trained by the reference trainer while recorded). */
async function recordRequests(): Promise<TrainRequest[]> {
  const requests: TrainRequest[] = [];
  const recorder: Trainer = {
    name: 'recorder',
    supports: (r) => referenceTrainer.supports(r),
    train: (r) => {
      requests.push(structuredClone(r));
      return referenceTrainer.train(r);
    },
  };
  const claims = allClaims.filter((c) => OVERHEAD_CLAIMS.includes(c.id));
  await runClaims(claims, { seed: 1, scale: 'default', trainer: recorder, shrink: false, runs: TRIALS_PER_RUNG, trainerCheck: 'off' });
  return requests;
}

const noSteps = (r: TrainRequest): TrainRequest => ({ ...r, algorithm: { ...r.algorithm, steps: 0 } });

async function wall(trainer: Trainer, request: TrainRequest): Promise<number> {
  const started = performance.now();
  await trainer.train(request);
  return (performance.now() - started) / 1000;
}

/** Times the reference trainer and the process trainers (name → command) on the recorded requests. */
export async function trainerOverhead(commands: Record<string, string>): Promise<OverheadResult> {
  const requests = await recordRequests();
  const processes = await Promise.all(Object.values(commands).map((command) => startProcessTrainer({ command })));
  try {
    const all = [referenceTrainer, ...processes];
    const totals = all.map(() => ({ seconds: 0, fixedSeconds: 0 }));
    for (const request of requests) {
      for (const [i, trainer] of all.entries()) {
        totals[i].seconds += await wall(trainer, request);
        totals[i].fixedSeconds += await wall(trainer, noSteps(request));
      }
    }
    const names = ['reference', ...Object.keys(commands)];
    const times = totals.map((t, i) => ({ name: names[i], ...t }));
    return { requests: requests.length, reference: times[0], trainers: times.slice(1) };
  } finally {
    await Promise.all(processes.map((p) => p.close()));
  }
}

const ratio = (x: number) => `${x.toFixed(2)}×`;
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The share of a process trainer's time that its fixed cost above the reference's takes. */
export function protocolShare(result: OverheadResult, t: TrainerTimes): number {
  return (t.fixedSeconds - result.reference.fixedSeconds) / t.seconds;
}

/** The bench's section: per trainer, its time against the reference's, and its fixed cost per request. */
export function overheadMarkdown(result: OverheadResult): string[] {
  const { reference, requests } = result;
  const ms = (s: number) => (1000 * s / requests).toFixed(2);
  const lines = [
    '',
    '## Process trainers against the in-process reference',
    '',
    `${requests} requests recorded from the first trial of every default rung of ${OVERHEAD_CLAIMS.map((c) => `\`${c}\``).join(', ')}, replayed one at a time through each trainer (wall clock; each request in turn through every trainer, so all see the same load). "Fixed" is the same request with steps = 0: the protocol's JSON and pipe and the trainer's setup, paid by every request whatever it trains.`,
    '',
    '| trainer | ms per request | × reference | fixed ms per request | fixed cost above the reference\'s: share of its time | the same against the reference\'s time |',
    '|---|---|---|---|---|---|',
    `| reference (in process, baseline) | ${ms(reference.seconds)} | 1.00× | ${ms(reference.fixedSeconds)} | – | – |`,
  ];
  for (const t of result.trainers) {
    const overhead = t.fixedSeconds - reference.fixedSeconds;
    lines.push(`| ${t.name} | ${ms(t.seconds)} | ${ratio(t.seconds / reference.seconds)} | ${ms(t.fixedSeconds)} | ${percent(overhead / t.seconds)} | ${percent(overhead / reference.seconds)} |`);
  }
  for (const t of result.trainers) {
    const share = protocolShare(result, t);
    lines.push(
      '',
      `${t.name}: the per-request overhead of the protocol and the trainer's setup is ${percent(share)} of its own time on these requests, ${share > 0.2 ? '**above**' : 'below'} 20%; against the baseline it is ${percent((t.fixedSeconds - reference.fixedSeconds) / reference.seconds)} of the reference trainer's whole time, so a run through this trainer would take ${ratio(t.seconds / reference.seconds)} the reference's, ${ratio((t.seconds - t.fixedSeconds + reference.fixedSeconds) / reference.seconds)} of it in training steps.`,
    );
  }
  return lines;
}

// Run alone: `tsx bench/trainer-overhead.ts "torch=python3 examples/torch_trainer.py" ...` prints the section.
if (import.meta.url === `file://${process.argv[1]}`) {
  const commands = Object.fromEntries(process.argv.slice(2).map((arg) => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]));
  process.stdout.write(`${overheadMarkdown(await trainerOverhead(commands)).join('\n')}\n`);
}
