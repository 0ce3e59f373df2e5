/**
 * The short form of a link that Bluesky's own app shows ("example.com/news/beijing-ba…"): the
 * whole URL would spend a third of a 300-grapheme post. The text shows this form and the link
 * facet points at the full URL (the Bluesky adapter sets it from Draft.link).
 */
export function shortDisplayUrl(url: string, maxPathChars = 24): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const host = parsed.hostname.replace(/^www\./, '');
  const rest = `${parsed.pathname === '/' ? '' : parsed.pathname}${parsed.search}${parsed.hash}`;
  let shown = '';
  for (const ch of rest) {
    if (shown.length >= maxPathChars) return `${host}${shown}…`;
    shown += ch;
  }
  return `${host}${shown}`;
}
