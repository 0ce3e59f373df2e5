/**
 * What two versions of one tweet's text have in common after X has stored it: X replaces every
 * link with a t.co link, escapes &, < and > as HTML entities in API output, and may normalise
 * whitespace. Comparing without URLs, entities decoded and whitespace collapsed recognises our
 * own tweet in the timeline; the reply target and the time window keep it from matching others.
 */
export function textForMatching(text: string): string {
  return text
    .normalize('NFC')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/https?:\/\/\S+/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function sameTweetText(a: string, b: string): boolean {
  return textForMatching(a) === textForMatching(b);
}
