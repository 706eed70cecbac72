import { readFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { Command, CommanderError } from 'commander';
import { claims as allClaims, CLAIMS_MODULE, InputError, EXIT_CODES, mergeCheckpoints, resumeSession, startSession, runClaims, selectClaims, progressSink, replay, falsifySpace, closeTrainer, loadTrainer, diffReports, diffTable, readReport, defaultWorkers, writeReport, listTable, trainerCommandOf, splitCommand, endWorkers, killTrainerProcesses, releaseOutLocks, prepareOut, readFailures, writeFailures, failuresDir, failuresFile, failuresOf, updatedFailures, replaySaved, FAILURES_DIR, falsifyLadder, triedLine, planValue, type ReplayedFailure, summaryTable, paint, claimCountsLine, OUTCOME_LABEL, outcomeDetails, rungCountsLine, trainerCheckLine, parseShardCount, shardFromEnv, type Report, type RunPlan, type TrainerCommand } from '../index';
import { withPlanOptions } from './run-options';
import { addSlurmCommands } from './slurm';
import { colourOn, tableWidth } from './colour';
import { watchedFolders, watchRuns } from './watch';
import { parseAt, parseMergeInput, parseOut, parsePath, parseResume, parseRuns, parseSeed } from './flags';
import { configFileOf, resolveRunFlags } from './config';
import { parseTrainerCmd, parseTrainerMaxLine, parseTrainerTimeout, parseWorkers } from './flags';

/** What an interrupted command says on its way out (a run: where its checkpoint is and how to resume it). */
let interruptedHint: string | undefined;

/**
 * Ctrl-C (SIGINT) and SIGTERM: the workers and trainer processes are ended (none is left behind), the finished
 * trials are already in the checkpoint, and the command says how to resume. Exit 130 or 143, as a shell reports.
 */
function onInterrupt(signal: 'SIGINT' | 'SIGTERM', code: number): void {
  let interrupted = false;
  process.on(signal, () => {
    // A second Ctrl-C while the workers end: no waiting any more, but still no trainer process left behind.
    if (interrupted) {
      killTrainerProcesses();
      process.exit(code);
    }
    interrupted = true;
    process.stderr.write(`\ntheorycheck: interrupted (${signal})${interruptedHint ? `; ${interruptedHint}` : ''}\n`);
    killTrainerProcesses();
    releaseOutLocks();
    void endWorkers().finally(() => process.exit(code));
  });
}
onInterrupt('SIGINT', 130);
onInterrupt('SIGTERM', 143);

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('theorycheck')
  .version(version, '-V, --version', 'the version of theorycheck')
  .description('Check theorems about two-layer neural networks empirically: pass rates by scale against what each paper predicts.')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .showHelpAfterError(false);

program
  .command('list')
  .description('every claim: id, paper, statement, scales')
  .option('--json', 'machine-readable output')
  .action((opts: { json?: boolean }) => {
    const rows = allClaims.map((c) => ({ id: c.id, paper: c.paper, statement: c.statement, scales: { small: c.ladders.small.length, default: c.ladders.default.length, large: c.ladders.large.length } }));
    process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : listTable(rows, process.stdout.columns ?? 100));
  });

