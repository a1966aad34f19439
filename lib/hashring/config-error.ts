/**
 * Configuration errors for the hashring algorithms, and the checks that raise them.
 *
 * A bad option is a terminal error: retrying the same call cannot succeed. Each
 * message names the field, the valid range, and the value and type received.
 */

import { isHashName, HASH_NAMES, type HashName } from '../hash/registry.js';

/** A terminal error: a hashring option or membership change is invalid and will never succeed as given. */
export class HashringConfigError extends Error {
  /** The error tier, for callers that route errors by tier. */
  readonly tier = 'terminal' as const;
  /** The option or argument at fault, e.g. `vnodes` or `members[3]`. */
  readonly field: string;

  /** Builds the error; the message reads "<field>: <message>". */
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'HashringConfigError';
    this.field = field;
  }
}

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return `${shown} (${value === null ? 'null' : typeof value})`;
}

/** Returns `value` if it is an integer in [min, max]; throws HashringConfigError naming `field` otherwise. */
export function requireInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new HashringConfigError(field, `must be an integer in [${min}, ${max}]; got ${describe(value)}`);
  }
  return value;
}

/** Returns `value` if it is a finite number in [min, max]; throws HashringConfigError naming `field` otherwise. */
export function requireNumber(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new HashringConfigError(field, `must be a number in [${min}, ${max}]; got ${describe(value)}`);
  }
  return value;
}

/** Returns `value` if it names a hash function; throws HashringConfigError naming `field` otherwise. */
export function requireHashName(field: string, value: unknown): HashName {
  if (!isHashName(value)) {
    throw new HashringConfigError(field, `must be one of ${HASH_NAMES.join(', ')}; got ${describe(value)}`);
  }
  return value;
}

/**
 * Returns a copy of `members` if it is a non-empty array of distinct non-empty strings;
 * throws HashringConfigError naming the offending element otherwise.
 */
export function requireMembers(field: string, members: unknown): readonly string[] {
  if (!Array.isArray(members) || members.length === 0) {
    throw new HashringConfigError(field, `must be a non-empty array of member names; got ${Array.isArray(members) ? 'an empty array' : describe(members)}`);
  }
  const seen = new Set<string>();
  members.forEach((m: unknown, i) => {
    if (typeof m !== 'string' || m.length === 0) {
      throw new HashringConfigError(`${field}[${i}]`, `must be a non-empty string; got ${describe(m)}`);
    }
    if (seen.has(m)) throw new HashringConfigError(`${field}[${i}]`, `duplicate member ${JSON.stringify(m)}`);
    seen.add(m);
  });
  return [...(members as string[])];
}

/** Throws HashringConfigError unless `member` is a non-empty string absent from `members`. */
export function requireNewMember(members: readonly string[], member: unknown): string {
  if (typeof member !== 'string' || member.length === 0) {
    throw new HashringConfigError('member', `must be a non-empty string; got ${describe(member)}`);
  }
  if (members.includes(member)) throw new HashringConfigError('member', `${JSON.stringify(member)} is already a member`);
  return member;
}

/** Returns the index of `member` in `members`; throws HashringConfigError if absent or if it is the only member. */
export function requireRemovableMember(members: readonly string[], member: unknown): number {
  const index = typeof member === 'string' ? members.indexOf(member) : -1;
  if (index < 0) throw new HashringConfigError('member', `is not a member; got ${describe(member)}`);
  if (members.length === 1) {
    throw new HashringConfigError('member', `cannot remove ${JSON.stringify(member)}: a table needs at least one member`);
  }
  return index;
}
