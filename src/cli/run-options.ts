// The flags that shape a run, shared by `run` and `slurm submit`: both turn them into one run plan.
import type { Command } from 'commander';

/** Adds the plan's flags (not --out, --shard or the output settings, which differ between the commands). */
export function withPlanOptions(command: Command): Command {
  return command
    .option('--claim <id...>', 'claim ids or family prefixes (default: all)')
    .option('--scale <scale>', 'small | default | large', 'default')
    .option('--runs <n>', 'trials per rung (default: each rung\'s own)')
    .option('--seed <s>', 'run seed', '1')
    .option('--at <k=v,...>', 'one custom rung of one claim at these parameters')
    .option('-t, --grep <regex>', 'only the rungs whose "claim-id rung-name" the regular expression finds, e.g. "recovery-threshold d=5"')
    .option('--trainer <module>', 'ES module whose default export is a Trainer')
    .option('--trainer-cmd <cmd>', 'a trainer process speaking JSON lines on stdin/stdout (docs/trainer-protocol.md)')
    .option('--trainer-timeout <seconds>', 'seconds one request to the trainer may take (default 600)')
    .option('--trainer-max-line <MiB>', 'the longest line a trainer process may write (default 256)')
    .option('--no-shrink', 'do not shrink failures to counterexamples')
    .option('--no-sequential', 'run every rung to its full trial count (default: a rung stops once its verdict is settled)')
    .option('--trainer-check <mode>', 'the did-it-train check before the claims: stop (a trainer that fails it ends the run at once), report (run the claims anyway) or off', 'stop')
    .option('--allow-unsupported', 'rungs not checked only because the trainer declines their requests (supports() answers false) do not fail the run; they are still reported as not checked')
    .option('--locate [width]', 'after each ladder, place rungs on every threshold until its 95% interval is narrower than WIDTH, its length over its middle (default 0.1); not with --shard or --at')
    .option('--config <file>', 'JSON file of run flags (a flag on the command line wins)');
}
