import { describe, expect, it } from 'vitest';
import {
  attachmentInput,
  base64Of,
  fileProblem,
  FILE_LIMITS,
  mediaType,
  safeFileName,
} from '../../web/src/mail/files.js';

const file = (name: string, size: number, type = 'application/pdf') => ({ name, size, type });

describe('fileProblem', () => {
  it('takes up to 3 files of up to 512 KiB each', () => {
    expect(fileProblem([])).toBeNull();
    expect(fileProblem([file('a.pdf', 1), file('b.pdf', 512 * 1024), file('c.pdf', 10)])).toBeNull();
  });

  it('refuses a fourth file, a file over 512 KiB (named) and an empty one', () => {
    expect(fileProblem([file('a', 1), file('b', 1), file('c', 1), file('d', 1)])).toEqual({ kind: 'count' });
    expect(fileProblem([file('a.pdf', 1), file('скан.jpg', 512 * 1024 + 1)])).toEqual({
      kind: 'size',
      name: 'скан.jpg',
    });
    expect(fileProblem([file('пусто.txt', 0)])).toEqual({ kind: 'empty', name: 'пусто.txt' });
  });
});

describe('safeFileName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(safeFileName('справка о болезни.pdf')).toBe('справка о болезни.pdf');
  });

  it('replaces what the gateway refuses: quotes, slashes, control characters', () => {
    expect(safeFileName('"отчёт"\\2026/11.pdf')).toBe('_отчёт__2026_11.pdf');
    expect(safeFileName('a\u0000b\tc.txt')).toBe('a_b_c.txt');
    expect(safeFileName('   ')).toBe('файл');
  });

  it('shortens a long name to 120 characters, keeping its extension and whole characters', () => {
    const long = `${'я'.repeat(200)}.docx`;
    const short = safeFileName(long);
    expect(short.length).toBe(FILE_LIMITS.nameLength);
    expect(short.endsWith('.docx')).toBe(true);
    const emoji = safeFileName(`${'😀'.repeat(70)}.png`);
    expect(emoji.length).toBeLessThanOrEqual(FILE_LIMITS.nameLength);
    expect(emoji).toMatch(/^(?:😀)+\.png$/u);
  });
});

describe('turning a file into the mutation’s input', () => {
  it('writes the bytes in base64, a large file too', () => {
    expect(base64Of(new TextEncoder().encode('Справка'))).toBe(Buffer.from('Справка').toString('base64'));
    const large = new Uint8Array(200_000).map((_, index) => index % 251);
    expect(base64Of(large)).toBe(Buffer.from(large).toString('base64'));
  });

  it('gives a media type the gateway takes, else a generic one', () => {
    expect(mediaType('application/pdf')).toBe('application/pdf');
    expect(mediaType('text/plain;charset=utf-8')).toBe('text/plain');
    expect(mediaType('')).toBe('application/octet-stream');
    expect(mediaType('not a type')).toBe('application/octet-stream');
    expect(attachmentInput(file('a"b.txt', 3, ''), new Uint8Array([97, 98, 99]))).toEqual({
      name: 'a_b.txt',
      contentType: 'application/octet-stream',
      contentBase64: 'YWJj',
    });
  });
});
