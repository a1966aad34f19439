import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { Options } from 'csv-stringify/sync';
import type { Row, RowSink } from '../../sim/world/world.js';
import { NonFiniteResult, OutputBudgetExceeded } from './run-failures.js';

/**
 * Whether string cells that a spreadsheet would run as a formula are escaped
 * (on by default; `--no-escape-formulas` turns it off for one command).
 */
let escapeFormulas = true;

/** Turns formula escaping of CSV string cells on or off for this process. */
export function setFormulaEscaping(on: boolean): void {
  escapeFormulas = on;
}

// A number or a signed duration ("-2s", "+1h30m") is data a spreadsheet cannot execute; it stays as written.
const PLAIN = /^[+-]?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|(?:\d+(?:\.\d+)?(?:us|µs|ms|s|m|h|d))+)$/i;

/**
 * A string cell as written to CSV: one that begins with =, +, -, @, a tab or
 * a carriage return gets a leading apostrophe (OWASP's CSV-injection rule,
 * as csv-stringify's `escape_formulas`), unless it is a plain number or
 * duration. Number cells are never touched, so negative numbers stay numbers.
 */
export function escapeFormulaCell(value: string): string {
  if (!escapeFormulas || value === '' || !/^[=+\-@\t\r]/.test(value) || PLAIN.test(value)) return value;
  return `'${value}`;
}

const CAST: NonNullable<Options['cast']> = { string: (v: string) => escapeFormulaCell(v) };

/** The bytes a run may write across its CSV files, shared by its sinks. */
export class OutputBudget {
  /** Bytes written so far. */
  used = 0;
  constructor(
    /** Most bytes allowed. */
    readonly limit: number,
  ) {}

  /** Counts `n` more bytes; throws `OutputBudgetExceeded` past the limit. */
  spend(n: number): void {
    this.used += n;
    if (this.used > this.limit) throw new OutputBudgetExceeded(this.limit);
  }
}

/**
 * Streams rows to a CSV file with csv-stringify, in batches, so a long run's
 * time series never sits in memory. Columns are fixed up front; the header is
 * written on open. A number cell that is not finite stops the run
 * (`NonFiniteResult`) rather than reaching the file; bytes written count
 * against `budget` when one is given.
 */
export class CsvFileSink implements RowSink {
  private readonly fd: number;
  private batch: Row[] = [];
  private rows = 0;

  constructor(
    file: string,
    private readonly columns: readonly string[],
    private readonly batchSize = 2048,
    private readonly budget?: OutputBudget,
  ) {
    this.fd = openSync(file, 'w');
    this.put(stringify([], { header: true, columns: [...columns] }));
  }

  /** Rows written so far. */
  get count(): number {
    return this.rows;
  }

  write(row: Row): void {
    for (const [k, v] of Object.entries(row)) if (typeof v === 'number' && !Number.isFinite(v)) throw new NonFiniteResult(k, v);
    this.batch.push(row);
    this.rows++;
    if (this.batch.length >= this.batchSize) this.flush();
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.put(stringify(this.batch, { columns: [...this.columns], cast: CAST }));
    this.batch = [];
  }

  private put(text: string): void {
    this.budget?.spend(Buffer.byteLength(text));
    writeSync(this.fd, text);
  }
}

/** Formats rows as a whole CSV document (header included), string cells formula-escaped (see `escapeFormulaCell`). */
export function toCsv(rows: readonly Row[], columns: readonly string[]): string {
  return stringify([...rows], { header: true, columns: [...columns], cast: CAST });
}

/** A sink that fans out to several sinks. */
export function teeSink(...sinks: RowSink[]): RowSink {
  return { write: (row) => sinks.forEach((s) => s.write(row)) };
}
