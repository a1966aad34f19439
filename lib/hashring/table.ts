/**
 * The common shape of every key → member assignment algorithm.
 *
 * A table is immutable: lookups are pure, and a membership change returns a
 * new table, so a controller can keep the old and the new side by side to see
 * which keys move.
 */

/** Which algorithm built a table. */
export type AlgorithmKind = 'ring' | 'jump' | 'rendezvous' | 'maglev' | 'bounded-load';

/** An immutable assignment of string keys to members. */
export interface AssignmentTable {
  /** The algorithm that built this table. */
  readonly kind: AlgorithmKind;
  /** The current members, in the order the algorithm keeps them (documented per algorithm). */
  readonly members: readonly string[];
  /** Returns the member that owns `key`; always one of `members`, and the same for the same table and key. */
  lookup(key: string): string;
  /** Returns a new table that also has `member`; throws HashringConfigError if it is already a member. */
  withMember(member: string): AssignmentTable;
  /** Returns a new table without `member`; throws HashringConfigError if absent or if it is the last member. */
  withoutMember(member: string): AssignmentTable;
}
