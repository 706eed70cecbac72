// Every claim of theorycheck, one file per claim (properties/<family>/<name>.ts); this order is the order of every
// report.
import type { Claim } from '../src/contract/claim';
import { energyBarrier } from './quadratic/energy-barrier';
import { empiricalBarrier } from './quadratic/empirical-barrier';
import { gdRecoversBelowBarrier } from './quadratic/gd-recovers-below-barrier';
import { identityBelowBarrier } from './quadratic/identity-below-barrier';
import { recoveryThreshold } from './quadratic/recovery-threshold';
import { trainedRecovery } from './quadratic/trained-recovery';
import { fullAlgorithm } from './quadratic/full-algorithm';
import { uniformBarrier } from './quadratic/uniform-barrier';
import { singleDirection } from './giant-step/single-direction';
import { onlyOneDirection } from './giant-step/only-one-direction';
import { hardDirections } from './giant-step/hard-directions';
import { staircaseSteps } from './giant-step/staircase';
import { specialization } from './giant-step/specialization';
import { batchBelowCritical } from './batch-size/below-critical';
import { batchBeyondCritical } from './batch-size/beyond-critical';
import { odeTracksSgd } from './batch-size/ode-tracks-sgd';
import { repetitionLearnsHe3 } from './data-repetition/learns-he3';
import { evenTargetsNoGain } from './data-repetition/even-no-gain';
import { parityStaircase } from './data-repetition/parity-staircase';
import { multiIndexLearned } from './data-repetition/multi-index';
import { hierarchicalOrder } from './data-repetition/hierarchical';
import { almostAllDirections } from './data-repetition/almost-all-directions';
import { overlapCurve } from './reusing-batches/overlap-curve';
import { selfTerm } from './reusing-batches/self-term';
import { generalisationCurve } from './reusing-batches/generalisation-curve';
import { hardDirectionInTwoSteps } from './reusing-batches/hard-direction-in-two-steps';
import { marginsGrow } from './low-rotation/margins-grow';
import { ntkMarginConstant } from './low-rotation/ntk-margin';
import { lowTestError } from './low-rotation/test-error';
import { sgdTestError } from './low-rotation/sgd-test-error';
import { weightsMoveLittle } from './low-rotation/weights-move-little';
import { neuralCollapse } from './low-rotation/neural-collapse';
import { normOnlyMaxMargin } from './low-rotation/norm-only-max-margin';
import { escapesBadKkt } from './low-rotation/escapes-kkt';
import { rankOneSpike } from './spectrum/rank-one-spike';
import { beyondRandomFeatures } from './spectrum/beyond-random-features';
import { outlierGrows } from './spectrum/outlier-grows';
import { asymptoticError } from './spectrum/asymptotic-error';
import { trainingErrorUniversal } from './universality/training-error';
import { testErrorUniversal } from './universality/test-error';
import { sharpFormulas } from './universality/sharp-formulas';
import { algorithmicThresholdClaim } from './clustering/algorithmic-threshold';
import { ampThresholdLocation } from './clustering/amp-threshold-location';
import { statisticalGap } from './clustering/statistical-gap';

export const claims: Claim<any>[] = [
  energyBarrier,
  empiricalBarrier,
  gdRecoversBelowBarrier,
  identityBelowBarrier,
  recoveryThreshold,
  trainedRecovery,
  fullAlgorithm,
  uniformBarrier,
  singleDirection,
  onlyOneDirection,
  hardDirections,
  staircaseSteps,
  specialization,
  batchBelowCritical,
  batchBeyondCritical,
  odeTracksSgd,
  repetitionLearnsHe3,
  evenTargetsNoGain,
  parityStaircase,
  multiIndexLearned,
  hierarchicalOrder,
  almostAllDirections,
  overlapCurve,
  selfTerm,
  generalisationCurve,
  hardDirectionInTwoSteps,
  marginsGrow,
  ntkMarginConstant,
  escapesBadKkt,
  lowTestError,
  sgdTestError,
  weightsMoveLittle,
  neuralCollapse,
  normOnlyMaxMargin,
  rankOneSpike,
  beyondRandomFeatures,
  outlierGrows,
  asymptoticError,
  trainingErrorUniversal,
  testErrorUniversal,
  sharpFormulas,
  algorithmicThresholdClaim,
  ampThresholdLocation,
  statisticalGap,
];
