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
import { batchSizeClaims } from './batch-size';
import { dataRepetitionClaims } from './data-repetition';
import { overlapCurve } from './reusing-batches/overlap-curve';
import { selfTerm } from './reusing-batches/self-term';
import { marginsGrow } from './low-rotation/margins-grow';
import { ntkMarginConstant } from './low-rotation/ntk-margin';
import { lowTestError } from './low-rotation/test-error';
import { weightsMoveLittle } from './low-rotation/weights-move-little';
import { neuralCollapse } from './low-rotation/neural-collapse';
import { normOnlyMaxMargin } from './low-rotation/norm-only-max-margin';
import { oneStepSpectrumClaims } from './one-step-spectrum';
import { universalityClaims } from './gaussian-universality';
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
  overlapCurve,
  selfTerm,
  marginsGrow,
  ntkMarginConstant,
  lowTestError,
  weightsMoveLittle,
  neuralCollapse,
  normOnlyMaxMargin,
  ...oneStepSpectrumClaims,
  ...universalityClaims,
  ...subspaceClusteringClaims,
];
