import { describe, expect, it } from 'vitest';
import { findShareImage } from '../../../src/platforms/bluesky/og-image.js';

describe('findShareImage', () => {
  it('resolves a relative og:image against the page URL', () => {
    const html = '<html><head><meta property="og:image" content="/media/a.jpg?w=1&amp;h=2"></head></html>';
    expect(findShareImage(html, 'https://news.example/2025/story')).toBe('https://news.example/media/a.jpg?w=1&h=2');
  });

  it('resolves against <base href> when the page sets one', () => {
    const html = '<head><base href="https://cdn.example/assets/"><meta property="og:image" content="b.png"></head>';
    expect(findShareImage(html, 'https://news.example/story')).toBe('https://cdn.example/assets/b.png');
  });

  it('prefers og:image to twitter:image whatever the order, and falls back to twitter:image', () => {
    const both = '<meta name="twitter:image" content="https://x.example/t.jpg"><meta property="og:image" content="https://x.example/o.jpg">';
    expect(findShareImage(both, 'https://x.example/')).toBe('https://x.example/o.jpg');
    const twitterOnly = '<META NAME="twitter:image" CONTENT="https://x.example/t.jpg">';
    expect(findShareImage(twitterOnly, 'https://x.example/')).toBe('https://x.example/t.jpg');
  });

  it('ignores non-http images and pages without one', () => {
    expect(findShareImage('<meta property="og:image" content="javascript:alert(1)">', 'https://x.example/')).toBeUndefined();
    expect(findShareImage('<p>no head at all</p>', 'https://x.example/')).toBeUndefined();
  });
});