withPlanOptions(program.command('run').description('run claims on their scale ladder and write report.json, report.md, report.html and plots/ID.svg'))
  .option('--out <dir>', 'report directory', 'reports/latest')
  .option('--shard <I/N>', 'run only shard I of N of the trials; combine the shards with `theorycheck merge` (default: from the environment of a Slurm job array, a Kubernetes Indexed Job or THEORYCHECK_SHARD, see docs/distributed.md)')
  .option('--shards <n>', 'the number of shards where the environment gives only this task\'s index (a Kubernetes Indexed Job\'s JOB_COMPLETION_INDEX)')
  .option('--workers <n>', 'worker processes running trials (default: one per core; none for runs under 100 trials); the report does not depend on it')
  .option('--resume <dir>', 'finish the run whose checkpoint (trials.jsonl) is in DIR, with that run\'s flags')
  .option('--json', 'print the report as JSON instead of the summary table')
  .option('--quiet', 'no progress output')
  .option('--bail', 'stop at the first rung that disagrees (after shrinking it); the rungs not finished then are reported as not checked')
  .option('--watch', 'run again each time a file in the trainer\'s folder changes (a change during a run ends it and starts another)')
  .action(async (opts, cmd: Command) => {
    if (opts.watch) {
      const folders = watchedFolders(opts, splitCommand);
      process.exitCode = await watchRuns(process.argv[1], process.argv.slice(3).filter((a) => a !== '--watch'), folders, (line) => process.stderr.write(line));
      return;
    }
    const given = (key: string) => cmd.getOptionValueSource(key) === 'cli';
    const config = opts.resume === undefined ? configFileOf(opts.config) : undefined;
    // Output settings of a config file, where the command line does not give them.
    for (const key of ['workers', 'quiet', 'json', 'bail'] as const) if (!given(key) && config?.output[key] !== undefined) opts[key] = config.output[key];
    const requestedWorkers = opts.workers === undefined ? undefined : parseWorkers(opts.workers, config && !given('workers') ? `${config.file}: workers` : '--workers');
    const session =
      opts.resume !== undefined
        ? await resumeSession(allClaims, parseResume(opts.resume, Object.keys(opts).filter(given)))
        : await startSession(allClaims, withEnvShard(resolveRunFlags(opts, given, config), opts.shards));
    interruptedHint = `the finished trials are saved in ${session.out}/trials.jsonl; resume with: theorycheck run --resume ${session.out}`;
    // A shard's verdicts are the merge's: it neither replays nor saves failures.
    const db = failuresDir(process.cwd());
    const saved = session.config.shard ? [] : readFailures(db);
    const replayed = await toStderr(() => replaySaved(saved, session.claims, session.options.trainer));
    if (replayed.length) process.stderr.write(replayedText(replayed, relative(process.cwd(), failuresFile(db))));
    // A plug-in trainer runs in the workers (run.ts): this process needed it for its name and the replays only.
    await closeTrainer(session.options.trainer);
    // A shard runs about 1/N of the plan's trials (by a hash of their keys): its bar's total is an estimate.
    const planned = session.config.plan.reduce((s, [, , trials]) => s + trials, 0);
    const total = Math.ceil(planned / (session.config.shard?.count ?? 1));
    const progress = progressSink(process.stderr, { quiet: opts.quiet || opts.json, total });
    const workers = requestedWorkers ?? defaultWorkers(total);
    let report: Report;
    try {
      const { trainerModule } = session.config;
      const trainerCommand = trainerCommandOf(session.config);
      report = await runClaims(session.claims, {
        ...session.options,
        onProgress: (e) => progress.update(e),
        ...(opts.bail ? { bail: true } : {}),
        workers,
        workerSetup: {
          claimsModule: CLAIMS_MODULE,
          ...(trainerModule ? { trainerModule } : {}),
          ...(trainerCommand ? { trainerCommand } : {}),
          ...(session.config.trainerTimeout !== undefined ? { trainerTimeout: session.config.trainerTimeout } : {}),
        },
      });
    } catch (err) {
      session.close();
      throw err;
    } finally {
      await closeTrainer(session.options.trainer);
    }
    progress.done();
    const { shard } = session.config;
    let written: string[];
    try {
      written = await writeReport(session.out, report);
    } finally {
      session.close();
    }
    if (!shard) {
      const fixed = replayed.filter((r) => !r.fails).map((r) => r.failure);
      const found = failuresOf(report, report.startedAt);
      if (fixed.length || found.length) writeFailures(db, updatedFailures(saved, fixed, found));
    }
    printReport(report, written, opts.json);
    if (shard && !opts.json) process.stdout.write(`shard ${shard.index}/${shard.count}: rates over this shard's trials only; combine all ${shard.count} with \`theorycheck merge\`\n`);
    // A shard cannot judge a rung alone: its verdicts come from the merge (a trainer that did not train fails it at once).
    process.exitCode = shard && report.summary.outcome !== 'did-not-train' ? 0 : report.summary.exitCode;
  });

