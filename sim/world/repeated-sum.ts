/**
 * The sum x + x + … + x (k terms) exactly as a loop adding x k times from 0
 * computes it, rounding included, without the loop: prefix sums are kept as
 * they are first needed. Lets a total over k identical terms skip the scan
 * and still match the scan bit for bit.
 */
export class RepeatedSum {
  private readonly prefix: number[] = [0];

  constructor(
    /** The repeated term. */
    readonly term: number,
  ) {}

  /** The sum of `k` terms, added left to right from 0. */
  at(k: number): number {
    const p = this.prefix;
    while (p.length <= k) p.push(p[p.length - 1]! + this.term);
    return p[k]!;
  }
}
