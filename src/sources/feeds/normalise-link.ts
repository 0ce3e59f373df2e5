/**
 * The form of an article link used to recognise the same article across polls: resolved against
 * the feed's own URL, fragment dropped, utm_* tracking parameters dropped (feeds add them per
 * campaign, so the same article would otherwise look new). Undefined when it is not an http(s) URL.
 */
export function normaliseLink(raw: string | undefined, base?: string): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  let url: URL;
  try {
    url = base ? new URL(text, base) : new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) {
    if (/^utm_/i.test(name)) url.searchParams.delete(name);
  }
  return url.toString();
}
