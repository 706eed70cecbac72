// Every claim of theorycheck, one import per paper file.
import type { Claim } from '../src/contract/claim';
import {
  empiricalBarrier,
  energyBarrier,
  gdRecoversBelowBarrier,
  identityBelowBarrier,
  recoveryThreshold,
  trainedRecovery,
} from './quadratic-networks';
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
import { universalityClaims } from './gaussian-universality';
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
  ...universalityClaims,
  ...subspaceClusteringClaims,
];
