import { parseFeed, type AnyFeed } from 'feedsmith';
import { FeedFormatError } from '../../domain/errors/index.js';

/**
 * The charset from Content-Type, else from the XML declaration, else UTF-8. Older publishers still
 * serve ISO-8859-1 and windows-1252, whose accented letters UTF-8 would garble.
 */
function decode(bytes: Uint8Array, contentType: string | undefined): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const label = /charset="?([\w-]+)/i.exec(contentType ?? '')?.[1] ?? /^\s*<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(head)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    // An unknown label (a typo in the declaration) is not worth refusing the feed over.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Bytes from a feed URL → a parsed feed (feedsmith detects RSS, Atom, RDF and JSON Feed). What is
 * not a feed (an HTML error page, a truncated document) is a FeedFormatError naming what it looked like.
 */
export function parseFeedDocument(bytes: Uint8Array, mimeType: string, contentType?: string): AnyFeed {
  const text = decode(bytes, contentType).replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed === '') throw new FeedFormatError('the feed answered with an empty body');
  let input: unknown = text;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new FeedFormatError(`the feed is not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    return parseFeed(input);
  } catch (error) {
    const looksLike = /^<!doctype html|^<html/i.test(trimmed) ? ' (it looks like an HTML page)' : '';
    throw new FeedFormatError(`not an RSS, Atom or JSON feed (${mimeType})${looksLike}: ${(error as Error).message}`, { cause: error });
  }
}
