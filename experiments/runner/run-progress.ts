import { performance } from 'node:perf_hooks';
import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';
import type { Row, RowSink } from '../../sim/world/timeseries-sampler.js';
import type { ProgressStream } from '../sweep/progress.js';

/** What progress reads of the engine: how many events it has processed. */
export interface EngineCounter {
  /** Events processed so far. */
  readonly processed: number;
}

/** Wall time (ms) a run must take before progress shows: short runs print nothing. */
export const PROGRESS_AFTER_MS = 2000;
const REDRAW_MS = 200;

/**
 * Progress of one run on a terminal: virtual time done out of the horizon,
 * engine events per second and an ETA, redrawn on one line at most five
 * times a second once the run has taken `PROGRESS_AFTER_MS`, and erased when
 * it ends. It learns virtual time from the time-series rows it passes
 * through (so it adds no event to the run and cannot change its
 * fingerprint) and reads the wall clock, which only feeds this display.
 */
export class RunProgress {
  private readonly startedAt: number;
  private lastDraw = -Infinity;
  private drawn = false;
  private engine: EngineCounter | undefined;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly horizon: Micros,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.startedAt = clock();
  }

  /** Progress is shown only on a terminal, and not with `--no-progress`. */
  static wanted(enabled: boolean, stream: ProgressStream): boolean {
    return enabled && stream.isTTY === true;
  }

  /** Reads the engine's event count from now on. */
  attach(engine: EngineCounter): void {
    this.engine = engine;
  }

  /** Passes rows on to `inner`, noting the virtual time of each. */
  watch(inner: RowSink): RowSink {
    return {
      write: (row: Row) => {
        inner.write(row);
        this.at(Number(row['time_s']) * SECOND);
      },
    };
  }

  /** The run reached virtual time `t`. */
  at(t: Micros): void {
    const now = this.clock();
    const elapsed = now - this.startedAt;
    if (elapsed < PROGRESS_AFTER_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r\x1b[K${progressLine(this.label, t, this.horizon, elapsed, this.engine?.processed)}`);
  }

  /** The run ended: erase the line. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** One progress line: virtual time done of the horizon, events per second and ETA, from `elapsedMs` of wall time. */
export function progressLine(label: string, t: Micros, horizon: Micros, elapsedMs: number, events?: number): string {
  const fraction = horizon > 0 ? Math.min(1, t / horizon) : 1;
  const seconds = elapsedMs / 1000;
  const rate = events !== undefined && seconds > 0 ? `, ${formatRate(events / seconds)} events/s` : '';
  const eta = fraction > 0 ? `, ETA ${clock((seconds * (1 - fraction)) / fraction)}` : '';
  return `${label}: virtual ${clock(t / SECOND)} of ${clock(horizon / SECOND)} (${Math.floor(fraction * 100)}%)${rate}${eta}`;
}

function formatRate(r: number): string {
  return r >= 1e6 ? `${(r / 1e6).toFixed(1)} M` : r >= 1e3 ? `${(r / 1e3).toFixed(0)} k` : r.toFixed(0);
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
