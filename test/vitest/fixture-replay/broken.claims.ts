import { claims } from 'theorycheck';
import { claimTests } from 'theorycheck/vitest';
import broken from '../../fixtures/broken-trainers/sign-flip-first-layer';

// The first layer climbs its gradient: GD from below the barrier no longer recovers A*, and the failing rung's
// message carries a replay line naming this trainer's module (relative to the project, where replay runs).
const claim = claims.find((c) => c.id === 'quadratic.gd-recovers-below-barrier');
if (!claim) throw new Error('quadratic.gd-recovers-below-barrier is not in the catalogue');
claimTests(claim, { scale: 'small', trainer: broken, trainerModule: 'test/fixtures/broken-trainers/sign-flip-first-layer.ts', trainerCheck: false });
