/**
 * Reads back the CSVs ctrlsim writes (and any well-formed RFC 4180 CSV):
 * comma separators, `"`-quoted fields with `""` escapes, quoted commas and
 * line breaks, CRLF or LF line ends, and an optional trailing newline.
 * Parsing is csv-parse's, the sibling of the csv-stringify that writes them;
 * this module adds header-keyed rows, numeric cells and errors that name a line.
 */
import { CsvError, parse, type Options } from 'csv-parse/sync';

/** A CSV cell after type coercion: numbers become numbers, everything else stays text. */
type CsvValue = string | number;

/** One data row keyed by the header's column names. */
export type CsvRow = Readonly<Record<string, CsvValue>>;

/** A parsed CSV document with a header line. */
export interface CsvTable {
  /** Column names from the header, in file order. */
  readonly columns: readonly string[];
  /** Data rows; a cell that looks like a finite number is a number. */
  readonly rows: readonly CsvRow[];
}

/** A malformed CSV document; the message names the line. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line at which the problem was found. */
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Splits CSV text into records of raw string fields (RFC 4180). An empty
 * text has no records; a trailing line break does not start a record; a
 * blank line is a record of one empty field. Records may differ in length.
 * Throws CsvSyntaxError for a stray quote inside an unquoted field, text
 * after a closing quote, or an unterminated quoted field.
 */
export function parseCsv(text: string): string[][] {
  return parseRecords(text);
}

/** How ctrlsim reads CSV with csv-parse; everything else is csv-parse's RFC 4180 default. */
const OPTIONS: Options = {
  // A UTF-8 byte order mark is not part of the first column's name.
  bom: true,
  // Line ends may be CRLF, LF or CR, even mixed within one file.
  record_delimiter: ['\r\n', '\n', '\r'],
  // Field counts are readCsv's to check, so it can name the line a record starts on.
  relax_column_count: true,
};

/** Parses with OPTIONS (plus `extra`), turning csv-parse's errors into CsvSyntaxErrors. */
function parseRecords(text: string, extra: Options = {}): string[][] {
  try {
    return parse(text, { ...OPTIONS, ...extra });
  } catch (e) {
    if (e instanceof CsvError) throw syntaxError(e, text);
    throw e;
  }
}

/**
 * The 1-based line on which record `r` (≥ 1) starts. Only an error needs it,
 * so it parses again, up to the record before, rather than slow every read.
 */
function recordLine(text: string, r: number): number {
  let start = 0;
  parseRecords(text, {
    to: r,
    on_record: (record, info) => {
      start = info.bytes;
      return record;
    },
  });
  return lineAt(text, byteToIndex(text, start));
}

/**
 * csv-parse's error in this reader's words, on the line the fault is on.
 * Lines are counted here, from the text: csv-parse counts a CRLF inside a
 * quoted field as two lines, and reports an unclosed quote at the end of
 * the text rather than where it opened.
 */
function syntaxError(e: CsvError, text: string): CsvSyntaxError {
  const start = failedFieldStart(e, text);
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvSyntaxError('a quoted field is never closed', lineAt(text, start));
    case 'CSV_INVALID_CLOSING_QUOTE': {
      // The closing quote is the first one after the opening quote that is not doubled.
      let close = text.indexOf('"', start + 1);
      while (close !== -1 && text[close + 1] === '"') close = text.indexOf('"', close + 2);
      const got = close === -1 ? undefined : text[close + 1];
      const what = got === undefined ? '' : `, got ${JSON.stringify(got)}`;
      return new CsvSyntaxError(`expected a comma or a line end after a closing quote${what}`, lineAt(text, close === -1 ? start : close));
    }
    case 'INVALID_OPENING_QUOTE':
      // An unquoted field holds no line break, so the quote is on the line the field starts on.
      return new CsvSyntaxError('a quote inside an unquoted field (quote the whole field and double the quote)', lineAt(text, start));
    default:
      return new CsvSyntaxError(e.message, lineAt(text, start));
  }
}

/**
 * The index in `text` of the field csv-parse failed on. Its `bytes` counts
 * the UTF-8 bytes read up to the end of the last complete field: the comma
 * after it, or the line break after its record; the failed field starts next.
 */
function failedFieldStart(e: CsvError, text: string): number {
  const bytes = typeof e['bytes'] === 'number' ? e['bytes'] : 0;
  let i = byteToIndex(text, bytes);
  if (text[i] === ',') i++;
  if (i === 0 && text.charCodeAt(0) === 0xfeff) i = 1;
  return i;
}

/** The string index of a UTF-8 byte offset into `text` that falls between characters. */
function byteToIndex(text: string, bytes: number): number {
  return Buffer.from(text, 'utf8').subarray(0, bytes).toString('utf8').length;
}

/** The 1-based line of the character at `index`, a line ending at CRLF, LF or CR. */
function lineAt(text: string, index: number): number {
  return 1 + (text.slice(0, index).match(/\r\n|\r|\n/g)?.length ?? 0);
}

/**
 * Parses CSV text with a header line into rows keyed by column name. A cell
 * written as a finite decimal number becomes a number (CSV carries no types,
 * so quoting does not keep "7" as text); empty cells stay empty strings.
 * Throws CsvSyntaxError, naming the line, when a row has a different number
 * of fields than the header.
 */
export function readCsv(text: string): CsvTable {
  const records = parseRecords(text);
  const header = records[0];
  if (!header) return { columns: [], rows: [] };
  const rows: CsvRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    // A blank line in the middle of a file is not a row.
    if (rec.length === 1 && rec[0] === '' && header.length > 1) continue;
    if (rec.length !== header.length) throw new CsvSyntaxError(`expected ${header.length} fields as in the header, got ${rec.length}`, recordLine(text, r));
    const row: Record<string, CsvValue> = {};
    header.forEach((col, k) => {
      row[col] = coerce(rec[k]!);
    });
    rows.push(row);
  }
  return { columns: header, rows };
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** How JavaScript (and so csv-stringify) writes the non-finite numbers. */
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/**
 * A cell as a number when it is written as one (including NaN, Infinity and
 * -Infinity, which is how csv-stringify writes those numbers), else as text.
 */
function coerce(cell: string): CsvValue {
  const special = NON_FINITE[cell];
  if (special !== undefined) return special;
  if (!NUMBER.test(cell)) return cell;
  const v = Number(cell);
  return Number.isFinite(v) ? v : cell;
}
