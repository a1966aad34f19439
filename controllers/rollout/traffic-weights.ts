/** Traffic splits as 'shift-traffic' carries them: percent per version. */

/** Whether two splits send the same share to every version (a version left out gets 0%). */
export function sameWeights(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}
