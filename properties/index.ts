// Every claim of theorycheck, one import per paper file.
import type { Claim } from '../src/contract/claim';
import {
  empiricalBarrier,
  energyBarrier,
  gdRecoversBelowBarrier,
  identityBelowBarrier,
  recoveryThreshold,
  trainedRecovery,
} from './quadratic/family';
import { giantStepClaims } from './giant-step';
import { batchSizeClaims } from './batch-size';
import { dataRepetitionClaims } from './data-repetition';
import { reusingBatchesClaims } from './reusing-batches';
import { lowRotationClaims } from './low-rotation-margins';
import { oneStepSpectrumClaims } from './one-step-spectrum';
import { universalityClaims } from './universality/family';
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
  ...universalityClaims,
  ...subspaceClusteringClaims,
];
