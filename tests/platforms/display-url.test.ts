import { AtpAgent } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/parse-article.js';
import { Composer } from '../../src/compose/composer.js';
import { loadTemplates } from '../../src/compose/templates/template-set.js';
import { detectFacets } from '../../src/platforms/bluesky/facets.js';
import { shortDisplayUrl } from '../../src/platforms/display-url.js';
import { articleJson } from '../helpers/builders.js';

const graphemes = (text: string): string[] => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

describe('shortDisplayUrl', () => {
  it('shows the host and the start of an ASCII path, as Bluesky’s app does', () => {
    expect(shortDisplayUrl('https://www.example.com/news/beijing-backs-islamabad?ref=home')).toBe('example.com/news/beijing-backs-isla…');
    expect(shortDisplayUrl('https://example.com/')).toBe('example.com');
    expect(shortDisplayUrl('https://example.com/a/b')).toBe('example.com/a/b');
    expect(shortDisplayUrl('not a url')).toBe('not a url');
  });

  it('shows a non-Latin slug in its own script, not as percent escapes', () => {
    const slug = 'الحكومة-تعلن-خطة-اقتصادية-جديدة-لمواجهة-التضخم';
    const url = `https://example.com/ar/${encodeURIComponent(slug)}`;
    const shown = shortDisplayUrl(url);
    expect(shown).not.toContain('%');
    expect(shown.endsWith('…')).toBe(true);
    expect(`example.com/ar/${slug}`.startsWith(shown.slice(0, -1))).toBe(true);
    // The same budget as before: 24 characters of path, now 20 letters instead of 3.
    expect(shown.slice('example.com'.length, -1)).toHaveLength(24);
  });

  it('keeps escapes of ASCII, which mean something else decoded', () => {
    expect(shortDisplayUrl('https://example.com/a%2Fb%20c%25d')).toBe('example.com/a%2Fb%20c%25d');
    expect(shortDisplayUrl('https://example.com/caf%C3%A9%2Fbar')).toBe('example.com/café%2Fbar');
  });

  it('keeps a run that is not UTF-8, or that would show an invisible or direction-changing character, as escapes', () => {
    expect(shortDisplayUrl('https://example.com/x%D8y')).toBe('example.com/x%D8y');
    expect(shortDisplayUrl('https://example.com/a%E2%80%AEb')).toBe('example.com/a%E2%80%AEb');
    expect(shortDisplayUrl('https://example.com/a%E2%80%8Bb')).toBe('example.com/a%E2%80%8Bb');
    expect(shortDisplayUrl('https://example.com/a%C2%A0b')).toBe('example.com/a%C2%A0b');
  });

  it('shows an internationalised domain in its own script', () => {
    expect(shortDisplayUrl('https://xn--bcher-kva.example/news')).toBe('bücher.example/news');
  });

  it('cuts between graphemes, so no letter loses its vowel sign', () => {
    const slug = 'बिहार-में-चुनाव-की-तैयारी-पूरी-मतदान-कल';
    const shown = shortDisplayUrl(`https://example.in/${encodeURIComponent(slug)}`);
    expect(shown.endsWith('…')).toBe(true);
    const path = shown.slice('example.in'.length, -1);
    const whole = graphemes(`/${slug}`);
    const cut = graphemes(path);
    expect(cut).toEqual(whole.slice(0, cut.length));
  });
});

describe('a non-Latin display link on Bluesky', () => {
  it('is what the composed text shows, and its facet covers exactly those bytes and points at the full URL', async () => {
    const slug = 'الحكومة-تعلن-خطة-اقتصادية-جديدة';
    const url = `https://example.com/ar/${encodeURIComponent(slug)}`;
    const article = parseArticle(articleJson('beijing-islamabad', { url, language: 'ar' }));
    const [draft] = new Composer({ templates: loadTemplates('templates'), maxParts: 6, numbering: true }).compose(article, [
      { platform: 'bluesky', account: 'default' },
    ]);
    const shown = draft!.link.displayText!;
    expect(shown.startsWith('example.com/ar/الحكومة')).toBe(true);
    const text = draft!.parts[0]!.text;
    expect(text).toContain(shown);

    // No mention in the text, so the agent is never called: it points nowhere.
    const facets = await detectFacets(text, new AtpAgent({ service: 'http://127.0.0.1:9' }), draft!.link);
    const links = facets.filter((f) => f.features.some((x) => x.$type === 'app.bsky.richtext.facet#link'));
    const encoder = new TextEncoder();
    const start = encoder.encode(text.slice(0, text.indexOf(shown))).length;
    expect(links.map((f) => f.index)).toEqual([{ byteStart: start, byteEnd: start + encoder.encode(shown).length }]);
    expect(links[0]!.features[0]).toMatchObject({ uri: url });
  });
});
