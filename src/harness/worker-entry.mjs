// Entry of a trial worker thread: TypeScript loads through tsx here (a worker does not inherit the loader of
// the thread that started it), then the worker proper runs.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
