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

  it('rejects text after a closing quote and a stray quote in an unquoted field', () => {
    expect(() => parseCsv('"a"b\n')).toThrow(/after a closing quote/);
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
