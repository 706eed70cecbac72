// Every claim of theorycheck, one import per paper file.
import type { Claim } from '../src/contract/claim';
import { energyBarrier } from './quadratic/energy-barrier';
import { empiricalBarrier } from './quadratic/empirical-barrier';
import { gdRecoversBelowBarrier } from './quadratic/gd-recovers-below-barrier';
import { identityBelowBarrier } from './quadratic/identity-below-barrier';
import { recoveryThreshold } from './quadratic/recovery-threshold';
import { trainedRecovery } from './quadratic/trained-recovery';
import { giantStepClaims } from './giant-step';
import { batchSizeClaims } from './batch-size';
import { dataRepetitionClaims } from './data-repetition';
import { reusingBatchesClaims } from './reusing-batches';
import { lowRotationClaims } from './low-rotation-margins';
import { oneStepSpectrumClaims } from './one-step-spectrum';
import { trainingErrorUniversal } from './universality/training-error';
import { testErrorUniversal } from './universality/test-error';
import { subspaceClusteringClaims } from './subspace-clustering';

export const claims: Claim<any>[] = [
  energyBarrier,
  empiricalBarrier,
  gdRecoversBelowBarrier,
  identityBelowBarrier,
  recoveryThreshold,
  trainedRecovery,
  ...giantStepClaims,
  ...batchSizeClaims,
  ...dataRepetitionClaims,
  ...reusingBatchesClaims,
  ...lowRotationClaims,
  ...oneStepSpectrumClaims,
  trainingErrorUniversal,
  testErrorUniversal,
  ...subspaceClusteringClaims,
];
