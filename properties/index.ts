// Every claim of theorycheck, one import per paper file.
import type { Claim } from '../src/harness/claim';
import {
  empiricalBarrier,
  energyBarrier,
  gdRecoversBelowBarrier,
  identityBelowBarrier,
  recoveryThreshold,
  trainedRecovery,
} from './quadratic-networks';
import { giantStepClaims } from './giant-step';
import { reusingBatchesClaims } from './reusing-batches';

export const claims: Claim<any>[] = [
  energyBarrier,
  empiricalBarrier,
  gdRecoversBelowBarrier,
  identityBelowBarrier,
  recoveryThreshold,
  trainedRecovery,
  ...giantStepClaims,
  ...reusingBatchesClaims,
];
