export type * from '../../contract/trainer';
export { referenceTrainer, trainReference, supportsReference } from './reference';
export { validateRequest } from './validate';
