/**
 * Closed forms for M/M/c queues (Poisson arrivals at rate λ, exponential
 * service at rate μ per server, c servers, FIFO), used to validate the engine.
 */

/** Steady-state measures of an M/M/c queue. Times are in the unit of 1/λ. */
export interface MmcMeasures {
  /** Server utilization ρ = λ / (cμ). */
  readonly utilization: number;
  /** Erlang C: probability an arrival waits. */
  readonly probabilityOfWait: number;
  /** Mean wait in queue, Wq. */
  readonly meanWait: number;
  /** Mean time in system, W = Wq + 1/μ. */
  readonly meanSojourn: number;
  /** Mean number in system, L = λW (Little's law). */
  readonly meanInSystem: number;
}

/** Erlang C formula for c servers and offered load a = λ/μ (requires a < c). */
export function erlangC(c: number, a: number): number {
  if (!(a < c)) throw new RangeError(`offered load ${a} must be below servers ${c}`);
  // Erlang B by its stable recurrence, then C from B.
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/** Steady-state measures of M/M/c with arrival rate λ and service rate μ. */
export function mmc(lambda: number, mu: number, c: number): MmcMeasures {
  const a = lambda / mu;
  const pw = erlangC(c, a);
  const meanWait = pw / (c * mu - lambda);
  const meanSojourn = meanWait + 1 / mu;
  return { utilization: a / c, probabilityOfWait: pw, meanWait, meanSojourn, meanInSystem: lambda * meanSojourn };
}
