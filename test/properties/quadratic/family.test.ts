import { describe, expect, it } from 'vitest';
import { claims } from '../../../properties/index';
import { empiricalBarrier } from '../../../properties/quadratic/empirical-barrier';
import { energyBarrier } from '../../../properties/quadratic/energy-barrier';
import {
  barrierStudent,
  drawSample,
  drawTeacher,
  FAMILY,
  meanNorm4,
  q4Samples,
  quadraticRequest,
  train,
  type BarrierInstance,
} from '../../../properties/quadratic/family';
import { gdRecoversBelowBarrier } from '../../../properties/quadratic/gd-recovers-below-barrier';
import { fullAlgorithm } from '../../../properties/quadratic/full-algorithm';
import { identityBelowBarrier } from '../../../properties/quadratic/identity-below-barrier';
import { recoveryThreshold } from '../../../properties/quadratic/recovery-threshold';
import { trainedRecovery } from '../../../properties/quadratic/trained-recovery';
import { uniformBarrier } from '../../../properties/quadratic/uniform-barrier';
import type { Trainer } from '../../../src/contract/trainer';
import { dense, numericalRank } from '../../../src/core/linalg';
import { eigenvalues, featureDim, gram, populationRisk, quadraticOutputs } from '../../../src/core/model/quadratic';
import { stream } from '../../../src/core/rng';
import { expectClose } from '../../helpers/close';

const QUADRATIC = [energyBarrier, empiricalBarrier, gdRecoversBelowBarrier, identityBelowBarrier, recoveryThreshold, trainedRecovery, fullAlgorithm, uniformBarrier];

describe('the claim list', () => {
  it('lists the eight quadratic claims once each, with unique ids of the form family.name', () => {
    const ids = claims.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const claim of QUADRATIC) expect(ids).toContain(claim.id);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
  });
});

describe('the teacher and the sample', () => {
  it('A* = W*ᵀW* with its extreme eigenvalues, and the barrier B(W*) = 2 λ_min(A*)²', () => {
    const teacher = drawTeacher(stream(11).child('teacher'), 7, 4);
    expect(Array.from(teacher.A)).toEqual(Array.from(gram(teacher.W, 7, 4)));
    const lambda = eigenvalues(teacher.A, 4);
    expect([teacher.lambdaMin, teacher.lambdaMax]).toEqual([lambda[0], lambda[3]]);
    expectClose(teacher.B, 2 * teacher.lambdaMin ** 2, 1e-12, 'B');
  });

  it('labels are the teacher\'s outputs y = ‖W*x‖², and mean ‖x‖⁴ is the mean of the squared row norms squared', () => {
    const teacher = drawTeacher(stream(12).child('teacher'), 5, 3);
    const sample = drawSample(stream(12).child('inputs'), teacher, 9);
    expect(Array.from(sample.y)).toEqual(Array.from(quadraticOutputs(teacher.W, 5, 3, sample.X, 9)));
    let m4 = 0;
    for (let i = 0; i < 9; i++) m4 += (sample.X[3 * i] ** 2 + sample.X[3 * i + 1] ** 2 + sample.X[3 * i + 2] ** 2) ** 2;
    expectClose(meanNorm4(sample.X, 9, 3), m4 / 9, 1e-12, 'mean ‖x‖⁴');
  });
});

describe('the students of Q1 and Q1b', () => {
  const teacher = drawTeacher(stream(13).child('teacher'), 6, 4);
  const base: BarrierInstance = { d: 4, family: FAMILY.randomFactors, mStar: 6, m: 5, r: 2, t: 1, epsFrac: 0, N: 0, seed: 13 };

  it('random factors have rank r < d; the rank-(d−1) student at t = 1 sits at L = 3 λ_min(A*)²', () => {
    const factors = barrierStudent(base, teacher, stream(13).child('student'));
    expect(factors.m).toBe(5);
    expect(numericalRank(dense(5, 4, factors.W))).toBe(2);
    const adversarial = barrierStudent({ ...base, family: FAMILY.adversarial, m: 0, r: 3 }, teacher, stream(13).child('student'));
    expect(adversarial.m).toBe(6);
    expectClose(populationRisk(gram(adversarial.W, 6, 4), teacher.A, 4), 3 * teacher.lambdaMin ** 2, 1e-9, 'L');
  });

  it('the full-rank control near the teacher sits below the barrier', () => {
    const control = barrierStudent({ ...base, family: FAMILY.control, m: 0, r: 4, epsFrac: 0.05 }, teacher, stream(13).child('student'));
    expect(numericalRank(dense(6, 4, control.W))).toBe(4);
    expect(populationRisk(gram(control.W, 6, 4), teacher.A, 4)).toBeLessThan(teacher.B);
  });
});

describe('the training request and its outcome', () => {
  const teacher = drawTeacher(stream(14).child('teacher'), 3, 3);
  const sample = drawSample(stream(14).child('inputs'), teacher, 12);
  const request = quadraticRequest(teacher.W, 3, 3, sample, { kind: 'gd', lr: 0.1, steps: 5 }, 14);
  const idle: Trainer = { name: 'idle', supports: () => true, train: (r) => ({ W: r.network.W.slice(), a: r.network.a.slice(), steps: 0, trace: { step: [0], loss: [0] } }) };

  it('asks for GD on the square loss of a quadratic network with a = 1 frozen and no output scaling', () => {
    expect(request.network).toMatchObject({ activation: 'quadratic', d: 3, m: 3, outputScaling: 'none', trainFirst: true, trainSecond: false });
    expect(Array.from(request.network.a)).toEqual([1, 1, 1]);
    expect(request.loss).toEqual({ kind: 'square', reduction: 'mean' });
    expect(request.data).toMatchObject({ n: 12, X: sample.X, y: sample.y });
    expect(request.algorithm).toEqual({ kind: 'gd', lr: 0.1, steps: 5 });
  });

  it('an unsupported request ends the trial as skipped, a diverged run as diverged', async () => {
    expect(await train({ ...idle, supports: () => false }, request)).toMatchObject({ pass: false, status: 'skipped' });
    const diverging: Trainer = { ...idle, train: (r) => ({ ...(idle.train(r) as object), diverged: { step: 3, loss: Infinity } }) as never };
    expect(await train(diverging, request)).toMatchObject({ pass: false, status: 'diverged' });
    expect(await train(idle, request)).toMatchObject({ steps: 0 });
  });

  it('Q4 and Q4b count their samples in units of N* = d(d+1)/2, an explicit N winning', () => {
    expect(q4Samples({ d: 4, NOverNstar: 0.5 })).toBe(featureDim(4) / 2);
    expect(q4Samples({ d: 4, NOverNstar: 0.5, N: 7 })).toBe(7);
  });
});
