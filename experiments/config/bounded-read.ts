import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigError } from '../schema/config-error.js';

/** The largest experiment, study or sweep file ctrlsim reads: 16 MiB. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
/** The largest load trace ctrlsim reads: 256 MiB (about ten million rows). */
export const MAX_TRACE_BYTES = 256 * 1024 * 1024;

/**
 * Reads a regular file of at most `maxBytes` as UTF-8 text. A device
 * (/dev/zero), a FIFO, a directory or a file past the cap is refused with a
 * `ConfigError` on `field` (naming the file as `shown`) before any of it is read, so input can neither
 * exhaust memory nor block forever. The FIFO check happens on the opened
 * descriptor (opened non-blocking), so no read ever waits on a writer.
 */
export function readBoundedText(file: string, maxBytes: number, field: string, what: string, shown: string = file): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(field, `a readable ${what}`, `${JSON.stringify(shown)} (${describeErrno(code)})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      const kind = st.isDirectory()
        ? 'a directory'
        : st.isFIFO()
          ? 'a named pipe'
          : st.isCharacterDevice() || st.isBlockDevice()
            ? 'a device'
            : st.isSocket()
              ? 'a socket'
              : 'not a regular file';
      throw new ConfigError(field, `a regular ${what}`, `${JSON.stringify(shown)} (${kind})`);
    }
    if (st.size > maxBytes) {
      throw new ConfigError(field, `a ${what} of at most ${formatBytes(maxBytes)}`, `${JSON.stringify(shown)} (${formatBytes(st.size)})`);
    }
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** A file-system error code as words, for one-line messages. */
export function describeErrno(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'a directory';
    case 'ENOTDIR':
      return 'a path through something that is not a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENAMETOOLONG':
      return 'name too long';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EEXIST':
      return 'already exists';
    case 'EBUSY':
      return 'busy';
    case 'EXDEV':
      return 'on another file system';
    default:
      return code ?? 'unreadable';
  }
}

/** Bytes as a short human figure (binary units). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (!(n < 1024 ** 6)) return `${n.toPrecision(3)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(3))} ${units[i]}`;
}
