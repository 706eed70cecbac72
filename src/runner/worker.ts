// A trial worker process. It loads the claims and the trainer of the run itself (a plug-in trainer module or
// trainer process per worker), then runs the trials and shrinks the pool sends it. A trial is a pure function
// of (claim, rung parameters, trial index, seed), so a worker recomputes exactly what the main process would.
import { pathToFileURL } from 'node:url';
import { closeTrainer, loadTrainer } from './trainers/load';
import type { Claim } from '../contract/claim';
import type { Trainer } from '../contract/trainer';
import { falsifyRung } from '../core/check/falsify';
import { checkTrainer } from '../core/check/trainer-check';
import type { PoolReply, PoolRequest, WorkerNotice, WorkerSetup } from './pool';
import { errorMessage } from '../core/check/trial';
import { runTrial } from './trial';

if (!process.send) throw new Error('worker.ts runs as a worker process started by the pool (see pool.ts)');
const setup = JSON.parse(process.argv[2]) as WorkerSetup;
// A send that fails finds the run gone (it was killed): leave, without an unhandled EPIPE on the shared stderr.
const send = (message: PoolReply | WorkerNotice) => void process.send?.(message, undefined, {}, (err: Error | null) => err && process.exit(0));
// The run that started this worker has gone (it was killed, or closed the pool): nobody waits for the rest.
// Leaving through process.exit runs the exit handler that kills this worker's trainer processes (process.ts).
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(143));
process.on('SIGINT', () => process.exit(130));

/** The module's claims: its `claims` array and any other exported claim. */
function claimsOf(mod: Record<string, unknown>): Map<string, Claim<any>> {
  const isClaim = (x: unknown): x is Claim<any> => typeof x === 'object' && x !== null && typeof (x as Claim).id === 'string' && typeof (x as Claim).check === 'function';
  const found = new Map<string, Claim<any>>();
  const listed = Array.isArray(mod.claims) ? mod.claims : [];
  for (const x of [...listed, ...Object.values(mod)]) if (isClaim(x) && !found.has(x.id)) found.set(x.id, x);
  return found;
}

/**
 * A module trainer runs on this worker's thread and could hold it (a loop that never returns): the pool is told
 * when each request starts and ends, and ends the worker when one outlives the timeout.
 */
function watched(trainer: Trainer): Trainer {
  return {
    name: trainer.name,
    supports: (request) => trainer.supports(request),
    async train(request) {
      send({ notice: 'request', busy: true });
      try {
        return await trainer.train(request);
      } finally {
        send({ notice: 'request', busy: false });
      }
    },
  };
}

const href = (module: string) => (/^[a-z]+:/.test(module) ? module : pathToFileURL(module).href);
const ready = (async () => {
  const registry = claimsOf((await import(href(setup.claimsModule))) as Record<string, unknown>);
  const loaded = await loadTrainer(setup.trainerModule, setup.trainerCommand, setup.trainerTimeout);
  const trainer = setup.trainerModule ? watched(loaded) : loaded;
  send({ notice: 'ready' });
  return { registry, trainer, loaded };
})();
// A worker that cannot load says why and leaves: the pool fails the run (every worker would fail alike).
ready.catch((err: unknown) => {
  send({ notice: 'unloadable', error: errorMessage(err) });
  process.disconnect();
});

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
    const { registry, trainer, loaded } = await ready;
    if (request.kind === 'close') {
      await closeTrainer(loaded);
      process.disconnect();
      return;
    }
    if (request.kind === 'check') {
      reply = { check: await checkTrainer(trainer) };
    } else if (request.kind === 'trials') {
      const claim = claimNamed(registry, request.claim);
      const ctx = { trainer, params: request.params };
      const outcomes = [];
      for (const { trial, seed } of request.trials) {
        if (setup.trainerModule) send({ notice: 'trial', trial });
        outcomes.push(await runTrial(claim, request.params, trial, seed, ctx));
      }
      reply = { outcomes };
    } else {
      const claim = claimNamed(registry, request.claim);
      const started = performance.now();
      const counterexample = (await falsifyRung(claim, request.params, { trainer, params: request.params }, request.options)) ?? null;
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
