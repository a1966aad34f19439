import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, readCsv } from '../../reports/csv-read.js';

describe('the CSV reader', () => {
  it('reads a header and rows, turning numeric cells into numbers', () => {
    const t = readCsv('time_s,service,load_rps\n10,web,250\n20,web,1e3\n');
    expect(t.columns).toEqual(['time_s', 'service', 'load_rps']);
    expect(t.rows).toEqual([
      { time_s: 10, service: 'web', load_rps: 250 },
      { time_s: 20, service: 'web', load_rps: 1000 },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi""\nthere"\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });

  it('accepts CRLF line ends, a missing final newline and empty fields', () => {
    expect(parseCsv('a,b,c\r\n1,,3\r\n,,')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', ''],
    ]);
  });

  it('keeps text that only looks partly numeric as text', () => {
    const t = readCsv('v\n12abc\n0x10\n-\n.5\n');
    expect(t.rows.map((r) => r['v'])).toEqual(['12abc', '0x10', '-', 0.5]);
  });

  it('reads NaN and Infinity back as the numbers csv-stringify wrote them from', () => {
    expect(readCsv('v\nNaN\nInfinity\n-Infinity\n').rows.map((r) => r['v'])).toEqual([Number.NaN, Infinity, -Infinity]);
  });

  it('rejects an unterminated quoted field, naming the line it opened on', () => {
    expect(() => parseCsv('a\n"open\nstill open')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"open\nstill open')).toThrow(/line 2: a quoted field is never closed/);
  });

  // csv-parse reports an unclosed quote at the end of the text; the reader names where it opened.
  it('names the line an unterminated quote opened on, after a multi-line field in the same record', () => {
    expect(() => parseCsv('a,b\n"x\ny","open\nstill\nopen')).toThrow(/^line 3: a quoted field is never closed$/);
  });

  // csv-parse counts a CRLF inside a quoted field as two lines; a user's editor shows one.
  it('counts a CRLF inside a quoted field as one line when naming a line', () => {
    expect(() => readCsv('a,b\r\n"multi\r\nline",2\r\n3\r\n')).toThrow(/^line 4: expected 2 fields as in the header, got 1$/);
    expect(() => parseCsv('a\r\n"multi\r\nline"x\r\n')).toThrow(/^line 3: expected a comma or a line end after a closing quote, got "x"$/);
    expect(() => parseCsv('a\r\n"multi\r\nline"\r\nb"c\r\n')).toThrow(/^line 4: a quote inside an unquoted field/);
  });

  it('accepts LF, CRLF and CR line ends mixed in one file, and a byte order mark', () => {
    expect(parseCsv('\ufeffa,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps a blank line as a record, and skips it as a row only when the header has several columns', () => {
    expect(parseCsv('a,b\n1,2\n\n3,4\n')).toEqual([['a', 'b'], ['1', '2'], [''], ['3', '4']]);
    expect(readCsv('a,b\n1,2\n\n3,4\n').rows).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
    expect(readCsv('a\n1\n\n3\n').rows).toEqual([{ a: 1 }, { a: '' }, { a: 3 }]);
  });

  it('rejects text after a closing quote and a stray quote in an unquoted field', () => {
    expect(() => parseCsv('"a"b\n')).toThrow(/^line 1: expected a comma or a line end after a closing quote, got "b"$/);
    expect(() => parseCsv('a"b\n')).toThrow(/quote inside an unquoted field/);
  });

  it('rejects a row whose field count differs from the header, naming its line', () => {
    expect(() => readCsv('a,b\n1,2\n"multi\nline",2\n3\n')).toThrow(/line 5: expected 2 fields as in the header, got 1/);
  });

  it('reads back exactly what csv-stringify writes, for any strings', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme-composite' }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 }), (rows) => {
        const text = stringify([['a', 'b'], ...rows]);
        const back = parseCsv(text);
        expect(back.slice(1)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
