import type { Article } from '../domain/article.js';
import { decodeEntities } from './clean/entities.js';
import type { MessageCatalog } from './messages/messages.js';

/** Labels a CMS puts in a breaking headline itself, in the languages crier ships, besides the newsroom's own. */
const KNOWN_BREAKING = [
  'BREAKING NEWS', 'BREAKING', 'Breaking news', 'Breaking', 'JUST IN', 'Just in', 'DEVELOPING', 'URGENT', 'Urgent',
  'ÚLTIMA HORA', 'Última hora', 'URGENTE', 'Urgente', 'ALERTE', 'Alerte', 'EILMELDUNG', 'Eilmeldung',
  'بریکنگ نیوز', 'بریکنگ', 'ब्रेकिंग न्यूज़', 'ब्रेकिंग', 'عاجل', '突发', '快讯',
];

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a breaking label leading a headline ("BREAKING:", "🔴 Breaking –", "【突发】"), so templates add exactly one. */
export function breakingPrefix(messages: MessageCatalog): RegExp {
  const fromMessages = messages.languages.map((l) => messages.labelsFor(l).breaking.replace(/[\s:：【】[\]|–—-]+/gu, ' ').trim());
  const labels = [...new Set([...KNOWN_BREAKING, ...fromMessages])].filter((l) => l !== '').sort((a, b) => b.length - a.length);
  return new RegExp(`^\\s*(?:\\p{Extended_Pictographic}\\uFE0F?\\s*)*[【[]?\\s*(?:${labels.map(escape).join('|')})\\s*[】\\]]?\\s*(?:[:：|–—-]\\s*|(?<=[】\\]])\\s*)`, 'iu');
}

/**
 * The article as followers should read it: entities decoded until stable in every field a post
 * shows ("&amp;amp;" from a CMS would otherwise reach them as "&amp;"), and on breaking news
 * the headline's own "BREAKING:" removed, since the breaking template says it once, in its words.
 */
export function prepareArticle(article: Article, breaking: RegExp): Article {
  let headline = decodeEntities(article.headline);
  if (article.priority === 'breaking') {
    const stripped = headline.replace(breaking, '');
    if (/[\p{L}\p{N}]/u.test(stripped)) headline = stripped;
  }
  const prepared: Article = {
    ...article,
    headline,
    paragraphs: article.paragraphs.map(decodeEntities),
    tags: article.tags.map(decodeEntities),
    authors: article.authors.map(decodeEntities),
  };
  if (article.summary !== undefined) prepared.summary = decodeEntities(article.summary);
  if (article.section !== undefined) prepared.section = decodeEntities(article.section);
  if (article.image) prepared.image = { url: article.image.url, alt: decodeEntities(article.image.alt) };
  if (article.correction !== undefined) prepared.correction = decodeEntities(article.correction);
  return prepared;
}
