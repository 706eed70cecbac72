export type * from './types';
export { referenceTrainer, trainReference, supportsReference } from './reference';
export { validateRequest, ALGORITHM_KINDS, CONSTRAINT_KINDS } from './validate';
