import { describe, expect, it } from 'vitest';
import { copyField, copyRow } from '../src/storage/copy.js';

describe('COPY text format', () => {
  it('escapes what would end a field or a row, and writes null as \\N', () => {
    expect(copyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyField('plain "text" {1,2}')).toBe('plain "text" {1,2}');
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField(0.5)).toBe('0.5');
    expect(copyRow([1, 'x\ty', null])).toBe('1\tx\\ty\t\\N\n');
  });
});
