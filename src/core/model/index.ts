export * from './activations';
export * from './loss';
export * from './network';
