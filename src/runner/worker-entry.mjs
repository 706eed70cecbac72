// Entry of a trial worker process: TypeScript loads through tsx here (a worker does not inherit the loader of
// the process that started it), then the worker proper runs.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
