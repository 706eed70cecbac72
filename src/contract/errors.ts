/** The one error type of theorycheck: names the field, the value given, and what is allowed. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${field}: got ${formatValue(value)}; allowed: ${allowed}`);
    this.name = 'InputError';
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * How the reason of a trial ended from outside its check begins: a request to the trainer that outlived its
 * timeout, a worker process that died running the trial. The reason goes on with the replay line.
 */
export const FAULT = { timeout: 'timed out: ', worker: 'worker died: ' } as const;

/** A request to a trainer that outlived its timeout (a process trainer's, or a module trainer's in its worker). */
export class TrainerTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainerTimeout';
  }
}

/**
 * What went wrong, in words, whatever was thrown: an Error's message, a string, an object's `message` or its
 * JSON (a trainer may throw anything; `String(x)` of an object is "[object Object]").
 */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (typeof err === 'object' && err !== null) {
    const message = (err as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      const json = JSON.stringify(err);
      if (json !== undefined && json !== '{}') return json.length > 200 ? `${json.slice(0, 197)}...` : json;
    } catch {
      // A cycle: fall through.
    }
    return `a thrown ${Object.prototype.toString.call(err).slice(8, -1)} with no message`;
  }
  return String(err);
}

/** The errno codes a file operation of theorycheck may meet, in words, and what would have worked instead. */
const ERRNO: Record<string, [words: string, allowed: string]> = {
  ENOSPC: ['no space left on device', 'a file system with free space'],
  EDQUOT: ['disk quota exceeded', 'a file system with free space'],
  EACCES: ['permission denied', 'a directory this user can write to'],
  EPERM: ['operation not permitted', 'a directory this user can write to'],
  EROFS: ['read-only file system', 'a directory on a writable file system'],
  ENOTDIR: ['not a directory', 'a directory path with no regular file in the way'],
  EEXIST: ['file exists', 'a directory path with no regular file in the way'],
  EISDIR: ['is a directory', 'a path that is not a directory'],
  ENOENT: ['no such file or directory', 'a path under a directory that can hold new directories and files'],
  ENAMETOOLONG: ['file name too long', 'a shorter path'],
  ELOOP: ['too many levels of symbolic links', 'a path without a symbolic link loop'],
  EIO: ['input/output error', 'a working disk'],
  EMFILE: ['too many open files', 'a higher limit of open files (ulimit -n)'],
};

/**
 * A failed file operation (an error with an errno code) as an InputError naming the path, what was being done and
 * the errno in words, so that it is printed as one line and exits 2; any other error is returned unchanged.
 */
export function fileError(path: string, doing: string, err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof InputError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  const [words, allowed] = ERRNO[code] ?? [String((err as Error).message).replace(/^E[A-Z]+: ([^,]*).*$/s, '$1'), 'a directory theorycheck can write to'];
  return new InputError(path, `${doing} failed: ${code} (${words})`, allowed);
}
