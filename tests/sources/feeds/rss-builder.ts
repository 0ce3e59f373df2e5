/** An RSS 2.0 document in the shape WordPress writes (CDATA bodies, dc:creator, guid isPermaLink=false). */
export interface RssItem {
  guid?: string;
  link: string;
  title: string;
  body?: string;
  /** RFC 822, as written in <pubDate>; omitted when undefined. */
  date?: Date;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function rss(items: RssItem[], title = 'The Daily Ledger'): string {
  const entries = items
    .map(
      (i) => `    <item>
      <title>${escape(i.title)}</title>
      <link>${escape(i.link)}</link>
      <dc:creator><![CDATA[Desk]]></dc:creator>
${i.date ? `      <pubDate>${i.date.toUTCString().replace('GMT', '+0000')}</pubDate>\n` : ''}${i.guid ? `      <guid isPermaLink="false">${escape(i.guid)}</guid>\n` : ''}      <description><![CDATA[${(i.body ?? i.title).slice(0, 80)}]]></description>
      <content:encoded><![CDATA[<p>${i.body ?? i.title}</p>]]></content:encoded>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${escape(title)}</title>
    <link>https://news.example.com</link>
    <description>Test feed</description>
${entries}
  </channel>
</rss>`;
}
