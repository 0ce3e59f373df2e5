import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitClauses, splitSentences } from '../../src/compose/sentences.js';

const nonSpace = (s: string): string => s.replace(/\s/g, '');

describe('splitSentences', () => {
  it.each([
    ['titles', 'Gen. Asim Munir met Dr. Jane Smith and Mr. Dar. They talked.', ['Gen. Asim Munir met Dr. Jane Smith and Mr. Dar.', 'They talked.']],
    ['U.S. before a name', 'The U.S. President spoke. Nobody listened.', ['The U.S. President spoke.', 'Nobody listened.']],
    ['U.S. at the end of a sentence', 'He moved to the U.S. He likes it.', ['He moved to the U.S.', 'He likes it.']],
    ['No. before a number', 'It ranked No. 2 in Asia. Fine.', ['It ranked No. 2 in Asia.', 'Fine.']],
    ['e.g. and i.e.', 'Roads, e.g. the M-2, i.e. the motorway. Done.', ['Roads, e.g. the M-2, i.e. the motorway.', 'Done.']],
    ['initials', 'J. K. Rowling wrote it. It sold.', ['J. K. Rowling wrote it.', 'It sold.']],
    ['a.m. before a weekday', 'They met at 9 a.m. Tuesday in Islamabad. Talks ended.', ['They met at 9 a.m. Tuesday in Islamabad.', 'Talks ended.']],
    ['a.m. at the end', 'They met at 9 a.m. The talks ended at noon.', ['They met at 9 a.m.', 'The talks ended at noon.']],
    ['month abbreviation before a date', 'On Aug. 20 he arrived. Talks began.', ['On Aug. 20 he arrived.', 'Talks began.']],
    ['decimals and money', 'Growth was 3.5 percent on a USD 2.5 billion loan. Markets rose.', ['Growth was 3.5 percent on a USD 2.5 billion loan.', 'Markets rose.']],
    ['company suffix mid-sentence', 'Apple Inc. said so. Bought by Apple Inc. The deal closed.', ['Apple Inc. said so.', 'Bought by Apple Inc.', 'The deal closed.']],
    ['ellipsis mid-sentence', 'He paused... then left. Nobody followed…', ['He paused... then left.', 'Nobody followed…']],
    ['ellipsis between sentences', 'Wait... What happened? Nothing… Really!', ['Wait...', 'What happened?', 'Nothing…', 'Really!']],
    ['exclamation and question', 'Stop! Why? Because.', ['Stop!', 'Why?', 'Because.']],
    ['exclamation inside a name', 'Yahoo! is a company. Fine.', ['Yahoo! is a company.', 'Fine.']],
  ])('%s', (_name, input, expected) => {
    expect(splitSentences(input)).toEqual(expected);
  });

  it('never splits inside URLs or emails', () => {
    expect(splitSentences('Read https://example.com/a.b/c.html?x=1.2&y=Z. Write to news.desk@example.co.uk. Thanks!')).toEqual([
      'Read https://example.com/a.b/c.html?x=1.2&y=Z.',
      'Write to news.desk@example.co.uk.',
      'Thanks!',
    ]);
    expect(splitSentences('See www.Example.com/Path.Of.Things for more.')).toEqual(['See www.Example.com/Path.Of.Things for more.']);
  });

  it('keeps closing quotes with their sentence', () => {
    expect(splitSentences('He said "Go." Then he left.')).toEqual(['He said "Go."', 'Then he left.']);
    expect(splitSentences('She called it “unbreakable.” Talks continue.')).toEqual(['She called it “unbreakable.”', 'Talks continue.']);
    expect(splitSentences('‘Is it over?’ Nobody knew.')).toEqual(['‘Is it over?’', 'Nobody knew.']);
    expect(splitSentences('(He left early.) Then it rained.')).toEqual(['(He left early.)', 'Then it rained.']);
  });

  it('treats a quotation followed by its attribution as one sentence', () => {
    expect(splitSentences('"Stop," he said. "Why?" she asked.')).toEqual(['"Stop," he said.', '"Why?" she asked.']);
    expect(splitSentences('“Enough!” the minister said.')).toEqual(['“Enough!” the minister said.']);
  });

  it('splits Urdu on ۔ and ؟', () => {
    expect(splitSentences('پاکستان اور چین کے تعلقات مضبوط ہیں۔ وانگ یی نے اسلام آباد کا دورہ کیا۔کیا یہ اہم ہے؟ ہاں')).toEqual([
      'پاکستان اور چین کے تعلقات مضبوط ہیں۔',
      'وانگ یی نے اسلام آباد کا دورہ کیا۔',
      'کیا یہ اہم ہے؟',
      'ہاں',
    ]);
  });

  it('splits Hindi on danda and double danda', () => {
    expect(splitSentences('भारत एक देश है। यह बड़ा है॥ ठीक है')).toEqual(['भारत एक देश है।', 'यह बड़ा है॥', 'ठीक है']);
  });

  it('splits Chinese and Japanese without spaces, keeping closing brackets', () => {
    expect(splitSentences('中国支持巴基斯坦。王毅访问了伊斯兰堡！这重要吗？是的。')).toEqual([
      '中国支持巴基斯坦。',
      '王毅访问了伊斯兰堡！',
      '这重要吗？',
      '是的。',
    ]);
    expect(splitSentences('彼は「行く。」次の文です。')).toEqual(['彼は「行く。」', '次の文です。']);
  });

  it('ends a sentence at a blank line', () => {
    expect(splitSentences('Why It Matters\n\nBeijing backs Islamabad.')).toEqual(['Why It Matters', 'Beijing backs Islamabad.']);
    expect(splitSentences('one line\ncontinues here.')).toEqual(['one line\ncontinues here.']);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t ')).toEqual([]);
  });

  it('returns trimmed sentences', () => {
    expect(splitSentences('  One.   Two.  ')).toEqual(['One.', 'Two.']);
  });

  it('never loses a non-space character and never returns blank sentences', () => {
    const pieces = fc.constantFrom(
      ' ', '  ', '\n', '\n\n', '.', '...', '…', '!', '?', '"', '”', '’', '(', ')', '۔', '؟', '।', '॥', '。', '！', '？',
      'U.S.', 'Dr.', 'No.', '2', '3.5', 'e.g.', 'J.', 'a.m.', 'The', 'word', 'https://x.com/a.b', 'a@b.co',
      'پاکستان', 'हिन्दी', '中国', '👩‍👩‍👧', '🏳️‍🌈', 'e\u0301', '\u200f', '\u200d', '\ufeff', '\u00a0',
    );
    const text = fc.oneof(fc.array(pieces, { maxLength: 40 }).map((a) => a.join('')), fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }));
    fc.assert(
      fc.property(text, (t) => {
        const sentences = splitSentences(t);
        expect(nonSpace(sentences.join(' '))).toBe(nonSpace(t));
        for (const s of sentences) {
          expect(s).toBe(s.trim());
          expect(s.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000, seed: 20261201 },
    );
  });
});

describe('splitClauses', () => {
  it('splits after , ; : and dashes, keeping punctuation on the left', () => {
    expect(splitClauses('Wang met Sharif, Dar and Munir; talks: security—and trade – roughly.')).toEqual([
      'Wang met Sharif,',
      'Dar and Munir;',
      'talks:',
      'security—',
      'and trade –',
      'roughly.',
    ]);
  });

  it('splits before and after parentheses', () => {
    expect(splitClauses('The corridor (CPEC) is key.')).toEqual(['The corridor', '(CPEC)', 'is key.']);
    expect(splitClauses('The corridor (CPEC), a project.')).toEqual(['The corridor', '(CPEC),', 'a project.']);
  });

  it('leaves numbers, times, ranges and URLs whole', () => {
    expect(splitClauses('About 10,000 troops at 10:30 in 2020–2025 per https://x.com/a,b:c(d)')).toEqual([
      'About 10,000 troops at 10:30 in 2020–2025 per https://x.com/a,b:c(d)',
    ]);
  });

  it('splits after Chinese and Arabic-script commas', () => {
    expect(splitClauses('中国，巴基斯坦')).toEqual(['中国，', '巴基斯坦']);
    expect(splitClauses('چین، پاکستان')).toEqual(['چین،', 'پاکستان']);
  });

  it('never loses a non-space character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (t) => {
        const clauses = splitClauses(t);
        expect(nonSpace(clauses.join(' '))).toBe(nonSpace(t));
        expect(clauses.every((c) => c.length > 0 && c === c.trim())).toBe(true);
      }),
      { numRuns: 1000, seed: 20261201 },
    );
  });
});
