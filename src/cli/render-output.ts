import type { Article } from '../domain/article.js';
import type { Draft, MediaRef } from '../domain/draft.js';
import type { PlatformId } from '../domain/platform.js';

/** What a platform shows for the link, as far as crier decides it. */
interface CardView {
  url: string;
  title: string;
  description: string;
  image: string | null;
}

/** Bluesky shows the card crier builds (title, description, thumbnail); the others unfurl the page's own tags. */
const BUILDS_CARD: ReadonlySet<PlatformId> = new Set(['bluesky']);
/** Language tags go out with the post on these platforms (Bluesky `langs`, Mastodon `language`). */
const SENDS_LANGUAGE: ReadonlySet<PlatformId> = new Set(['bluesky', 'mastodon']);

function cardOf(draft: Draft): CardView | null {
  if (!BUILDS_CARD.has(draft.platform)) return null;
  return { url: draft.link.url, title: draft.link.title, description: draft.link.description, image: draft.link.imageUrl ?? null };
}

/** The images that go out with the first part: on Bluesky the card's thumbnail takes the image's place. */
function attachedMedia(draft: Draft): MediaRef[] {
  return BUILDS_CARD.has(draft.platform) ? [] : draft.media;
}

function langsOf(draft: Draft): string[] {
  return SENDS_LANGUAGE.has(draft.platform) && draft.language ? [draft.language] : [];
}

/**
 * The `crier render --json` document (DESIGN.md, a stable contract: fields are added, never
 * renamed or removed). Added: per post `card` (the link card crier builds, null where the
 * platform unfurls the page itself), `langs` (language tags sent with the post), `attached`
 * (the images that go out, with their alt text) and `warnings` (what an editor should check).
 */
export function renderJson(article: Article, drafts: readonly Draft[]): string {
  return JSON.stringify(
    {
      article: { id: article.id, url: article.url },
      posts: drafts.map((d) => ({
        platform: d.platform,
        account: d.account,
        parts: d.parts.map((p) => ({ text: p.text, length: p.length, limit: p.limit })),
        media: d.media.map((m) => ({ url: m.url, alt: m.alt })),
        card: cardOf(d),
        langs: langsOf(d),
        attached: attachedMedia(d).map((m) => ({ url: m.url, alt: m.alt })),
        warnings: (d.warnings ?? []).map((w) => ({ code: w.code, message: w.message, holdForReview: w.holdForReview })),
      })),
    },
    null,
    2,
  );
}

/** A preview for a person: each platform's parts with their length against the limit, and what goes with them. */
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
    const card = cardOf(draft);
    if (card) {
      lines.push(`[card] ${card.title}`, `[card] ${card.description || '(no description)'}`, `[card] ${card.image ? `thumbnail ${card.image}` : 'no thumbnail'}`);
    } else {
      lines.push(`[link] ${draft.platform} shows its own preview of the page`);
    }
    const langs = langsOf(draft);
    if (langs.length > 0) lines.push(`[langs] ${langs.join(', ')}`);
    for (const m of attachedMedia(draft)) lines.push(`[image] ${m.url}`, `[alt] ${m.alt || '(no alt text)'}`);
    for (const w of draft.warnings ?? []) lines.push(`[warning] ${w.message}${w.holdForReview ? ' (held for review)' : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}
