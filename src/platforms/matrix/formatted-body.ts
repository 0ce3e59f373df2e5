import { twitterText } from '../twitter-text.js';

/** The five characters that can end a text node or an attribute value in HTML. */
function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

function escapeText(text: string): string {
  return escapeHtml(text).replaceAll(/\r?\n/g, '<br>');
}

/**
 * The `formatted_body` (org.matrix.custom.html) of a part: the article text escaped, so nothing in
 * it can become markup, with its http(s) links as <a> and line breaks as <br>. Links are found
 * with twitter-text's extractor, the grammar compose measures links with; nothing else is linked
 * (no javascript: or data: URL can become an href).
 */
export function formattedBody(text: string): string {
  const links = twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false });
  let html = '';
  let at = 0;
  for (const link of links) {
    const [start, end] = link.indices;
    if (start < at || !/^https?:\/\//i.test(link.url)) continue;
    const href = escapeHtml(link.url);
    html += `${escapeText(text.slice(at, start))}<a href="${href}">${href}</a>`;
    at = end;
  }
  return html + escapeText(text.slice(at));
}
