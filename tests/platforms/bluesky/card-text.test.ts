import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { CARD_DESCRIPTION_MAX, CARD_TITLE_MAX, capCardText } from '../../../src/platforms/bluesky/card-text.js';
import { adapterFor, getPost, makeDraft, newAccount, useBlueskyEnv } from './setup.js';

const graphemeCount = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
const byteCount = (text: string) => new TextEncoder().encode(text).length;

describe('capCardText', () => {
  it('leaves text that fits alone', () => {
    expect(capCardText('Beijing Backs Islamabad', CARD_TITLE_MAX)).toBe('Beijing Backs Islamabad');
    const exact = 'x'.repeat(CARD_TITLE_MAX.graphemes);
    expect(capCardText(exact, CARD_TITLE_MAX)).toBe(exact);
  });

  it('cuts after a whole word and adds an ellipsis', () => {
    expect(capCardText('alpha beta gamma delta', { graphemes: 15, bytes: 100 })).toBe('alpha beta…');
  });

  it('cuts one very long word between graphemes, never inside an emoji', () => {
    const family = '👨‍👩‍👧‍👦';
    const out = capCardText(family.repeat(50), { graphemes: 10, bytes: 1000 });
    expect(out).toBe(`${family.repeat(9)}…`);
  });

  it('a 1 MB title becomes one that fits both caps', () => {
    const out = capCardText('word '.repeat(200_000), CARD_TITLE_MAX);
    expect(graphemeCount(out)).toBeLessThanOrEqual(CARD_TITLE_MAX.graphemes);
    expect(byteCount(out)).toBeLessThanOrEqual(CARD_TITLE_MAX.bytes);
    expect(out.endsWith('word…')).toBe(true);
  });

  it('the byte cap holds for scripts of 3–4 bytes a grapheme', () => {
    const out = capCardText('中'.repeat(5000), CARD_DESCRIPTION_MAX);
    expect(byteCount(out)).toBeLessThanOrEqual(CARD_DESCRIPTION_MAX.bytes);
    expect(out.endsWith('…')).toBe(true);
  });

  it('property: the result always fits, and is a prefix of the input plus an ellipsis when cut', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 2, max: 60 }), fc.integer({ min: 8, max: 200 }), (text, g, b) => {
        const max = { graphemes: g, bytes: b };
        const out = capCardText(text, max);
        if (out === text) {
          expect(graphemeCount(text) <= g && byteCount(text) <= b).toBe(true);
        } else {
          expect(byteCount(out)).toBeLessThanOrEqual(b);
          expect(graphemeCount(out)).toBeLessThanOrEqual(g);
          expect(out.endsWith('…')).toBe(true);
          expect(text.startsWith(out.slice(0, -1))).toBe(true);
        }
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});

describe('a link card with a huge title on a real PDS', () => {
  const env = useBlueskyEnv();

  it('posts, with the title and description capped', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const draft = makeDraft(['Card with a huge title'], {
      link: { url: 'http://127.0.0.1:9/unreachable-article', title: 'T'.repeat(1_000_000), description: 'd '.repeat(500_000) },
    });
    const result = await adapter.post(draft, new MemoryLedger());
    const { value } = await getPost(env, result.parts[0]!.remoteId);
    expect(graphemeCount(value.embed!.external.title)).toBeLessThanOrEqual(CARD_TITLE_MAX.graphemes);
    expect(byteCount(value.embed!.external.description)).toBeLessThanOrEqual(CARD_DESCRIPTION_MAX.bytes);
    expect(value.embed!.external.title.startsWith('TTTT')).toBe(true);
    await adapter.close();
  });
});
