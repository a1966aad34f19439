import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { Row, RowSink } from '../../sim/world/world.js';

/**
 * Streams rows to a CSV file with csv-stringify, in batches, so a long run's
 * time series never sits in memory. Columns are fixed up front; the header is
 * written on open.
 */
export class CsvFileSink implements RowSink {
  private readonly fd: number;
  private batch: Row[] = [];
  private rows = 0;

  constructor(
    file: string,
    private readonly columns: readonly string[],
    private readonly batchSize = 2048,
  ) {
    this.fd = openSync(file, 'w');
    writeSync(this.fd, stringify([], { header: true, columns: [...columns] }));
  }

  /** Rows written so far. */
  get count(): number {
    return this.rows;
  }

  write(row: Row): void {
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
    writeSync(this.fd, stringify(this.batch, { columns: [...this.columns] }));
    this.batch = [];
  }
}

/** Formats rows as a whole CSV document (header included). */
export function toCsv(rows: readonly Row[], columns: readonly string[]): string {
  return stringify([...rows], { header: true, columns: [...columns] });
}

/** A sink that fans out to several sinks. */
export function teeSink(...sinks: RowSink[]): RowSink {
  return { write: (row) => sinks.forEach((s) => s.write(row)) };
}
