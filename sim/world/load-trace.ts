import type { Micros } from '../../lib/time.js';
import { SECOND } from '../../lib/time.js';

/** One point of a replayed trace: from `at` on, the rate is `rps` (until the next point). */
export interface TracePoint {
  /** Offset from the trace's start, µs. */
  readonly at: Micros;
  /** Requests per second from `at` on. */
  readonly rps: number;
}

/** A parsed trace. */
export interface ParsedTrace {
  /** Step-function points, the first at 0. */
  readonly points: readonly TracePoint[];
  /** Length of one pass, µs: the last point lasts as long as the interval before it (1 s for a one-row trace). */
  readonly length: Micros;
  /** What the value column held. */
  readonly format: 'rps' | 'count';
}

/**
 * A malformed trace file. The message names the file and the 1-based line,
 * what was expected there and what was found.
 */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
  constructor(
    /** The trace file as the experiment named it. */
    readonly file: string,
    /** 1-based line number. */
    readonly line: number,
    /** What the line should look like. */
    readonly expected: string,
    /** What it held. */
    readonly received: string,
  ) {
    super(`${file}:${line}: expected ${expected}, got ${received}`);
  }
}

const HEADER_FORM = 'a header "timestamp,rps" or "timestamp,count"';
const ROW_FORM = (format: string) =>
  `a row "<timestamp>,<${format}>": a time in seconds (or an ISO 8601 date-time) increasing from row to row, and a number ≥ 0`;

const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d(?:\.\d+)?))?(Z|([+-])(\d\d):(\d\d))$/;

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** A timestamp in µs: seconds as a number, or an ISO 8601 date-time with an explicit zone (parsed here, so no host calendar API is involved). */
function parseTimestamp(text: string): number | undefined {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text) * SECOND;
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, , sign, oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) >= 61) return undefined;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60 : 0;
  const seconds = daysFromCivil(Number(y), month, day) * 86_400 + Number(h) * 3600 + Number(mi) * 60 + Number(sec ?? 0) - offset;
  return Math.round(seconds * SECOND);
}

/**
 * Parses a load trace in CSV: a header `timestamp,rps` (the rate from that
 * time on) or `timestamp,count` (requests in the interval up to the next
 * row), then one row per point. Timestamps are seconds (any origin: they are
 * taken relative to the first row) or ISO 8601 date-times with a zone, and
 * must increase. Blank lines and lines starting with `#` are skipped.
 * `timeScale` stretches the time axis (0.5 replays a day in 12 hours) and
 * keeps the rates. Throws `TraceFormatError` naming the file and line.
 */
export function parseTraceCsv(text: string, file: string, timeScale = 1): ParsedTrace {
  const lines = text.split(/\r?\n/);
  let format: 'rps' | 'count' | undefined;
  const times: number[] = [];
  const values: number[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(',').map((f) => f.trim());
    if (format === undefined) {
      const header = fields.map((f) => f.toLowerCase()).join(',');
      if (header === 'timestamp,rps') format = 'rps';
      else if (header === 'timestamp,count') format = 'count';
      else throw new TraceFormatError(file, n + 1, HEADER_FORM, JSON.stringify(line));
      continue;
    }
    const t = fields.length === 2 ? parseTimestamp(fields[0]!) : undefined;
    const v = fields.length === 2 && fields[1] !== '' ? Number(fields[1]) : Number.NaN;
    if (t === undefined || !Number.isFinite(v) || v < 0 || (times.length > 0 && t <= times[times.length - 1]!)) {
      throw new TraceFormatError(file, n + 1, ROW_FORM(format), JSON.stringify(line));
    }
    times.push(t);
    values.push(v);
  }
  if (format === undefined) throw new TraceFormatError(file, 1, HEADER_FORM, 'an empty file');
  if (times.length === 0) throw new TraceFormatError(file, lines.length, ROW_FORM(format), 'no rows');
  const t0 = times[0]!;
  const lastGap = times.length > 1 ? times[times.length - 1]! - times[times.length - 2]! : SECOND;
  const points: TracePoint[] = [];
  for (let i = 0; i < times.length; i++) {
    const gap = i + 1 < times.length ? times[i + 1]! - times[i]! : lastGap;
    const rps = format === 'rps' ? values[i]! : values[i]! / (gap / SECOND);
    points.push({ at: Math.round((times[i]! - t0) * timeScale), rps });
  }
  const length = Math.max(1, Math.round((times[times.length - 1]! - t0 + lastGap) * timeScale));
  return { points, length, format };
}
