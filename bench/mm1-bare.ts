import type { RandomStream } from '../lib/random.js';

/** What the bare loop measured. */
export interface BareResult {
  /** Customers served. */
  readonly customers: number;
  /** Events processed (arrivals and departures). */
  readonly events: number;
  /** Mean wait in queue, µs. */
  readonly meanWait: number;
  /** Mean time in system, µs. */
  readonly meanSojourn: number;
}

/**
 * The floor the engine is measured against: the same M/M/1 as
 * `runMmcCallbacks` (same random streams and draws, same event order, so
 * the same Wq to the last digit) as one loop over a binary heap kept in
 * typed arrays, with no callbacks, labels, fingerprint or cancellation.
 */
export function runMm1Bare(meanInterarrival: number, meanService: number, customers: number, rng: RandomStream): BareResult {
  const arrivals = rng.fork('arrivals');
  const services = rng.fork('services');
  let cap = 1024;
  let times = new Float64Array(cap);
  let seqs = new Float64Array(cap);
  let kinds = new Uint8Array(cap);
  let n = 0;
  let seq = 0;
  const push = (t: number, kind: number): void => {
    if (n === cap) {
      cap *= 2;
      const t2 = new Float64Array(cap);
      const s2 = new Float64Array(cap);
      const k2 = new Uint8Array(cap);
      t2.set(times);
      s2.set(seqs);
      k2.set(kinds);
      times = t2;
      seqs = s2;
      kinds = k2;
    }
    const s = seq++;
    let i = n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! < t || (times[p] === t && seqs[p]! < s)) break;
      times[i] = times[p]!;
      seqs[i] = seqs[p]!;
      kinds[i] = kinds[p]!;
      i = p;
    }
    times[i] = t;
    seqs[i] = s;
    kinds[i] = kind;
  };
  const ARRIVAL = 0;
  const DEPARTURE = 1;
  let waiting = new Float64Array(1024);
  let head = 0;
  let tail = 0;
  let busy = false;
  let arrived = 0;
  let completed = 0;
  let sumWait = 0;
  let sumSojourn = 0;
  let events = 0;
  let now = 0;
  const startService = (arrivalTime: number): void => {
    const service = Math.round(services.exponential(meanService));
    sumSojourn += now + service - arrivalTime;
    push(now + service, DEPARTURE);
  };
  push(Math.round(arrivals.exponential(meanInterarrival)), ARRIVAL);
  while (n > 0) {
    // Pop the head.
    now = times[0]!;
    const kind = kinds[0]!;
    const m = --n;
    if (m > 0) {
      const t = times[m]!;
      const s = seqs[m]!;
      const k = kinds[m]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= m) break;
        if (c + 1 < m && (times[c + 1]! < times[c]! || (times[c + 1] === times[c] && seqs[c + 1]! < seqs[c]!))) c++;
        if (t < times[c]! || (t === times[c] && s < seqs[c]!)) break;
        times[i] = times[c]!;
        seqs[i] = seqs[c]!;
        kinds[i] = kinds[c]!;
        i = c;
      }
      times[i] = t;
      seqs[i] = s;
      kinds[i] = k;
    }
    events++;
    if (kind === ARRIVAL) {
      arrived++;
      if (arrived < customers) push(now + Math.round(arrivals.exponential(meanInterarrival)), ARRIVAL);
      if (!busy) {
        busy = true;
        startService(now);
      } else {
        if (tail === waiting.length) {
          const live = waiting.subarray(head, tail);
          const grown = new Float64Array(Math.max(1024, live.length * 2));
          grown.set(live);
          waiting = grown;
          tail -= head;
          head = 0;
        }
        waiting[tail++] = now;
      }
    } else {
      completed++;
      if (head < tail) {
        const t = waiting[head++]!;
        sumWait += now - t;
        startService(t);
      } else {
        busy = false;
      }
    }
  }
  return { customers: completed, events, meanWait: sumWait / completed, meanSojourn: sumSojourn / completed };
}
