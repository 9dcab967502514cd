/** The browser app's small safety functions: the sign-in redirect, Markdown escaping, SVG export text. */
import { describe, expect, it } from 'vitest';
import { xmlSafe } from '../../web/board/export';
import { escapeMarkdown } from '../../web/review/markdown-escape';
import { safeNext } from '../../web/safe-next';

describe('safeNext', () => {
  it.each([
    ['/sessions', '/sessions'],
    ['/groups/join?code=ABC#x', '/groups/join?code=ABC#x'],
    ['/a/../b', '/b'],
  ])('keeps the same-site path %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it.each([null, '', 'https://evil.com', '//evil.com', '/\\evil.com', '/\\/evil.com', '\\\\evil.com', '/\t/evil.com', '/\n/evil.com', 'javascript:alert(1)'])(
    'sends %j home instead of elsewhere',
    (next) => {
      expect(safeNext(next)).toBe('/');
    },
  );
});

describe('escapeMarkdown', () => {
  it('keeps user text on one line whatever the line break', () => {
    for (const br of ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085']) {
      const out = escapeMarkdown(`first${br}# not a heading`);
      expect(out, JSON.stringify(br)).toBe('first \\# not a heading');
      expect(out).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
    }
  });

  it('escapes what would become markup', () => {
    expect(escapeMarkdown('[x](javascript:1) | *b* <i>')).toBe('\\[x\\](javascript:1) \\| \\*b\\* \\<i\\>');
  });
});

describe('xmlSafe', () => {
  it('drops characters XML forbids and keeps everything else, emoji included', () => {
    const text = 'a\u0000b\u0001c\u0008d\u000Be\u001Ff\uFFFEg\uD800h \u{1F600}\tline\nnext\r';
    expect(xmlSafe(text)).toBe('abcdefgh \u{1F600}\tline\nnext\r');
  });
});
