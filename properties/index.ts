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

export const claims: Claim<any>[] = [
  energyBarrier,
  empiricalBarrier,
  gdRecoversBelowBarrier,
  identityBelowBarrier,
  recoveryThreshold,
  trainedRecovery,
];
