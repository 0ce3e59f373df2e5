import { AppBskyRichtextFacet, RichText, UnicodeString } from '@atproto/api';
import type { Agent } from '@atproto/api';

/** The article link as the text shows it (shortened, "example.com/news/beijing-ba…") and where it points. */
export interface DisplayedLink {
  url: string;
  displayText?: string;
}

/**
 * Points every occurrence of the link's short display form at the full URL. RichText would
 * otherwise link the truncated text itself, or nothing when the form does not parse as a URL.
 */
function linkDisplayedUrl(text: string, link: DisplayedLink, facets: AppBskyRichtextFacet.Main[]): AppBskyRichtextFacet.Main[] {
  const shown = link.displayText;
  if (!shown || shown === link.url) return facets;
  const unicode = new UnicodeString(text);
  const ranges: { byteStart: number; byteEnd: number }[] = [];
  for (let at = text.indexOf(shown); at !== -1; at = text.indexOf(shown, at + shown.length)) {
    ranges.push({ byteStart: unicode.utf16IndexToUtf8Index(at), byteEnd: unicode.utf16IndexToUtf8Index(at + shown.length) });
  }
  if (ranges.length === 0) return facets;
  const overlaps = (f: AppBskyRichtextFacet.Main) =>
    ranges.some((r) => f.index.byteStart < r.byteEnd && r.byteStart < f.index.byteEnd);
  const kept = facets.filter((f) => !overlaps(f));
  const added = ranges.map((index) => ({
    $type: 'app.bsky.richtext.facet' as const,
    index,
    features: [{ $type: 'app.bsky.richtext.facet#link' as const, uri: link.url }],
  }));
  return [...kept, ...added].sort((a, b) => a.index.byteStart - b.index.byteStart);
}

/**
 * Links, hashtags and mentions in `text` as facets with UTF-8 byte ranges, found by atproto's own
 * RichText. Mentions are resolved through the agent; one that does not resolve gets no facet
 * (RichText would leave an empty DID, which the PDS rejects).
 */
export async function detectFacets(text: string, agent: Agent, link?: DisplayedLink): Promise<AppBskyRichtextFacet.Main[]> {
  const rt = new RichText({ text });
  await rt.detectFacets(agent);
  const facets: AppBskyRichtextFacet.Main[] = [];
  for (const facet of rt.facets ?? []) {
    const features = facet.features.filter((f) => !(AppBskyRichtextFacet.isMention(f) && !f.did));
    // RichText sets $type on some facets only; one shape for all keeps records predictable.
    if (features.length > 0) facets.push({ $type: 'app.bsky.richtext.facet', index: facet.index, features });
  }
  return link ? linkDisplayedUrl(text, link, facets) : facets;
}
