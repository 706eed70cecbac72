// A trial worker process. It loads the claims and the trainer of the run itself (a plug-in trainer module or
// trainer process per worker), then runs the trials and shrinks the pool sends it. A trial is a pure function
// of (claim, rung parameters, trial index, seed), so a worker recomputes exactly what the main process would.
import { pathToFileURL } from 'node:url';
import { closeTrainer, loadTrainer } from './trainers/load';
import type { Claim } from '../contract/claim';
import { falsifyRung } from '../core/check/falsify';
import type { PoolReply, PoolRequest, WorkerSetup } from './pool';
import { errorMessage } from '../core/check/trial';
import { runTrial } from './trial';

if (!process.send) throw new Error('worker.ts runs as a worker process started by the pool (see pool.ts)');
const setup = JSON.parse(process.argv[2]) as WorkerSetup;
const send = (reply: PoolReply) => void process.send?.(reply);
// The run that started this worker has gone (it was killed, or closed the pool): nobody waits for the rest.
process.on('disconnect', () => process.exit(0));

/** The module's claims: its `claims` array and any other exported claim. */
function claimsOf(mod: Record<string, unknown>): Map<string, Claim<any>> {
  const isClaim = (x: unknown): x is Claim<any> => typeof x === 'object' && x !== null && typeof (x as Claim).id === 'string' && typeof (x as Claim).check === 'function';
  const found = new Map<string, Claim<any>>();
  const listed = Array.isArray(mod.claims) ? mod.claims : [];
  for (const x of [...listed, ...Object.values(mod)]) if (isClaim(x) && !found.has(x.id)) found.set(x.id, x);
  return found;
}

const href = (module: string) => (/^[a-z]+:/.test(module) ? module : pathToFileURL(module).href);
const ready = (async () => {
  const registry = claimsOf((await import(href(setup.claimsModule))) as Record<string, unknown>);
  const trainer = await loadTrainer(setup.trainerModule, setup.trainerCommand);
  return { registry, trainer };
})();

function claimNamed(registry: Map<string, Claim<any>>, id: string): Claim<any> {
  const claim = registry.get(id);
  if (!claim) throw new Error(`claim ${id} is not exported by ${setup.claimsModule}`);
  return claim;
}

// Tasks run one at a time in arrival order (a trainer process takes one request at a time), answered in that order.
let chain: Promise<void> = Promise.resolve();
process.on('message', (request: PoolRequest) => {
  chain = chain.then(() => handle(request));
});

async function handle(request: PoolRequest): Promise<void> {
  let reply: PoolReply;
  try {
    const { registry, trainer } = await ready;
    if (request.kind === 'close') {
      await closeTrainer(trainer);
      process.disconnect();
      return;
    }
    const claim = claimNamed(registry, request.claim);
    const ctx = { trainer, params: request.params };
    if (request.kind === 'trials') {
      const outcomes = [];
      for (const { trial, seed } of request.trials) outcomes.push(await runTrial(claim, request.params, trial, seed, ctx));
      reply = { outcomes };
    } else {
      const started = performance.now();
      const counterexample = (await falsifyRung(claim, request.params, ctx, request.options)) ?? null;
      reply = { counterexample, seconds: (performance.now() - started) / 1000 };
    }
  } catch (err) {
    if (request.kind === 'close') {
      process.disconnect();
      return;
    }
    reply = { error: errorMessage(err) };
  }
  send(reply);
}
