export type * from '../../contract/trainer';
export { referenceTrainer,   } from './reference';
;
