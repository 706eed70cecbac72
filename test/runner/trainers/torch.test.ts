// examples/torch_trainer.py through the protocol: it trains as the reference trainer does, the claims agree with it
// from the command line, and bugs of its zoo (test/fixtures/torch-bugs/) are caught.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/contract/report';
import { readLinePatch, writePatchedTrainer } from '../../../src/runner/line-patch';
import { startProcessTrainer, type ProcessTrainer } from '../../../src/runner/trainers/process';
import { cli } from '../../cli/helpers';
import { expectTrainsAsReference, pythonForExample, root, smallRequest } from '../../helpers/python-trainer';

const example = join(root, 'examples/torch_trainer.py');
// CI must run these: there a missing interpreter is a failure, not a skip.
const python = pythonForExample('torch', 'examples/torch_trainer.py', 'python3-torch');

describe.skipIf(!python)('examples/torch_trainer.py through the protocol', () => {
  let trainer: ProcessTrainer;
  beforeAll(async () => {
    trainer = await startProcessTrainer({ command: `${python} ${example}` });
  });
  afterAll(async () => {
    await trainer?.close();
  });

  it('greets as torch and serves every algorithm', () => {
    expect(trainer.name).toBe('torch');
    for (const kind of ['gd', 'sgd', 'gd-backtracking', 'online'] as const) expect(trainer.supports(smallRequest({ kind, batchSize: 2 }))).toBe(true);
  });

  it('trains as the reference trainer does, to rounding, for every deterministic algorithm', async () => {
    await expectTrainsAsReference(trainer);
  });

  it('reports divergence', async () => {
    const got = await trainer.train(smallRequest({ lr: 1e6, steps: 50 }, 'quadratic'));
    expect(got.diverged).toBeDefined();
  });
});

describe.skipIf(!python)('theorycheck run --trainer-cmd with the PyTorch example', () => {
  const run = async (out: string, command: string, ...flags: string[]) => {
    const result = await cli('run', '--scale', 'small', '--seed', '1', '--no-shrink', '--quiet', '--out', out, '--trainer-cmd', command, ...flags);
    return { ...result, report: result.code === 2 ? undefined : (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report) };
  };

  it('agrees with the papers on a quadratic claim (full-batch GD) and a dynamics claim (one giant GD step) of the small ladder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'theorycheck-torch-'));
    // Six trials a rung keep it within the unit suite's budget (a rung agrees on its rate: 6/6 ≥ 0.9, 0/6 ≤ 0.1).
    const { code, stdout, stderr, report } = await run(out, `${python} ${example}`, '--claim', 'quadratic.gd-recovers-below-barrier', '--claim', 'giant-step.single-direction', '--runs', '6');
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(report?.trainer).toBe('torch');
    expect(report?.trainerCheck?.pass).toBe(true);
    const gated = report!.claims.flatMap((c) => c.results.filter((r) => r.expected !== 'observe').map((r) => ({ id: c.id, ...r })));
    expect(new Set(gated.map((r) => r.id))).toEqual(new Set(['quadratic.gd-recovers-below-barrier', 'giant-step.single-direction']));
    for (const r of gated) expect(r.verdict, `${r.id} ${r.scale.name}: ${r.passes}/${r.runs}`).toBe('agrees');
  }, 600_000);

  it('catches bugs of the zoo: the did-it-train check fails and the run exits 1 with the problems it saw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'theorycheck-torch-bugs-'));
    const expected = {
      'hidden-detached': /did not train: gd, first layer: .*does not require grad/,
      'scheduler-per-batch': /did not train: online, batch 1: loss .* layer W moved .* less than half of the reference's/,
    };
    for (const [name, seen] of Object.entries(expected)) {
      const patch = readLinePatch(join(root, 'test/fixtures/torch-bugs', `${name}.bug`));
      const { code, stdout, report } = await run(join(dir, name), `${python} ${writePatchedTrainer(example, patch, dir)}`, '--claim', 'giant-step.single-direction');
      expect(code, `${name}:\n${stdout}`).toBe(1);
      expect(report?.trainerCheck?.pass, name).toBe(false);
      expect(stdout, name).toMatch(seen);
    }
  }, 300_000);
});
