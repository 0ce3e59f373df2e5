/** Characters that LinkedIn's "little" text format reserves for its own elements (mentions, templates). */
const RESERVED = /[\\|{}@[\]()<>#*_~]/g;
/** A hashtag as LinkedIn reads it: `#` at the start or after whitespace, followed by a letter or digit. */
const HASHTAG = /(^|\s)#(?=[\p{L}\p{N}])/gu;
const HASHTAG_MARK = '\u0000';

/**
 * Escapes commentary for the Posts API. Unescaped, a reserved character is read as markup and LinkedIn
 * silently truncates the post at the first one it cannot parse. A `#` that starts a hashtag stays
 * unescaped so the hashtag stays a hashtag (little's HashtagElement); every other `#` is escaped.
 */
export function escapeLittleText(text: string): string {
  return text
    .replace(HASHTAG, `$1${HASHTAG_MARK}`)
    .replace(RESERVED, (ch) => `\\${ch}`)
    .replaceAll(HASHTAG_MARK, '#');
}
