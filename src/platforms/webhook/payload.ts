import type { JsonObject } from '../../domain/delivery.js';
import type { Draft } from '../../domain/draft.js';

/**
 * The body crier sends to a generic webhook target, in the Standard Webhooks shape {type, timestamp, data}.
 * `timestamp` is when the delivery was first prepared, so every retry sends the same bytes.
 */
export function webhookPayload(draft: Draft, preparedAt: string): JsonObject {
  return {
    type: 'crier.post',
    timestamp: preparedAt,
    data: {
      articleId: draft.articleId,
      platform: draft.platform,
      account: draft.account,
      parts: draft.parts.map((p) => p.text),
      link: { url: draft.link.url, title: draft.link.title, description: draft.link.description, ...(draft.link.imageUrl ? { imageUrl: draft.link.imageUrl } : {}) },
      media: draft.media.map((m) => ({ url: m.url, alt: m.alt })),
      ...(draft.language ? { language: draft.language } : {}),
    },
  };
}
