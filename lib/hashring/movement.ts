/**
 * Key-movement metrics: how many keys a membership change moves, against the minimum.
 *
 * Pure functions of two tables and a key sample. For balanced tables the
 * fewest keys any algorithm must move is the share of the removed members
 * (|removed| / n_before) or the share the added members must receive
 * (|added| / n_after), whichever is larger: 1/(n+1) for adding one member to
 * n, 1/n for removing one. For a change that both adds and removes members
 * this is a lower bound.
 */

import type { AssignmentTable } from './table.js';

/** What a membership change did to a key sample. */
export interface MovementReport {
  /** Keys in the sample. */
  readonly keys: number;
  /** Keys whose member differs between the two tables. */
  readonly moved: number;
  /** moved / keys (0 for an empty sample). */
  readonly movedFraction: number;
  /** Moved keys whose new member was not a member before (the only moves an ideal add makes). */
  readonly movedToAdded: number;
  /** Moved keys whose old member is not a member after (the only moves an ideal removal makes). */
  readonly movedFromRemoved: number;
  /** Moved keys whose old and new members are in both tables: avoidable movement. */
  readonly movedBetweenSurvivors: number;
  /** The minimum fraction a balanced algorithm must move, from {@link optimalMovedFraction}. */
  readonly optimalFraction: number;
  /** movedFraction / optimalFraction: 1 is ideal; 0 when nothing had to move and nothing did; Infinity when nothing had to move but keys did. */
  readonly ratioToOptimal: number;
}

/** Returns max(|removed| / |before|, |added| / |after|) for the member lists `before` and `after`. */
export function optimalMovedFraction(before: readonly string[], after: readonly string[]): number {
  const b = new Set(before);
  const a = new Set(after);
  const removed = before.filter((m) => !a.has(m)).length;
  const added = after.filter((m) => !b.has(m)).length;
  return Math.max(b.size === 0 ? 0 : removed / b.size, a.size === 0 ? 0 : added / a.size);
}

/** Compares where `keys` land in `before` and `after`. */
export function measureMovement(before: AssignmentTable, after: AssignmentTable, keys: readonly string[]): MovementReport {
  const beforeMembers = new Set(before.members);
  const afterMembers = new Set(after.members);
  let moved = 0;
  let movedToAdded = 0;
  let movedFromRemoved = 0;
  let movedBetweenSurvivors = 0;
  for (const key of keys) {
    const from = before.lookup(key);
    const to = after.lookup(key);
    if (from === to) continue;
    moved++;
    const toAdded = !beforeMembers.has(to);
    const fromRemoved = !afterMembers.has(from);
    if (toAdded) movedToAdded++;
    if (fromRemoved) movedFromRemoved++;
    if (!toAdded && !fromRemoved) movedBetweenSurvivors++;
  }
  const movedFraction = keys.length === 0 ? 0 : moved / keys.length;
  const optimalFraction = optimalMovedFraction(before.members, after.members);
  const ratioToOptimal = optimalFraction > 0 ? movedFraction / optimalFraction : moved === 0 ? 0 : Infinity;
  return { keys: keys.length, moved, movedFraction, movedToAdded, movedFromRemoved, movedBetweenSurvivors, optimalFraction, ratioToOptimal };
}
