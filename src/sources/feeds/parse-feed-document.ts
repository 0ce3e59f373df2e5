import { parseFeed, type AnyFeed } from 'feedsmith';
import { FeedFormatError } from '../../domain/errors/index.js';

/**
 * Bytes from a feed URL → a parsed feed (feedsmith detects RSS, Atom, RDF and JSON Feed). What is
 * not a feed (an HTML error page, a truncated document) is a FeedFormatError naming what it looked like.
 */
export function parseFeedDocument(bytes: Uint8Array, mimeType: string): AnyFeed {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
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
