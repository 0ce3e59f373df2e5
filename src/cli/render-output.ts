import type { Article } from '../domain/article.js';
import type { Draft } from '../domain/draft.js';

/** The `crier render --json` document (DESIGN.md, a stable contract). */
export function renderJson(article: Article, drafts: readonly Draft[]): string {
  return JSON.stringify(
    {
      article: { id: article.id, url: article.url },
      posts: drafts.map((d) => ({
        platform: d.platform,
        account: d.account,
        parts: d.parts.map((p) => ({ text: p.text, length: p.length, limit: p.limit })),
        media: d.media.map((m) => ({ url: m.url, alt: m.alt })),
      })),
    },
    null,
    2,
  );
}

/** A preview for a person: each platform's parts with their length against the limit. */
export function renderText(article: Article, drafts: readonly Draft[]): string {
  const lines: string[] = [`${article.headline}`, `${article.url}`, ''];
  for (const draft of drafts) {
    const count = draft.parts.length;
    lines.push(`━━ ${draft.platform} (${draft.account}) · ${count} ${count === 1 ? 'post' : 'posts in a thread'}`);
    draft.parts.forEach((part, i) => {
      const over = part.length > part.limit ? '  OVER LIMIT' : '';
      lines.push(`── ${i + 1}/${count} · ${part.length}/${part.limit}${over}`);
      lines.push(part.text, '');
    });
    for (const m of draft.media) lines.push(`[image] ${m.url}`, `[alt] ${m.alt || '(no alt text)'}`, '');
  }
  return lines.join('\n');
}
