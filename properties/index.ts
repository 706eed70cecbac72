// Every claim of theorycheck, one import per claim file (or per paper file, for families not yet split).
import type { Claim } from '../src/contract/claim';
import { energyBarrier } from './quadratic/energy-barrier';
import { empiricalBarrier } from './quadratic/empirical-barrier';
import { gdRecoversBelowBarrier } from './quadratic/gd-recovers-below-barrier';
import { identityBelowBarrier } from './quadratic/identity-below-barrier';
import { recoveryThreshold } from './quadratic/recovery-threshold';
import { trainedRecovery } from './quadratic/trained-recovery';
import { singleDirection } from './giant-step/single-direction';
import { onlyOneDirection } from './giant-step/only-one-direction';
import { hardDirections } from './giant-step/hard-directions';
import { staircaseSteps } from './giant-step/staircase';
import { batchSizeClaims } from './batch-size';
import { dataRepetitionClaims } from './data-repetition';
import { reusingBatchesClaims } from './reusing-batches';
import { lowRotationClaims } from './low-rotation-margins';
import { rankOneSpike } from './spectrum/rank-one-spike';
import { beyondRandomFeatures } from './spectrum/beyond-random-features';
import { outlierGrows } from './spectrum/outlier-grows';
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
  singleDirection,
  onlyOneDirection,
  hardDirections,
  staircaseSteps,
  ...batchSizeClaims,
  ...dataRepetitionClaims,
  ...reusingBatchesClaims,
  ...lowRotationClaims,
  rankOneSpike,
  beyondRandomFeatures,
  outlierGrows,
  trainingErrorUniversal,
  testErrorUniversal,
  ...subspaceClusteringClaims,
];
