import type { DeliveredPart, JsonObject } from '../../domain/delivery.js';
import { formattedBody } from './formatted-body.js';

/**
 * Where a part sits: parts after the first (and a correction's first part) go into the thread
 * that starts at `root`, replying to the part before. `is_falling_back` tells thread-aware clients
 * the reply is only there for clients without threads, which show it as a plain reply instead.
 */
export function threadRelation(root: DeliveredPart | undefined, previous: DeliveredPart | undefined): JsonObject | undefined {
  if (!root || !previous) return undefined;
  return { rel_type: 'm.thread', event_id: root.remoteId, is_falling_back: true, 'm.in_reply_to': { event_id: previous.remoteId } };
}

/**
 * Intentional mentions (spec v1.7): an empty `m.mentions` tells the homeserver's push rules that
 * this event mentions nobody, so "@room" or a user id in an article cannot ping the room.
 */
const NO_MENTIONS: JsonObject = {};

/** An m.text message: `body` as the article text, `formatted_body` as its escaped HTML with links. */
export function textContent(text: string, relation: JsonObject | undefined): JsonObject {
  return {
    msgtype: 'm.text',
    body: text,
    format: 'org.matrix.custom.html',
    formatted_body: formattedBody(text),
    'm.mentions': NO_MENTIONS,
    ...(relation ? { 'm.relates_to': relation } : {}),
  };
}

/** What stands in for alt text when an image has none: `body` is required, and a file name would be read aloud. */
const NO_ALT = 'Article image';

/** An m.image event: `body` is the image's text alternative, which clients give screen readers. */
export function imageContent(alt: string, image: { uri: string; type: string; size: number }, relation: JsonObject | undefined): JsonObject {
  return {
    msgtype: 'm.image',
    body: alt === '' ? NO_ALT : alt,
    url: image.uri,
    info: { mimetype: image.type, size: image.size },
    'm.mentions': NO_MENTIONS,
    ...(relation ? { 'm.relates_to': relation } : {}),
  };
}
