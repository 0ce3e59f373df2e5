import type { AnyFeed, MediaNs } from 'feedsmith';
import { parseFeedDate } from './feed-dates.js';
import { firstImage } from './first-image.js';
import { normaliseLink } from './normalise-link.js';

/**
 * One feed entry in crier's terms, whatever the format. Text fields are HTML (what compose cleans);
 * plain-text fields of JSON Feed are escaped so that "a < b" stays text.
 */
export interface FeedItem {
  /** guid / Atom id / JSON Feed id, else the normalised link: what the seen set is keyed by. */
  key: string;
  /** Normalised link, when the item has one: recognises an item whose GUID changed on edit. */
  link?: string;
  url?: string;
  headline?: string;
  summary?: string;
  body?: string;
  authors: string[];
  tags: string[];
  image?: { url: string; alt?: string };
  language?: string;
  published?: Date;
  updated?: Date;
}

type Media = MediaNs.ItemOrFeed;

function escapeText(text: string | undefined): string | undefined {
  return text?.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function clean(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

function names(values: (string | undefined)[]): string[] {
  return values.map(clean).filter((v): v is string => v !== undefined);
}

function isImage(type: string | undefined, medium: string | undefined, url: string | undefined): boolean {
  if (medium) return medium === 'image';
  if (type) return type.toLowerCase().startsWith('image/');
  return url !== undefined && /\.(jpe?g|png|gif|webp|avif)(\?|$)/i.test(url);
}

/** media:content (also inside media:group), then media:thumbnail; alt from media:description or media:title. */
function mediaImage(media: Media | undefined): { url: string; alt?: string } | undefined {
  if (!media) return undefined;
  const contents = [...(media.contents ?? []), ...(media.groups ?? []).flatMap((g) => g.contents ?? [])];
  const content = contents.find((c) => c.url && isImage(c.type, c.medium, c.url));
  const alt = clean(content?.description?.value) ?? clean(media.description?.value) ?? clean(content?.title?.value) ?? clean(media.title?.value);
  if (content?.url) return alt ? { url: content.url, alt } : { url: content.url };
  const thumbnail = media.thumbnails?.[0]?.url ?? contents.flatMap((c) => c.thumbnails ?? [])[0]?.url;
  if (thumbnail) return alt ? { url: thumbnail, alt } : { url: thumbnail };
  return undefined;
}

function resolved(image: { url: string; alt?: string } | undefined, base: string): FeedItem['image'] {
  if (!image) return undefined;
  try {
    const parsed = new URL(image.url.trim(), base);
    // data: and cid: images cannot be fetched by a platform; without one the post still goes out.
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    const url = parsed.toString();
    return image.alt ? { url, alt: image.alt } : { url };
  } catch {
    return undefined;
  }
}

function keyed(item: Omit<FeedItem, 'key' | 'link'>, id: string | undefined, rawLink: string | undefined, base: string): FeedItem | undefined {
  const link = normaliseLink(rawLink, base);
  const key = clean(id) ?? link;
  if (key === undefined) return undefined;
  const out: FeedItem = { ...item, key };
  if (link !== undefined) out.link = link;
  if (item.url === undefined && link !== undefined) out.url = link;
  return out;
}

/**
 * Every entry of a parsed feed as a FeedItem, in document order. Entries with neither an id nor a
 * link cannot be told apart between polls and are left out (counted by the caller).
 */
export function feedItems(parsed: AnyFeed, feedUrl: string): { items: FeedItem[]; unusable: number } {
  const items: (FeedItem | undefined)[] = [];
  switch (parsed.format) {
    case 'rss': {
      const language = clean(parsed.feed.language);
      for (const entry of parsed.feed.items ?? []) {
        const body = entry.content?.encoded ?? entry.description;
        const guid = clean(entry.guid?.value);
        // A guid that is a permalink (the default) doubles as the link when <link> is missing.
        const permalink = entry.guid?.isPermaLink !== false ? guid : undefined;
        const rawLink = clean(entry.link) ?? (permalink && /^https?:\/\//i.test(permalink) ? permalink : undefined);
        const enclosure = entry.enclosures?.find((e) => e.url && isImage(e.type, undefined, e.url));
        const image = mediaImage(entry.media) ?? (enclosure?.url ? { url: enclosure.url } : undefined) ?? firstImage(body);
        items.push(
          keyed(
            {
              url: normaliseLink(rawLink, feedUrl),
              headline: clean(entry.title) ?? clean(entry.dc?.titles?.[0]),
              summary: entry.content?.encoded ? clean(entry.description) : undefined,
              body: clean(body),
              authors: names([...(entry.authors ?? []).map((a) => a.name ?? a.email), ...(entry.dc?.creators ?? [])]),
              tags: names([...(entry.categories ?? []).map((c) => c.name), ...(entry.dc?.subjects ?? [])]),
              image: resolved(image, feedUrl),
              language: clean(entry.dc?.languages?.[0]) ?? language,
              published: parseFeedDate(entry.pubDate ?? entry.dc?.dates?.[0]),
              updated: parseFeedDate(first(entry.atom?.updated) ?? first(entry.dcterms?.modified)),
            },
            guid,
            rawLink,
            feedUrl,
          ),
        );
      }
      break;
    }
    case 'rdf': {
      for (const entry of parsed.feed.items ?? []) {
        const body = entry.content?.encoded ?? entry.description;
        items.push(
          keyed(
            {
              url: normaliseLink(entry.link, feedUrl),
              headline: clean(entry.title),
              summary: entry.content?.encoded ? clean(entry.description) : undefined,
              body: clean(body),
              authors: names(entry.dc?.creators ?? []),
              tags: names(entry.dc?.subjects ?? []),
              image: resolved(mediaImage(entry.media) ?? firstImage(body), feedUrl),
              language: clean(entry.dc?.languages?.[0]),
              published: parseFeedDate(entry.dc?.dates?.[0]),
              updated: parseFeedDate(first(entry.dcterms?.modified)),
            },
            entry.rdf?.about,
            entry.link,
            feedUrl,
          ),
        );
      }
      break;
    }
    case 'atom': {
      for (const entry of parsed.feed.entries ?? []) {
        const links = entry.links ?? [];
        const alternate = links.find((l) => (l.rel ?? 'alternate') === 'alternate' && l.href)?.href;
        const enclosure = links.find((l) => l.rel === 'enclosure' && l.href && isImage(l.type, undefined, l.href));
        const textual = (t: { value?: string; type?: string } | undefined) => (t?.type === 'text' || t?.type === undefined ? escapeText(t?.value) : t.value);
        const body = entry.content?.value !== undefined ? textual(entry.content) : undefined;
        const summary = textual(entry.summary);
        items.push(
          keyed(
            {
              url: normaliseLink(alternate, feedUrl),
              headline: clean(textual(entry.title)),
              summary: clean(body !== undefined ? summary : undefined),
              body: clean(body ?? summary),
              authors: names((entry.authors ?? []).map((a) => a.name)),
              tags: names((entry.categories ?? []).map((c) => c.label ?? c.term)),
              image: resolved(mediaImage(entry.media) ?? (enclosure?.href ? { url: enclosure.href } : undefined) ?? firstImage(body), feedUrl),
              published: parseFeedDate(entry.published),
              updated: parseFeedDate(entry.updated),
            },
            entry.id,
            alternate,
            feedUrl,
          ),
        );
      }
      break;
    }
    case 'json': {
      const language = clean(parsed.feed.language);
      for (const entry of parsed.feed.items ?? []) {
        const rawLink = entry.url ?? entry.external_url;
        const body = entry.content_html ?? escapeText(entry.content_text);
        const attachment = entry.attachments?.find((a) => a.url && isImage(a.mime_type, undefined, a.url));
        const image = clean(entry.image) ?? clean(entry.banner_image) ?? attachment?.url;
        items.push(
          keyed(
            {
              url: normaliseLink(rawLink, feedUrl),
              headline: clean(escapeText(entry.title)),
              summary: clean(escapeText(entry.summary)),
              body: clean(body),
              authors: names([...(entry.authors ?? []), ...(parsed.feed.authors && !entry.authors ? parsed.feed.authors : [])].map((a) => a.name)),
              tags: names(entry.tags ?? []),
              image: resolved(image ? { url: image } : firstImage(body), feedUrl),
              language: clean(entry.language) ?? language,
              published: parseFeedDate(entry.date_published),
              updated: parseFeedDate(entry.date_modified),
            },
            entry.id === undefined ? undefined : String(entry.id),
            rawLink,
            feedUrl,
          ),
        );
      }
      break;
    }
  }
  const usable = items.filter((i): i is FeedItem => i !== undefined);
  return { items: usable, unusable: items.length - usable.length };
}