program
  .command('merge')
  .description('merge the shards of one run (`run --shard I/N`) into the report the unsharded run writes')
  .argument('<files...>', 'each shard\'s --out directory, report.json or trials.jsonl')
  .requiredOption('--out <dir>', 'report directory')
  .option('--json', 'print the report as JSON instead of the summary table')
  .action(async (inputs: string[], opts) => {
    const out = parseOut(opts.out);
    const report = await mergeCheckpoints(allClaims, inputs.map(parseMergeInput));
    const release = prepareOut(out, '--out', 'merge');
    let written: string[];
    try {
      written = await writeReport(out, report);
    } finally {
      release();
    }
    printReport(report, written, opts.json);
    process.exitCode = report.summary.exitCode;
  });

program
  .command('failures')
  .description(`the counterexamples saved by runs that disagreed (${FAILURES_DIR}/ under this directory, or THEORYCHECK_FAILURES_DIR), replayed first by the next run of their claim`)
  .option('--clear', 'forget them all')
  .option('--json', 'machine-readable output')
  .action((opts: { clear?: boolean; json?: boolean }) => {
    const db = failuresDir(process.cwd());
    const failures = readFailures(db);
    if (opts.clear) {
      writeFailures(db, []);
      process.stdout.write(`cleared ${failures.length} saved failure${failures.length === 1 ? '' : 's'}\n`);
      return;
    }
    if (opts.json) return void process.stdout.write(`${JSON.stringify(failures, null, 2)}\n`);
    if (!failures.length) return void process.stdout.write('no saved failures\n');
    process.stdout.write(failures.map((f) => `${f.claim} ${f.rung} (trainer ${f.trainer}, ${f.savedAt.slice(0, 10)})\n  ${f.replay}\n`).join(''));
  });

/**
 * Runs fn with this process's stdout written to stderr: a trainer running here (the replays of saved failures)
 * may print, and stdout carries the command's output (`run --json` is one JSON document), as in the workers.
 */
async function toStderr<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

/**
 * The plan's shard: as given (--shard, or the config file), else the one the job engine's environment names (a
 * Slurm array task, a Kubernetes Indexed Job's pod, THEORYCHECK_SHARD), which the run says on stderr.
 */
function withEnvShard(plan: RunPlan, shards: string | undefined): RunPlan {
  const count = shards === undefined ? undefined : { count: parseShardCount(shards, '--shards'), label: '--shards' };
  if (plan.shard) {
    if (count && count.count !== plan.shard.count) throw new InputError('--shards', shards, `the count of --shard ${plan.shard.index}/${plan.shard.count}, or no --shards`);
    return plan;
  }
  const found = shardFromEnv(process.env, count);
  if (!found) return plan;
  process.stderr.write(`theorycheck: shard ${found.shard.index}/${found.shard.count} from ${found.source}\n`);
  return { ...plan, shard: found.shard };
}

/** What the replays of saved failures found, one line each, before the run starts. */
function replayedText(replayed: ReplayedFailure[], file: string): string {
  const still = replayed.filter((r) => r.fails).length;
  const lines = replayed.map(({ failure, fails, reason }) =>
    `  ${fails ? 'still fails' : 'now passes '}  ${failure.claim} ${failure.rung}${fails && reason ? ` (${reason})` : ''}${fails ? `\n               ${failure.replay}` : ' (removed)'}`,
  );
  return `saved failures replayed first (${file}): ${still} still fail, ${replayed.length - still} now pass\n${lines.join('\n')}\n`;
}

const isPlot = (file: string): boolean => basename(dirname(file)) === 'plots';

