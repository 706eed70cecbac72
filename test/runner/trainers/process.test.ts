import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { claims } from '../../../properties/index';
import { parseTrainerTimeout } from '../../../src/cli/flags';
import { bareReport, cli, expectRejected } from '../../cli/helpers';
import { InputError } from '../../../src/contract/errors';
import { guardTrainer } from '../../../src/core/check/guard';
import { runClaims } from '../../../src/runner/run';
import { startProcessTrainer, splitCommand, type ProcessTrainer } from '../../../src/runner/trainers/process';
import { decodeHello, decodeResponse, encodeRequest, supportsRequest } from '../../../src/runner/trainers/protocol';
import { expectTrainsAsReference, pythonForExample, root, smallRequest as request, wireAs } from '../../helpers/python-trainer';

const wire = z.fromJSONSchema(JSON.parse(readFileSync(join(root, 'docs/trainer-protocol.schema.json'), 'utf8')));

describe('protocol', () => {
  it('writes every float exactly: the decoded request has the same bits', () => {
    const req = request();
    req.network.W[0] = 0.1 + 0.2;
    req.network.W[1] = 5e-324;
    req.network.W[2] = -1.7976931348623157e308;
    const line = encodeRequest(3, req);
    expect(line).not.toContain('\n');
    const back = JSON.parse(line) as { id: number; request: { network: { W: number[] }; data: { X: number[] } } };
    expect(back.id).toBe(3);
    expect(Float64Array.from(back.request.network.W)).toEqual(req.network.W);
    expect(Float64Array.from(back.request.data.X)).toEqual(req.data.X);
    expect(wire.safeParse(back).success).toBe(true);
  });

  it('writes non-finite numbers as strings and reads them back, also Python\'s bare NaN tokens', () => {
    const line = encodeRequest(1, request({ stopAtLoss: Number.NEGATIVE_INFINITY }));
    expect(JSON.parse(line).request.algorithm.stopAtLoss).toBe('-Infinity');
    const result = { W: [1, 'NaN', 3, 4, 5, 6], a: [1, 2], steps: 2, trace: { step: [0, 2], loss: [1, 'Infinity'] }, diverged: { step: 2, loss: 'Infinity' } };
    expect(wire.safeParse({ id: 1, result }).success).toBe(true);
    const decoded = decodeResponse(JSON.stringify({ id: 1, result }));
    if (!('result' in decoded)) throw new Error('expected a result');
    expect(decoded.result.W).toBeInstanceOf(Float64Array);
    expect(Number.isNaN(decoded.result.W[1])).toBe(true);
    expect(decoded.result.trace.loss[1]).toBe(Number.POSITIVE_INFINITY);
    expect(decoded.result.diverged?.loss).toBe(Number.POSITIVE_INFINITY);
    const bare = decodeResponse('{"id": 2, "result": {"W": [NaN, -Infinity], "a": [Infinity], "steps": 0, "trace": {"step": [0], "loss": [NaN]}}}');
    if (!('result' in bare)) throw new Error('expected a result');
    expect(Number.isNaN(bare.result.W[0])).toBe(true);
    expect(bare.result.W[1]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('names what is wrong with a malformed line', () => {
    expect(() => decodeResponse('not json')).toThrow(InputError);
    expect(() => decodeResponse('{"result": {}}')).toThrow(/response\.id/);
    expect(() => decodeResponse('{"id": 1}')).toThrow(/"result" or an "error"/);
    expect(() => decodeResponse('{"id": 1, "result": {"W": [1, "x"], "a": [], "steps": 0, "trace": {"step": [], "loss": []}}}')).toThrow(/TrainResult\.W\[1\]: got "x"/);
    expect(decodeResponse('{"id": 4, "error": "boom"}')).toEqual({ id: 4, error: 'boom' });
    expect(() => decodeHello('{"protocol": "theorycheck-trainer", "version": 2, "name": "x"}')).toThrow(/greeting\.version: got 2/);
    expect(() => decodeHello('{"protocol": "theorycheck-trainer", "version": 1, "name": "x", "supports": {"activations": ["sine"]}}')).toThrow(/greeting\.supports\.activations/);
  });

  it('serves what the greeting declares, opt-in features only when listed', () => {
    const hello = decodeHello('{"protocol": "theorycheck-trainer", "version": 1, "name": "gd-only", "supports": {"algorithms": ["gd"], "activations": ["tanh", "relu"]}}');
    expect(wireAs('Greeting').safeParse(hello).success).toBe(true);
    expect(supportsRequest(hello.supports, request())).toBe(true);
    expect(supportsRequest(hello.supports, request({ kind: 'sgd', batchSize: 2 }))).toBe(false);
    expect(supportsRequest(hello.supports, request({}, 'quadratic'))).toBe(false);
    const online = request({ kind: 'online', batchSize: 1, steps: 8, displacement: 0.1 });
    expect(supportsRequest(undefined, online)).toBe(false);
    expect(supportsRequest({ features: ['displacement'] }, online)).toBe(true);
    expect(supportsRequest(undefined, { ...request(), probe: { direction: new Float64Array(3) } })).toBe(false);
  });

  it('splits a command line as a shell does, without expansion', () => {
    expect(splitCommand(`python3 "my trainer.py" --tag 'a b' x\\ y $HOME`)).toEqual(['python3', 'my trainer.py', '--tag', 'a b', 'x y', '$HOME']);
    expect(() => splitCommand('python3 "open')).toThrow(/quotes are closed/);
  });
});

// A trainer process in JavaScript whose misbehaviour is chosen by its first argument; the second names a file
// that marks the first request as done, so "-once" modes misbehave on the first request only (across restarts).
const FAKE = String.raw`
import { existsSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
const [mode, marker] = process.argv.slice(2);
if (mode !== 'silent') process.stdout.write(JSON.stringify({ protocol: 'theorycheck-trainer', version: 1, name: 'fake-' + mode, supports: { algorithms: ['gd'] } }) + '\n');
const first = !existsSync(marker);
for await (const line of createInterface({ input: process.stdin })) {
  const { id, request } = JSON.parse(line);
  const once = first && !existsSync(marker);
  if (once) writeFileSync(marker, 'x');
  const { W, a } = request.network;
  const result = { W, a, steps: 0, trace: { step: [0], loss: [0.5] } };
  if (mode === 'crash-once' && once) process.exit(3);
  if (mode === 'malformed-once' && once) { process.stdout.write('{"id": ' + id + ', "result": \n'); continue; }
  if (mode === 'hang-once' && once) continue;
  if (mode === 'error') { process.stdout.write(JSON.stringify({ id, error: 'singular matrix in step 3' }) + '\n'); continue; }
  if (mode === 'nan') result.W[1] = 'NaN';
  if (mode === 'shape') result.a = a.slice(1);
  if (mode === 'noise') process.stdout.write('\n\n');
  process.stdout.write(JSON.stringify({ id, result }) + '\n');
}
`;

describe('process trainer', () => {
  let dir: string;
  const started: ProcessTrainer[] = [];
  const start = async (mode: string, timeoutSeconds?: number) => {
    const t = await startProcessTrainer({ command: `"${process.execPath}" ${join(dir, 'fake.mjs')} ${mode} ${join(dir, `${mode}.marker`)}`, ...(timeoutSeconds ? { timeoutSeconds } : {}) });
    started.push(t);
    return t;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'theorycheck-process-'));
    writeFileSync(join(dir, 'fake.mjs'), FAKE);
  });
  afterAll(async () => {
    await Promise.all(started.map((t) => t.close()));
  });

  it('takes its name and capabilities from the greeting and returns the result as Float64Arrays', async () => {
    const t = await start('echo');
    expect(t.name).toBe('fake-echo');
    expect(t.supports(request())).toBe(true);
    expect(t.supports(request({ kind: 'sgd', batchSize: 2 }))).toBe(false);
    const req = request();
    const result = await t.train(req);
    expect(result.W).toBeInstanceOf(Float64Array);
    expect(result.W).toEqual(req.network.W);
    expect(result.a).toEqual(req.network.a);
  });

  it('answers concurrent requests in order, one at a time', async () => {
    const t = await start('noise');
    const reqs = [request(), request({ steps: 2 }), request({ steps: 3 })];
    reqs[1].network.W[0] = 42;
    const results = await Promise.all(reqs.map((r) => t.train(r)));
    results.forEach((r, i) => expect(r.W).toEqual(reqs[i].network.W));
  });

  it('a crash fails that request with the exit code, and the next request runs in a new process', async () => {
    const t = await start('crash-once');
    await expect(t.train(request())).rejects.toThrow(/the process exited \(code 3\)/);
    await expect(t.train(request())).resolves.toMatchObject({ steps: 0 });
  });

  it('a malformed line fails that request, and the process is replaced', async () => {
    const t = await start('malformed-once');
    await expect(t.train(request())).rejects.toThrow(/malformed response line: response: got .*allowed: one JSON object on one line/);
    await expect(t.train(request())).resolves.toMatchObject({ steps: 0 });
  });

  it('a request past its timeout fails, the process is killed and restarted', async () => {
    const t = await start('hang-once', 0.5);
    await expect(t.train(request())).rejects.toThrow(/no result within 0.5 s/);
    await expect(t.train(request())).resolves.toMatchObject({ steps: 0 });
  });

  it('an error line becomes the request\'s error', async () => {
    const t = await start('error');
    await expect(t.train(request())).rejects.toThrow(/the process reported: singular matrix in step 3/);
  });

  it('NaN weights and wrong shapes become one named error per trial through the harness guard', async () => {
    for (const [mode, message] of [
      ['nan', /trainer fake-nan: TrainResult\.W\[1\]: got NaN; allowed: a finite number/],
      ['shape', /trainer fake-shape: TrainResult\.a: got "Float64Array of length 1"; allowed: a Float64Array of length m = 2/],
    ] as const) {
      const guard = guardTrainer(await start(mode));
      await expect(guard.trainer.train(request())).rejects.toThrow(message);
      expect(guard.failure()).toMatchObject({ status: 'error', reason: expect.stringMatching(message) });
    }
  });

  it('a command that does not start or does not greet is bad input', async () => {
    await expect(startProcessTrainer({ command: 'theorycheck-no-such-command --x' })).rejects.toThrow(/--trainer-cmd: got "theorycheck-no-such-command --x".*could not start/);
    await expect(startProcessTrainer({ command: `"${process.execPath}" ${join(dir, 'fake.mjs')} silent x`, startSeconds: 0.5 })).rejects.toThrow(/no greeting within 0.5 s/);
    await expect(startProcessTrainer({ command: `"${process.execPath}" -e "console.log('hello')"` })).rejects.toThrow(/greeting/);
  });

  it('claims whose requests the greeting does not cover are not checked, with the reason: never a pass, never a failure', async () => {
    const t = await start('echo');
    const trained = claims.filter((c) => c.id === 'quadratic.trained-recovery');
    const report = await runClaims(trained, { seed: 1, scale: 'small', trainer: t, shrink: false });
    for (const r of report.claims[0].results) {
      expect(r).toMatchObject({ verdict: 'not-checked', runs: 0, errors: 0, skipped: r.trials });
      expect(r.reasons).toEqual(['trainer fake-echo does not support quadratic GD']);
    }
    expect(report.summary).toMatchObject({ outcome: 'not-checked', exitCode: 4 });
    expect(report.summary.notChecked.every((u) => u.unsupported)).toBe(true);
    // --allow-unsupported lets declined requests through, still listed as not checked.
    const allowed = await runClaims(trained, { seed: 1, scale: 'small', trainer: t, shrink: false, allowUnsupported: true });
    expect(allowed.summary).toMatchObject({ outcome: 'agrees', exitCode: 0 });
    expect(allowed.claims[0].verdict).toBe('not-checked');
  });

  it('close ends the process', async () => {
    const t = await start('echo');
    await t.close();
    await expect(t.train(request())).rejects.toThrow(/closed/);
  });
});

