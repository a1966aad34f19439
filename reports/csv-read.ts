/**
 * A small RFC 4180 CSV reader, enough to load the CSVs ctrlsim writes (and
 * any well-formed CSV): comma separators, `"`-quoted fields with `""` escapes,
 * quoted commas and line breaks, CRLF or LF line ends, and an optional
 * trailing newline.
 */

/** A CSV cell after type coercion: numbers become numbers, everything else stays text. */
export type CsvValue = string | number;

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
 * text has no records; a trailing line break does not start a record.
 * Throws CsvSyntaxError for a stray quote inside an unquoted field, text
 * after a closing quote, or an unterminated quoted field.
 */
export function parseCsv(text: string): string[][] {
  return parseWithLines(text).records;
}

/** parseCsv, also returning the 1-based line on which each record starts. */
function parseWithLines(text: string): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  let recordLine = 1;
  let record: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  // A record has started once any character of it was read; this tells "a,\n" (two fields) from "\n" at the end.
  let started = false;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a UTF-8 byte order mark is not part of the first column's name
  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field === '' && !fieldStartedUnquoted(text, i)) {
      // Quoted field: read up to the closing quote, unescaping "".
      const openedAt = line;
      i++;
      let closed = false;
      while (i < n) {
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      if (!closed) throw new CsvSyntaxError('a quoted field is never closed', openedAt);
      started = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new CsvSyntaxError(`expected a comma or a line end after a closing quote, got ${JSON.stringify(next)}`, line);
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      started = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      record.push(field);
      records.push(record);
      lines.push(recordLine);
      record = [];
      field = '';
      started = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (c === '"') throw new CsvSyntaxError('a quote inside an unquoted field (quote the whole field and double the quote)', line);
    field += c;
    started = true;
    i++;
  }
  if (started) {
    record.push(field);
    records.push(record);
    lines.push(recordLine);
  }
  return { records, lines };
}

/** True when the quote at `i` sits inside an unquoted field that already has text (then it is an error, not an opening quote). */
function fieldStartedUnquoted(text: string, i: number): boolean {
  const prev = text[i - 1];
  return prev !== undefined && prev !== ',' && prev !== '\n' && prev !== '\r' && prev !== '\ufeff';
}

/**
 * Parses CSV text with a header line into rows keyed by column name. A cell
 * written as a finite decimal number becomes a number (CSV carries no types,
 * so quoting does not keep "7" as text); empty cells stay empty strings.
 * Throws CsvSyntaxError, naming the line, when a row has a different number
 * of fields than the header.
 */
export function readCsv(text: string): CsvTable {
  const { records, lines } = parseWithLines(text);
  const header = records[0];
  if (!header) return { columns: [], rows: [] };
  const rows: CsvRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    // A blank line in the middle of a file is not a row.
    if (rec.length === 1 && rec[0] === '' && header.length > 1) continue;
    if (rec.length !== header.length) throw new CsvSyntaxError(`expected ${header.length} fields as in the header, got ${rec.length}`, lines[r]!);
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
export function coerce(cell: string): CsvValue {
  const special = NON_FINITE[cell];
  if (special !== undefined) return special;
  if (!NUMBER.test(cell)) return cell;
  const v = Number(cell);
  return Number.isFinite(v) ? v : cell;
}
