/**
 * Rendezvous, or highest-random-weight, hashing (Thaler & Ravishankar 1996).
 *
 * Every member scores every key; the key goes to the highest score. A score
 * depends only on the key and that one member, so adding a member moves only
 * the keys it now wins (about 1/(n+1) of them) and removing one moves only its
 * own keys. Lookups cost O(members).
 *
 * Score: fmix32(keyHash ^ memberHash), where keyHash = hash(key, seed 0) and
 * memberHash = hash(member, MEMBER_SEED) is computed once per member. fmix32 is
 * a bijection with full avalanche, so scores behave as independent uniform
 * draws. Equal scores go to the member whose name sorts first.
 */

import { requireHashName, requireMembers, requireNewMember, requireRemovableMember } from './config-error.js';
import { fmix32 } from '../hash/murmur3-x86-32.js';
import { keyHash32, type HashName, type KeyHash32 } from '../hash/registry.js';
import type { AssignmentTable } from './table.js';

/** Options for {@link buildRendezvous}; omitted fields take {@link RENDEZVOUS_DEFAULTS}. */
export interface RendezvousOptions {
  /** The members, distinct non-empty strings; the result does not depend on their order. */
  readonly members: readonly string[];
  /** The hash of keys and member names. */
  readonly hash?: HashName;
}

/** Defaults for {@link RendezvousOptions}. */
export const RENDEZVOUS_DEFAULTS = { hash: 'murmur3-x86-32' } as const satisfies Omit<Required<RendezvousOptions>, 'members'>;

/** Seed for hashing member names, distinct from the key seed 0 so a member named like a key scores unrelatedly. */
const MEMBER_SEED = 0x52454e44;

/** An immutable rendezvous-hashing table. Build one with {@link buildRendezvous}. */
export class RendezvousTable implements AssignmentTable {
  /** Always 'rendezvous'. */
  readonly kind = 'rendezvous' as const;
  /** The members, in the order given and added. */
  readonly members: readonly string[];
  /** The hash of keys and member names. */
  readonly hash: HashName;
  private readonly memberHashes: Uint32Array;
  private readonly h32: KeyHash32;

  /** Internal: use {@link buildRendezvous}. */
  constructor(members: readonly string[], hash: HashName) {
    this.members = members;
    this.hash = hash;
    this.h32 = keyHash32(hash);
    this.memberHashes = Uint32Array.from(members, (m) => this.h32(m, MEMBER_SEED));
  }

  /** Returns the member with the highest score for `key` (ties to the name that sorts first). */
  lookup(key: string): string {
    const kh = this.h32(key, 0);
    const hashes = this.memberHashes;
    let best = 0;
    let bestScore = fmix32(kh ^ (hashes[0] as number));
    for (let i = 1; i < hashes.length; i++) {
      const s = fmix32(kh ^ (hashes[i] as number));
      if (s > bestScore || (s === bestScore && (this.members[i] as string) < (this.members[best] as string))) {
        best = i;
        bestScore = s;
      }
    }
    return this.members[best] as string;
  }

  /** Returns the score `member` gives `key`, an unsigned 32-bit integer; higher wins. */
  score(key: string, member: string): number {
    return fmix32(this.h32(key, 0) ^ this.h32(member, MEMBER_SEED));
  }

  /** Returns a table that also has `member`. */
  withMember(member: string): RendezvousTable {
    requireNewMember(this.members, member);
    return new RendezvousTable([...this.members, member], this.hash);
  }

  /** Returns a table without `member`. */
  withoutMember(member: string): RendezvousTable {
    const index = requireRemovableMember(this.members, member);
    return new RendezvousTable(
      this.members.filter((_, i) => i !== index),
      this.hash,
    );
  }
}

/** Builds a rendezvous table from `options` over {@link RENDEZVOUS_DEFAULTS}; throws HashringConfigError on a bad option. */
export function buildRendezvous(options: RendezvousOptions): RendezvousTable {
  const members = requireMembers('members', options.members);
  const hash = requireHashName('hash', options.hash ?? RENDEZVOUS_DEFAULTS.hash);
  return new RendezvousTable(members, hash);
}
