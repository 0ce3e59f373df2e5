import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToLine, htmlToParagraphs, htmlToText } from '../../src/article/html-to-text.js';

describe('htmlToParagraphs', () => {
  it('decodes entities and turns &nbsp; into a normal space', () => {
    expect(htmlToParagraphs('<p>Q&amp;A:&nbsp;Pakistan&#8217;s &ldquo;ties&rdquo;&hellip; &#x263A;</p>')).toEqual([
      'Q&A: Pakistan’s “ties”… ☺',
    ]);
  });

  it('drops script, style, noscript, template and iframe with their content', () => {
    const html =
      '<p>Keep<script>var s = "<p>not this</p>";</script> this</p><style>p { color: red }</style>' +
      '<noscript>enable JS</noscript><template><p>hidden</p></template><iframe src="x">frame text</iframe><p>End.</p>';
    expect(htmlToParagraphs(html)).toEqual(['Keep this', 'End.']);
  });

  it('handles a script tag inside a script the way browsers do', () => {
    expect(htmlToParagraphs('<script><script>alert(1)</script>visible</script> after')).toEqual(['visible after']);
  });

  it('makes paragraph breaks at block elements and <br>', () => {
    const html =
      '<h2>Why It Matters</h2><div>Block</div><p>One<br>two<br/>three</p><ul><li>a</li><li>b</li></ul>' +
      '<blockquote>Quote</blockquote><figure><img src="x.jpg"><figcaption>Caption</figcaption></figure>' +
      '<table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table><section>S</section><article>A</article>' +
      '<header>H</header><footer>F</footer><pre>code</pre>';
    expect(htmlToParagraphs(html)).toEqual([
      'Why It Matters', 'Block', 'One', 'two', 'three', 'a', 'b', 'Quote', 'Caption', 'x y', 'z', 'S', 'A', 'H', 'F', 'code',
    ]);
  });

  it('keeps inline elements inside words and collapses whitespace', () => {
    expect(htmlToParagraphs('<p><b>Bei</b>jing   backs\n\t <a href="/x">Islamabad</a> </p>')).toEqual(['Beijing backs Islamabad']);
  });

  it('survives unclosed tags and stray closing tags', () => {
    expect(htmlToParagraphs('<p>first <i>italic<p>second</b></div> <p>third')).toEqual(['first italic', 'second', 'third']);
    expect(htmlToParagraphs('<div><p>unterminated <a href="x')).toEqual(['unterminated']);
  });

  it('drops empty paragraphs and comments', () => {
    expect(htmlToParagraphs('<p> </p><p>&nbsp;</p><!-- note --><p>Text</p><p>\u200b</p>')).toEqual(['Text']);
  });

  it('reads text without tags as plain text with blank lines between paragraphs', () => {
    expect(htmlToParagraphs('First line\nsame paragraph.\n\n \t\nSecond &amp; last.')).toEqual(['First line same paragraph.', 'Second & last.']);
  });

  it('removes zero-width and control characters', () => {
    expect(htmlToParagraphs('<p>a\u200bb\u00adc\u2060d\ufeffe \u200eleft\u200f \u202aemb\u202c x\u0007y</p>')).toEqual(['abcde left emb xy']);
  });

  it('keeps ZWJ and variation selectors in emoji', () => {
    const family = '👩\u200d👩\u200d👧';
    const rainbow = '🏳\ufe0f\u200d🌈';
    const coder = '👩🏽\u200d💻';
    expect(htmlToParagraphs(`<p>${family} ${rainbow} ${coder} ❤\ufe0f</p>`)).toEqual([`${family} ${rainbow} ${coder} ❤\ufe0f`]);
  });

  it('keeps ZWNJ and ZWJ where they shape Persian, Urdu and Hindi, but not between Latin letters', () => {
    const persian = 'می\u200cخواهم';
    const hindi = 'क्\u200dष';
    expect(htmlToParagraphs(`<p>${persian} ${hindi} x\u200cy\u200dz</p>`)).toEqual([`${persian} ${hindi} xyz`]);
  });

  it('normalises to NFC', () => {
    expect(htmlToParagraphs('<p>Cafe\u0301</p>')).toEqual(['Caf\u00e9']);
  });

  it('keeps Urdu, Hindi and Chinese text intact', () => {
    const html = '<p>پاکستان اور چین کے تعلقات مضبوط ہیں۔</p><p>भारत एक देश है।</p><p>中国支持巴基斯坦。</p>';
    expect(htmlToParagraphs(html)).toEqual(['پاکستان اور چین کے تعلقات مضبوط ہیں۔', 'भारत एक देश है।', '中国支持巴基斯坦。']);
  });

  it('returns nothing for empty input', () => {
    expect(htmlToParagraphs('')).toEqual([]);
  });
});

describe('htmlToText', () => {
  it('joins paragraphs with a blank line', () => {
    expect(htmlToText('<p>One.</p><p>Two.</p>')).toBe('One.\n\nTwo.');
  });
});

describe('htmlToLine', () => {
  it('cleans a headline into one line', () => {
    expect(htmlToLine('  Beijing <em>Backs</em>\n Islamabad&#8217;s<br>Efforts ')).toBe('Beijing Backs Islamabad’s Efforts');
  });
});

describe('htmlToParagraphs on arbitrary input', () => {
  it('never throws and returns clean, non-empty, single-line paragraphs', () => {
    const soup = fc
      .array(fc.oneof(fc.constantFrom('<p>', '</p>', '<br>', '<script>', '</script>', '<b>', '&amp;', '&nbsp;', '&#8217;', '\n\n', '\u200b', '\u200d', '👩', '۔', ' '), fc.string({ unit: 'grapheme', maxLength: 10 })), { maxLength: 30 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(soup, (html) => {
        for (const p of htmlToParagraphs(html)) {
          expect(p).not.toBe('');
          expect(p).toBe(p.trim());
          expect(p).not.toMatch(/[\n\u0000-\u001f\u200b\ufeff]|\s{2}/);
          expect(p).toBe(p.normalize('NFC'));
        }
      }),
      { numRuns: 500, seed: 20261201 },
    );
  });
});
