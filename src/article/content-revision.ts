import { createHash } from 'node:crypto';
import type { ArticleEventFields } from './schema.js';

/**
 * A revision for events that carry none: a hash of the cleaned content, so a CMS that resends the
 * same article (retries, double clicks) gets the same (id, revision) and is not posted twice, while
 * an edited article gets a new one. Priority is left out on purpose: flagging a published story as
 * breaking is not a new version of it.
 */
export function contentRevision(event: ArticleEventFields): string {
  const content = [
    event.id,
    event.url,
    event.headline,
    event.summary ?? null,
    event.body,
    event.section ?? null,
    event.tags,
    event.authors,
    event.language ?? null,
    event.publishedAt ?? null,
    event.image ? [event.image.url, event.image.alt] : null,
    // Appended only when present, so revisions of articles without a correction keep their old hash.
    ...(event.correction !== undefined ? [event.correction] : []),
  ];
  return 'h' + createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}