// CI must run these: there a missing interpreter is a failure, not a skip.
const python = pythonForExample('numpy', 'examples/numpy_trainer.py', 'python3-numpy');

describe.skipIf(!python)('examples/numpy_trainer.py through the protocol', () => {
  let trainer: ProcessTrainer;
  beforeAll(async () => {
    trainer = await startProcessTrainer({ command: `${python} ${join(root, 'examples/numpy_trainer.py')}` });
  });
  afterAll(async () => {
    await trainer?.close();
  });

  it('greets with a schema-valid greeting and serves every algorithm', () => {
    expect(trainer.name).toBe('numpy');
    for (const kind of ['gd', 'sgd', 'gd-backtracking', 'online'] as const) expect(trainer.supports(request({ kind, batchSize: 2 }))).toBe(true);
  });

  it('trains as the reference trainer does, to rounding, for every deterministic algorithm', async () => {
    await expectTrainsAsReference(trainer);
  });

  it('reports divergence as the reference does', async () => {
    const got = await trainer.train(request({ lr: 1e6, steps: 50 }, 'quadratic'));
    expect(got.diverged).toBeDefined();
  });

  it('passes the trainer check and the quadratic claims (small ladder): every gated rung agrees, none is skipped', async () => {
    const report = await runClaims(claims.filter((c) => c.id.startsWith('quadratic.')), { seed: 1, scale: 'small', trainer, shrink: false, trainerCheck: 'stop' });
    expect(report.trainerCheck?.pass, JSON.stringify(report.trainerCheck?.probes.filter((p) => !p.pass))).toBe(true);
    const rungs = report.claims.flatMap((c) => c.results.map((r) => ({ id: c.id, ...r })));
    const trained = rungs.filter((r) => r.id === 'quadratic.gd-recovers-below-barrier' || r.id === 'quadratic.trained-recovery');
    expect(trained.length).toBeGreaterThan(0);
    for (const r of trained) expect(r.skipped, `${r.id} ${r.scale.name}`).toBe(0);
    for (const r of rungs) expect(['agrees', 'observed'], `${r.id} ${r.scale.name}: ${r.passes}/${r.runs} ${r.reasons.join('; ')}`).toContain(r.verdict);
    expect(report.summary.exitCode).toBe(0);
    expect(report.trainer).toBe('numpy');
  });

  it('runs from the command line with --trainer-cmd, and the checkpoint keeps the command for --resume', async () => {
    const out = mkdtempSync(join(tmpdir(), 'theorycheck-cmd-'));
    const command = `${python} examples/numpy_trainer.py`;
    const run = await cli('run', '--claim', 'quadratic.gd-recovers-below-barrier', '--scale', 'small', '--runs', '2', '--no-shrink', '--quiet', '--out', out, '--trainer-cmd', command);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).trainer).toBe('numpy');
    const header = JSON.parse(readFileSync(join(out, 'trials.jsonl'), 'utf8').split('\n')[0]);
    expect(header.config).toMatchObject({ trainer: 'numpy', trainerCmd: command });
    const first = bareReport(out);
    // Resuming a finished run restarts the trainer process from the checkpoint and recomputes nothing.
    const resumed = await cli('run', '--resume', out, '--quiet');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(bareReport(out)).toBe(first);
  });
});

describe('--trainer-cmd flags', () => {
  it('refuses --trainer with --trainer-cmd (exit 2) and a timeout that is not a positive number of seconds', async () => {
    expectRejected(await cli('run', '--claim', 'quadratic.energy-barrier', '--trainer', 'x.ts', '--trainer-cmd', 'python3 t.py'), '--trainer-cmd', expect);
    expect(parseTrainerTimeout('2.5')).toBe(2.5);
    for (const bad of ['-1', '0', 'soon', '']) expect(() => parseTrainerTimeout(bad)).toThrow(/--trainer-timeout: .*allowed: seconds/);
  });
});
