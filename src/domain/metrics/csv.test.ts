import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('CSV export', () => {
  it('writes records with CRLF, numbers as numbers and null as an empty field', () => {
    expect(toCsv([['week', 'mtta_median_ms', 'count'], ['2026-03-02', 300000, null]])).toBe('week,mtta_median_ms,count\r\n2026-03-02,300000,\r\n');
    expect(toCsv([])).toBe('');
  });

  it('quotes fields with commas, quotes or line breaks and doubles inner quotes (RFC 4180)', () => {
    expect(toCsv([['db, primary', 'the "pool"', 'two\nlines', 'cr\rhere']])).toBe('"db, primary","the ""pool""","two\nlines","cr\rhere"\r\n');
  });

  it('writes a record of one empty field so that it is not read as a blank line', () => {
    expect(toCsv([['a'], [null], ['b']])).toBe('a\r\n""\r\nb\r\n');
  });

  it('prefixes text that a spreadsheet would run as a formula with an apostrophe', () => {
    expect(toCsv([['=HYPERLINK("http://evil","x")']])).toBe('"\'=HYPERLINK(""http://evil"",""x"")"\r\n');
    expect(toCsv([['+1+1', '-2+3', '@SUM(A1)', '\tcmd', '=1']])).toBe("'+1+1,'-2+3,'@SUM(A1),'\tcmd,'=1\r\n");
    // A leading carriage return is escaped and, being a line break, also quoted.
    expect(toCsv([['\r=1']])).toBe('"\'\r=1"\r\n');
    // Only the start of the cell matters: these stay as they are.
    expect(toCsv([['a=b', 'x-1', 'mail@example.com']])).toBe('a=b,x-1,mail@example.com\r\n');
  });

  it('keeps negative numbers as numbers but escapes the same text passed as a string', () => {
    expect(toCsv([[-93, -0.5, '-93']])).toBe("-93,-0.5,'-93\r\n");
  });

  it('refuses a number that has no CSV form', () => {
    expect(() => toCsv([[Number.NaN]])).toThrow(RangeError);
    expect(() => toCsv([[Number.POSITIVE_INFINITY]])).toThrow(RangeError);
  });
});
