import { AppBskyRichtextFacet, RichText } from '@atproto/api';
import type { Agent } from '@atproto/api';

/**
 * Links, hashtags and mentions in `text` as facets with UTF-8 byte ranges, found by atproto's own
 * RichText. Mentions are resolved through the agent; one that does not resolve gets no facet
 * (RichText would leave an empty DID, which the PDS rejects).
 */
export async function detectFacets(text: string, agent: Agent): Promise<AppBskyRichtextFacet.Main[]> {
  const rt = new RichText({ text });
  await rt.detectFacets(agent);
  const facets: AppBskyRichtextFacet.Main[] = [];
  for (const facet of rt.facets ?? []) {
    const features = facet.features.filter((f) => !(AppBskyRichtextFacet.isMention(f) && !f.did));
    // RichText sets $type on some facets only; one shape for all keeps records predictable.
    if (features.length > 0) facets.push({ $type: 'app.bsky.richtext.facet', index: facet.index, features });
  }
  return facets;
}