function printReport(report: Report, files: string[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const { summary } = report;
  const colour = colourOn(process.stdout);
  if (report.claims.length) process.stdout.write(summaryTable(report, { width: tableWidth(process.stdout), colour }));
  const check = trainerCheckLine(report);
  const details = outcomeDetails(report);
  const diverged = report.claims.reduce((s, claim) => s + claim.results.reduce((t, r) => t + r.diverged, 0), 0);
  process.stdout.write(
    [
      '',
      ...(check ? [check] : []),
      ...details,
      ...(details.length ? [''] : []),
      `${paint(OUTCOME_LABEL[summary.outcome], summary.outcome === 'agrees' ? '32;1' : '31;1', colour)} (exit ${summary.exitCode}) · ${claimCountsLine(summary, report.claims.length)}`,
      `${rungCountsLine(summary)}${diverged ? ` · ${diverged} trials diverged` : ''} · ${report.seconds.toFixed(1)} s`,
      `wrote ${files.filter((f) => !isPlot(f)).join(', ')} and ${files.filter(isPlot).length} plots in plots/`,
      '',
    ].join('\n'),
  );
}

const replayCommand = program
  .command('replay')
  .description('rerun one trial or counterexample and print its instance and observables')
  .argument('<id>', 'claim id')
  .requiredOption('--seed <s>', 'the trial or counterexample seed')
  .option('--path <p>', 'fast-check shrink path of a counterexample')
  .option('--at <k=v,...>', 'rung parameters (others from the claim defaults)')
  .option('--space', 'the seed and path are of falsify mode over the claim space');
withTrainerOptions(replayCommand).action(async (id: string, opts) => {
    const [claim] = selectClaims(allClaims, [id], 'replay <id>').filter((c) => c.id === id);
    if (!claim) throw new InputError('replay <id>', id, 'one claim id, see `theorycheck list`');
    const seed = parseSeed(opts.seed);
    const at = opts.at === undefined ? {} : parseAt(opts.at);
    const trainer = await loadTrainer(opts.trainer, trainerCommand(opts));
    const path = opts.path === undefined ? undefined : parsePath(opts.path);
    let result;
    try {
      result = await replay(claim, { seed, ...(path ? { path } : {}), at, space: Boolean(opts.space), trainer });
    } finally {
      await closeTrainer(trainer);
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.exitCode = result.pass ? EXIT_CODES.agrees : EXIT_CODES.disagrees;
  });

const falsifyCommand = program
  .command('falsify')
  .description('search a claim for a counterexample and shrink it: over its search space where it has one, else over the rungs where it holds, smallest first')
  .argument('<id>', 'claim id')
  .option('--seed <s>', 'seed of the search (fast-check\'s, or the trials\')', '1')
  .option('--runs <n>', 'instances to try over a search space (default 100); trials per rung over the rungs (default: each rung\'s own)')
  .option('--scale <scale>', 'the ladder whose holds rungs are searched (claims without a search space): small, default or large', 'default')
  .option('--at <k=v,...>', 'parameters of the search space (e.g. minOffset=-1)');
withTrainerOptions(falsifyCommand).action(async (id: string, opts) => {
    const [claim] = selectClaims(allClaims, [id], 'falsify <id>').filter((c) => c.id === id);
    if (!claim) throw new InputError('falsify <id>', id, 'one claim id, see `theorycheck list`');
    const seed = parseSeed(opts.seed);
    const scale = planValue('scale', opts.scale, '--scale');
    if (!claim.space && opts.at !== undefined) throw new InputError('--at', opts.at, `nothing: ${claim.id} has no search space, its rungs are searched (claims with one: ${allClaims.filter((c) => c.space).map((c) => c.id).join(', ')})`);
    const trainer = await loadTrainer(opts.trainer, trainerCommand(opts));
    const trainerFlag = opts.trainerCmd ? `--trainer-cmd ${JSON.stringify(opts.trainerCmd)}` : opts.trainer ? `--trainer ${opts.trainer}` : undefined;
    let found;
    try {
      if (claim.space) {
        found = await falsifySpace(claim, opts.at ? parseAt(opts.at) : {}, { trainer, params: claim.defaults }, {
          seed,
          numRuns: opts.runs === undefined ? 100 : parseRuns(opts.runs),
          shrinkBudget: 500,
          ...(trainerFlag ? { trainerFlag } : {}),
        });
      } else {
        const search = await falsifyLadder(
          claim,
          { seed, trainer, scale, ...(opts.runs !== undefined ? { runs: parseRuns(opts.runs) } : {}), ...(trainerFlag ? { trainerFlag } : {}) },
          (r) => process.stderr.write(`  ${triedLine(r)}\n`),
        );
        if (!search.found) {
          process.stdout.write(`no counterexample: all ${search.tried.length} rungs of the ${scale} ladder where ${claim.id} holds agree, smallest first\n`);
          return;
        }
        process.stdout.write(`smallest rung that disagrees: ${triedLine(search.found)}\n`);
        found = search.found.counterexample;
        if (!found) {
          process.stdout.write(`its failing trial passed when re-run to shrink it (flaky): ${search.found.reasons.join('; ')}\n`);
          process.exitCode = EXIT_CODES.disagrees;
          return;
        }
      }
    } finally {
      await closeTrainer(trainer);
    }
    if (!found) {
      process.stdout.write(`no counterexample in ${opts.runs ?? 100} instances\n`);
      return;
    }
    process.stdout.write(`counterexample: ${JSON.stringify(found.params)} ${JSON.stringify(found.instance)}\nobservables: ${JSON.stringify(found.observables)}\nreplay: ${found.replay}\n`);
    process.exitCode = EXIT_CODES.disagrees;
  });

/** The trainer flags of replay and falsify. */
function withTrainerOptions(command: Command): Command {
  return command
    .option('--trainer <module>', 'ES module whose default export is a Trainer')
    .option('--trainer-cmd <cmd>', 'a trainer process speaking JSON lines on stdin/stdout')
    .option('--trainer-timeout <seconds>', 'seconds one request to the trainer may take')
    .option('--trainer-max-line <MiB>', 'the longest line a trainer process may write');
}

/** `--trainer-cmd`, `--trainer-timeout` and `--trainer-max-line` of replay and falsify, checked. */
function trainerCommand(opts: { trainer?: string; trainerCmd?: string; trainerTimeout?: string; trainerMaxLine?: string }): TrainerCommand | undefined {
  if (opts.trainerCmd === undefined) return undefined;
  return trainerCommandOf({
    trainerCmd: parseTrainerCmd(opts.trainerCmd, opts.trainer),
    ...(opts.trainerTimeout !== undefined ? { trainerTimeout: parseTrainerTimeout(opts.trainerTimeout) } : {}),
    ...(opts.trainerMaxLine !== undefined ? { trainerMaxLine: parseTrainerMaxLine(opts.trainerMaxLine) } : {}),
  });
}

program
  .command('diff')
  .description('the rungs whose verdict changed or whose pass rate moved beyond both 95% intervals; exit 1 on a regression')
  .argument('<base>', 'the baseline report.json (or its run directory)')
  .argument('<new>', 'the report.json to compare with it')
  .option('--json', 'print the diff as JSON')
  .action((basePath: string, newPath: string, opts: { json?: boolean }) => {
    const diff = diffReports(readReport(basePath, 'diff BASE'), readReport(newPath, 'diff NEW'));
    process.stdout.write(opts.json ? `${JSON.stringify(diff, null, 2)}\n` : diffTable(diff));
    process.exitCode = diff.regressions > 0 ? EXIT_CODES.disagrees : EXIT_CODES.agrees;
  });

addSlurmCommands(program);

/** The kernels a run may be told to use: unset or wasm (WebAssembly where it pays), js (pure JavaScript). */
const KERNELS = ['wasm', 'js'];

async function main(argv: string[]): Promise<void> {
  try {
    const kernels = process.env.THEORYCHECK_KERNELS;
    if (kernels !== undefined && !KERNELS.includes(kernels)) throw new InputError('THEORYCHECK_KERNELS', kernels, `${KERNELS.join(' or ')} (unset: wasm)`);
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_CODES.input;
      return;
    }
    if (err instanceof InputError) {
      process.stderr.write(`theorycheck: ${err.message}\n`);
      process.exitCode = EXIT_CODES.input;
      return;
    }
    process.stderr.write(`theorycheck: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT_CODES.internal;
  }
}

await main(process.argv);
