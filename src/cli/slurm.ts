// `theorycheck slurm submit | status | resume`: a run as a Slurm job array of shards and a merge job after them.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { claims as allClaims, InputError, planRun, resumeSlurm, slurmPaths, slurmStatus, submissionFiles, submitSlurm, type ShardStatus, type SlurmStatus, type SubmitRequest } from '../index';
import { configFileOf, planConfig, resolveRunFlags } from './config';
import { withPlanOptions } from './run-options';
import { parseShards, parseSlurmOptions } from './slurm-flags';
import { parseOut } from './flags';

const BIN = fileURLToPath(new URL('../../bin/theorycheck.js', import.meta.url));

/** Adds `slurm submit | status | resume` to the program (as its subcommands, with its error handling). */
export function addSlurmCommands(program: Command): void {
  const slurm = program.command('slurm').description('run on a Slurm cluster: the shards as one job array, their merge as a job after them (docs/distributed.md)');
  withPlanOptions(slurm.command('submit').description('write the batch scripts of a sharded run under DIR/slurm and submit them with sbatch'))
    .requiredOption('--out <dir>', 'the run\'s directory, on a file system every node sees: shards in DIR/shard-I, the report in DIR')
    .requiredOption('--shards <n>', 'the number of shards: one array task each')
    .option('--partition <p>', 'sbatch --partition of both jobs')
    .option('--time <t>', 'sbatch --time of each task (e.g. 2:00:00)')
    .option('--cpus-per-task <c>', 'CPUs of each shard\'s task, and the worker processes it runs', '1')
    .option('--sbatch-arg <arg>', 'a further sbatch option as one word, e.g. --mem=4G; repeat the flag for more', (arg: string, args: string[] = []) => [...args, arg])
    .option('--dry-run', 'print the scripts and the sbatch commands; write and submit nothing')
    .action((opts, cmd: Command) => {
      const given = (key: string) => cmd.getOptionValueSource(key) === 'cli';
      const config = configFileOf(opts.config);
      const plan = resolveRunFlags(opts, given, config);
      if (plan.shard) throw new InputError(`${config?.file}: shard`, config?.values.shard, 'no shard in the config file of slurm submit: each task runs its own shard of --shards');
      const shards = parseShards(opts.shards);
      const options = parseSlurmOptions(opts);
      const out = resolve(parseOut(opts.out));
      const request: SubmitRequest = {
        layout: { out, cwd: process.cwd(), node: process.execPath, bin: BIN, shards },
        options,
        runConfig: planConfig(plan),
        // Bad claims, --grep or --at fail here, not in every task of the array; so does --locate, which no shard can run.
        plan: planRun(allClaims, { ...plan, shard: { index: 1, count: shards } }).plan,
      };
      if (opts.dryRun) return void process.stdout.write(dryRunText(request));
      const submitted = submitSlurm(request);
      process.stdout.write(
        [
          `shards: job ${submitted.array} (array 1-${shards}, ${options.cpusPerTask} CPU${options.cpusPerTask === 1 ? '' : 's'} per task)`,
          `merge:  job ${submitted.merge} (after every shard succeeds: --dependency=afterok:${submitted.array})`,
          `report: ${submitted.report}`,
          `progress: theorycheck slurm status ${opts.out}; after a failed or cancelled task: theorycheck slurm resume ${opts.out}`,
          '',
        ].join('\n'),
      );
    });
  slurm
    .command('status')
    .description('per-shard progress of a submitted run, from the shards\' checkpoints')
    .argument('<dir>', 'the --out of `slurm submit`')
    .option('--json', 'machine-readable output')
    .action((dir: string, opts: { json?: boolean }) => {
      const status = slurmStatus(dir);
      process.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : statusText(status));
    });
  slurm
    .command('resume')
    .description('resubmit the shards that did not finish (each continues its checkpoint) and the merge after them')
    .argument('<dir>', 'the --out of `slurm submit`')
    .action((dir: string) => {
      const resubmitted = resumeSlurm(dir);
      if (!resubmitted) return void process.stdout.write(`nothing to resume: every shard finished and ${dir}/report.json is written\n`);
      const { array, shards, merge, report } = resubmitted;
      process.stdout.write(
        [
          array ? `shards: job ${array} (shard${shards.length === 1 ? '' : 's'} ${shards.join(', ')}; a shard with a checkpoint continues it)` : 'shards: every shard had finished',
          `merge:  job ${merge}${array ? ` (after them: --dependency=afterok:${array})` : ''}`,
          `report: ${report}`,
          '',
        ].join('\n'),
      );
    });
}

function dryRunText(request: SubmitRequest): string {
  const paths = slurmPaths(request.layout.out);
  return [
    ...submissionFiles(request).map(([file, text]) => `# ${file}\n${text}`),
    '# submitted with',
    `sbatch --parsable --array=1-${request.layout.shards} ${paths.shardsScript}`,
    `sbatch --parsable --dependency=afterok:<the array's job id> ${paths.mergeScript}`,
    '',
  ].join('\n');
}

const percent = (done: number, of: number): string => `${of ? Math.floor((100 * done) / of) : 100}%`;

function statusText(status: SlurmStatus): string {
  const rows = status.shards.map((s: ShardStatus) => [String(s.index), s.state, `${s.trials}/${s.planned}`, percent(s.trials, s.planned), s.job ?? '']);
  const header = ['shard', 'state', 'trials', 'done', 'slurm'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const count = (state: ShardStatus['state']) => status.shards.filter((s) => s.state === state).length;
  const trials = status.shards.reduce((s, x) => s + x.trials, 0);
  const planned = status.shards.reduce((s, x) => s + x.planned, 0);
  const latest = status.jobs.at(-1);
  return [
    line(header),
    ...rows.map(line),
    '',
    `${status.shards.length} shards: ${count('finished')} finished, ${count('partial')} partial, ${count('not started')} not started; ${trials} of ${planned} trials (${percent(trials, planned)})`,
    latest ? `merge: job ${latest.merge}${status.merge ? ` ${status.merge}` : ''}` : '',
    status.report ? `report: ${status.report}` : 'report: not yet written',
    '',
  ].join('\n');
}
