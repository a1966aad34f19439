/** Phase of an Argo measurement, metric result or AnalysisRun. */
export type AnalysisPhase = 'Pending' | 'Running' | 'Successful' | 'Failed' | 'Error' | 'Inconclusive';

const COMPLETED: ReadonlySet<AnalysisPhase> = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

/** Argo's AnalysisPhase.Completed: Successful, Failed, Error and Inconclusive are final. */
export function isCompletedPhase(phase: AnalysisPhase | undefined): boolean {
  return phase !== undefined && COMPLETED.has(phase);
}

/** Argo's analysisStatusOrder, best to worst. */
const BEST_TO_WORST: readonly AnalysisPhase[] = ['Successful', 'Running', 'Pending', 'Inconclusive', 'Error', 'Failed'];

function rank(phase: AnalysisPhase): number {
  return Math.max(0, BEST_TO_WORST.indexOf(phase));
}

/**
 * Argo's IsWorse: whether `next` is strictly worse than `current`, in the order
 * Successful < Running < Pending < Inconclusive < Error < Failed.
 */
export function isWorsePhase(current: AnalysisPhase, next: AnalysisPhase): boolean {
  return rank(next) > rank(current);
}

/** Argo's Worst: the worse of two phases, `left` on a tie. */
export function worstPhase(left: AnalysisPhase, right: AnalysisPhase): AnalysisPhase {
  return isWorsePhase(left, right) ? right : left;
}
