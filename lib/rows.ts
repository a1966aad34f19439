/** A row of an output table (time series, events, summary): column name → value. */
export type Row = Readonly<Record<string, string | number>>;

/** Where rows are streamed; the experiment layer writes them to CSV, reports read them back. */
export interface RowSink {
  write(row: Row): void;
}
