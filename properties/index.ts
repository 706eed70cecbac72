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
import { giantStepClaims } from './giant-step';
import { batchBelowCritical } from './batch-size/below-critical';
import { batchBeyondCritical } from './batch-size/beyond-critical';
import { repetitionLearnsHe3 } from './data-repetition/learns-he3';
import { evenTargetsNoGain } from './data-repetition/even-no-gain';
import { parityStaircase } from './data-repetition/parity-staircase';
import { reusingBatchesClaims } from './reusing-batches';
import { lowRotationClaims } from './low-rotation-margins';
import { oneStepSpectrumClaims } from './one-step-spectrum';
import { universalityClaims } from './gaussian-universality';
import { algorithmicThresholdClaim } from './clustering/algorithmic-threshold';
import { statisticalGap } from './clustering/statistical-gap';

export const claims: Claim<any>[] = [
  energyBarrier,
  empiricalBarrier,
  gdRecoversBelowBarrier,
  identityBelowBarrier,
  recoveryThreshold,
  trainedRecovery,
  ...giantStepClaims,
  batchBelowCritical,
  batchBeyondCritical,
  repetitionLearnsHe3,
  evenTargetsNoGain,
  parityStaircase,
  ...reusingBatchesClaims,
  ...lowRotationClaims,
  ...oneStepSpectrumClaims,
  ...universalityClaims,
  algorithmicThresholdClaim,
  statisticalGap,
];
