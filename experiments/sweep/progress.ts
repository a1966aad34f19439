import { performance } from 'node:perf_hooks';

/** Receives a sweep's progress. Display only: nothing here may reach an output file. */
export interface ProgressSink {
  /** The sweep (or shard) has `total` runs, of which `done` were already on disk. */
  start(total: number, done: number): void;
  /** One more run finished. */
  advance(): void;
  /** All runs finished. */
  finish(): void;
}

/** A sink that shows nothing. */
export const NO_PROGRESS: ProgressSink = { start() {}, advance() {}, finish() {} };

/** A stream progress can go to: a TTY gets a redrawn bar, anything else plain lines. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Progress on `stream` (stderr in the CLI): on a terminal a bar with rate and
 * ETA, redrawn at most 10 times a second; otherwise a plain line at each new
 * 5% step, at most one every 2 s, and a last line when done. Uses the wall
 * clock, which is fine here because it only feeds this display.
 */
export function streamProgress(stream: ProgressStream, label: string, clock: () => number = () => performance.now()): ProgressSink {
  let total = 0;
  let done = 0;
  let resumed = 0;
  let startedAt = 0;
  let lastDraw = -Infinity;
  let lastStep = 0;
  const tty = stream.isTTY === true;

  const eta = (now: number): string => {
    const ran = done - resumed;
    if (ran === 0) return 'ETA --';
    const perRun = (now - startedAt) / ran;
    return `ETA ${clockText(((total - done) * perRun) / 1000)}`;
  };
  const rate = (now: number): string => {
    const s = (now - startedAt) / 1000;
    return s > 0 ? `${((done - resumed) / s).toFixed(1)} runs/s` : '';
  };
  const pct = () => (total === 0 ? 100 : Math.floor((100 * done) / total));

  const draw = (now: number, final: boolean) => {
    if (tty) {
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 60));
      const filled = total === 0 ? width : Math.round((width * done) / total);
      const tail = final ? `in ${clockText((now - startedAt) / 1000)}` : eta(now);
      stream.write(
        `\r\x1b[K${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${pct()}%  ${rate(now)}  ${tail}${final ? '\n' : ''}`,
      );
    } else {
      const tail = final ? `done in ${clockText((now - startedAt) / 1000)}` : eta(now);
      stream.write(`${label}: ${done}/${total} runs (${pct()}%), ${tail}\n`);
    }
    lastDraw = now;
  };

  return {
    start(t, d) {
      total = t;
      done = d;
      resumed = d;
      startedAt = clock();
      lastDraw = startedAt;
      lastStep = Math.floor(pct() / 5);
      if (d > 0) stream.write(`${label}: resuming, ${d} of ${t} runs already done\n`);
      if (tty) draw(startedAt, false);
    },
    advance() {
      done++;
      const now = clock();
      if (tty) {
        if (now - lastDraw >= 100) draw(now, false);
        return;
      }
      const step = Math.floor(pct() / 5);
      if (step > lastStep && now - lastDraw >= 2000 && done < total) {
        lastStep = step;
        draw(now, false);
      }
    },
    finish() {
      draw(clock(), true);
    },
  };
}

/** Seconds as `m:ss` (or `h:mm:ss`). */
function clockText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
