import { describe, expect, it } from 'vitest';
import { escapeLittleText } from '../../../src/platforms/linkedin/little-text.js';

describe('escapeLittleText', () => {
  it('backslash-escapes every reserved character', () => {
    expect(escapeLittleText('a\\b|c{d}e@f[g]h(i)j<k>l*m_n~o')).toBe('a\\\\b\\|c\\{d\\}e\\@f\\[g\\]h\\(i\\)j\\<k\\>l\\*m\\_n\\~o');
  });

  it('keeps hashtags as hashtags and escapes any other #', () => {
    expect(escapeLittleText('#CPEC talks, item #1 vs C# and a#b, (#Pakistan)')).toBe('#CPEC talks, item #1 vs C\\# and a\\#b, \\(\\#Pakistan\\)');
  });

  it('leaves plain text alone', () => {
    expect(escapeLittleText('Beijing backs Islamabad’s plan: https://example.com/news/x')).toBe('Beijing backs Islamabad’s plan: https://example.com/news/x');
  });
});
