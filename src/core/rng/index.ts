export { stream, deriveSeed } from './stream';
export type { Stream } from './stream';
