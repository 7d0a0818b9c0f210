import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../main/store/csv';

describe('csvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('btceur')).toBe('btceur');
    expect(csvCell(128)).toBe('128');
    expect(csvCell('0.0623414132')).toBe('0.0623414132');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('Doe, John')).toBe('"Doe, John"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r\nlf')).toBe('"cr\r\nlf"');
  });

  it('guards cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(csvCell('+1+2')).toBe("'+1+2");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tTAB')).toBe("'\tTAB");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('does not guard plain numbers, even signed ones', () => {
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell('+3')).toBe('+3');
    expect(csvCell(-7)).toBe('-7');
    expect(csvCell('-1e5')).toBe('-1e5');
    expect(csvCell('-')).toBe("'-");
  });
});

describe('toCsv', () => {
  it('writes a header and CRLF-terminated lines', () => {
    const csv = toCsv(
      ['id', 'summary'],
      [
        [1, 'ok'],
        [2, 'a, b'],
      ],
    );
    expect(csv).toBe('id,summary\r\n1,ok\r\n2,"a, b"\r\n');
  });
});
