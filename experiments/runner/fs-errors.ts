import { describeErrno } from '../config/bounded-read.js';

/** A file-system failure as the CLI prints it: one line naming the path and the cause, and the exit code. */
export interface FileSystemFailure {
  /** The line, without the `ctrlsim: error:` prefix. */
  readonly message: string;
  /** 2 when the user's path is at fault (read-only, not a directory, no permission), 1 when the machine is (disk full, too many files). */
  readonly exit: 1 | 2;
}

/** The codes of a path the user chose that cannot be used: bad input (exit 2). */
const BAD_PATH = new Set([
  'EROFS',
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'EISDIR',
  'ENOENT',
  'EEXIST',
  'ENAMETOOLONG',
  'ELOOP',
  'EXDEV',
  'ENOTEMPTY',
  'EBUSY',
  'EINVAL',
]);
/** The codes of a machine that ran out of something: the run failed (exit 1). */
const EXHAUSTED = new Set(['ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE', 'EIO', 'EFBIG']);

/**
 * Describes a Node file-system error (one with a `code` and a `syscall`) in
 * one line, e.g. `cannot write out/run (mkdir): read-only file system`, or
 * returns undefined for anything else.
 */
export function fileSystemError(e: unknown): FileSystemFailure | undefined {
  const err = e as NodeJS.ErrnoException | undefined;
  if (!err || typeof err !== 'object' || typeof err.code !== 'string' || typeof err.syscall !== 'string') return undefined;
  const known = BAD_PATH.has(err.code) ? 2 : EXHAUSTED.has(err.code) ? 1 : undefined;
  if (known === undefined) return undefined;
  const reading = ['read', 'scandir', 'stat', 'lstat', 'access', 'readlink'].includes(err.syscall);
  const path = err.path ?? (err as { dest?: string }).dest;
  const verb = reading ? 'cannot read' : 'cannot write';
  return { message: `${verb} ${path !== undefined ? JSON.stringify(path) : 'a file'} (${err.syscall}): ${describeErrno(err.code)}`, exit: known };
}
