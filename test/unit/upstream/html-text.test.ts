import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from '../../../src/upstream/html-text.js';

describe('Eljur HTML as plain text', () => {
  it.each([
    ['<p>Уважаемые родители!</p><p>Собрание в четверг.</p>', 'Уважаемые родители!\n\nСобрание в четверг.'],
    ['Строка<br>другая<br />третья<BR/>', 'Строка\nдругая\nтретья'],
    ['<ul><li>учебник</li><li>тетрадь</li></ul>после', '• учебник\n• тетрадь\n\nпосле'],
    ['<div><b>Важно</b>:&nbsp;принести <a href="x">справку</a></div>', 'Важно: принести справку'],
    ['&laquo;Повторение&raquo; &mdash; &#1040;&#x411; &amp;lt;', '«Повторение» — АБ &lt;'],
    ['5 < 7 и 7 > 5', '5 < 7 и 7 > 5'],
    ['<style>p { color: red }</style><script>alert(1)</script>Текст', 'Текст'],
    ['<!--[if gte mso 9]><xml>x > y</xml><![endif]-->Вставлено из Word<STYLE>.a>b{}</STYLE>', 'Вставлено из Word'],
    ['İ<!-- c -->z', 'İz'],
    ['до<script>не закрыт', 'до'],
    ['  <p>  отступ  </p>\r\n\r\n\r\n<p>ещё</p>  ', 'отступ\n\nещё'],
    ['обычный текст\nс переводом строки', 'обычный текст\nс переводом строки'],
    ['', ''],
  ])('should read %j as %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('should keep references it does not know, and never make a NUL or a half of a surrogate pair', () => {
    expect(decodeEntities('&unknown; &#0; &#xD800; &#1114112; &#128512;')).toBe(
      '&unknown; &#0; &#xD800; &#1114112; 😀',
    );
  });

  it('should read a long run of markup-like text in linear time (no backtracking blow-up)', () => {
    const hostile = ['<', '<a', '&#', '<!--', '<style', '<br', '<li'].map((piece) => piece.repeat(20_000)).join('');
    expect(htmlToText(hostile).length).toBeGreaterThan(0);
  });
});
