import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, PREVIEW_LENGTH, plainText, previewOf } from '../../../adapters/dnevnik/plain-text.js';

describe('Dnevnik.ru plain text', () => {
  it('should drop tags, break lines at <br> and block ends, and decode entities', () => {
    expect(plainText('<p>Собрание&nbsp;в&nbsp;четверг</p><p>в 18:00 &laquo;актовый&raquo; &#8470;&#x31;</p>')).toBe(
      'Собрание в четверг\n\nв 18:00 «актовый» №1',
    );
    expect(plainText('строка<br/>вторая<BR>третья\r\n\r\n\r\n\r\nпосле')).toBe('строка\nвторая\nтретья\n\nпосле');
  });

  it('should keep what is not a tag or a known entity, and refuse references no text may hold', () => {
    expect(plainText('5 < 6 & 7, &lt;b&gt; &unknown; &#0; &#xD800; &#1114112;')).toBe(
      '5 < 6 & 7, <b> &unknown; &#0; &#xD800; &#1114112;',
    );
  });

  it('should give null for nothing and cut what is too long', () => {
    expect([plainText(null), plainText(undefined), plainText(' <p> </p> &nbsp;')]).toEqual([null, null, null]);
    expect(plainText('я'.repeat(MAX_TEXT_LENGTH + 10))).toHaveLength(MAX_TEXT_LENGTH);
  });

  it('should read a long run of unclosed tags in one pass', () => {
    expect(plainText(`${'<'.repeat(MAX_TEXT_LENGTH)}x`)).toBe('<'.repeat(MAX_TEXT_LENGTH));
  });

  it('should preview on one line, cut with an ellipsis', () => {
    expect(previewOf('одна\nдве')).toBe('одна две');
    const long = previewOf('слово '.repeat(100));
    expect([long.length <= PREVIEW_LENGTH, long.endsWith('…')]).toEqual([true, true]);
  });
});
