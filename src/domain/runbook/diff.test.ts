import { describe, expect, it } from 'vitest';
import { diffLines } from './diff';

describe('diffLines', () => {
  it('marks added, removed and unchanged lines with their old and new line numbers', () => {
    expect(diffLines('# Pool\nstep one\nstep two\n', '# Pool\nstep one\nstep 1.5\nstep two\n')).toEqual([
      { type: 'same', text: '# Pool', oldLine: 1, newLine: 1 },
      { type: 'same', text: 'step one', oldLine: 2, newLine: 2 },
      { type: 'added', text: 'step 1.5', oldLine: null, newLine: 3 },
      { type: 'same', text: 'step two', oldLine: 3, newLine: 4 },
    ]);
    expect(diffLines('a\nb\nc', 'a\nB\nc')).toEqual([
      { type: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { type: 'removed', text: 'b', oldLine: 2, newLine: null },
      { type: 'added', text: 'B', oldLine: null, newLine: 2 },
      { type: 'same', text: 'c', oldLine: 3, newLine: 3 },
    ]);
  });

  it('does not report a change for a missing final newline or CRLF endings alone', () => {
    expect(diffLines('a\r\nb', 'a\nb\n')).toEqual([
      { type: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { type: 'same', text: 'b', oldLine: 2, newLine: 2 },
    ]);
  });

  it('handles empty versions and keeps blank lines', () => {
    expect(diffLines('', '')).toEqual([]);
    expect(diffLines('', 'x\n\ny')).toEqual([
      { type: 'added', text: 'x', oldLine: null, newLine: 1 },
      { type: 'added', text: '', oldLine: null, newLine: 2 },
      { type: 'added', text: 'y', oldLine: null, newLine: 3 },
    ]);
    expect(diffLines('x\n', '')).toEqual([{ type: 'removed', text: 'x', oldLine: 1, newLine: null }]);
  });
});
