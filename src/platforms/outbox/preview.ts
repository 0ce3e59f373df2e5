import type { OutboxPartLine, OutboxRetractionLine } from './outbox-line.js';

/** Each block's first line carries one of these: how a retry finds out that the block is written. */
export const partMarker = (id: string): string => `[part ${id}]`;
export const retractionMarker = (id: string): string => `[retracted ${id}]`;

/** A part as a person reads the outbox: who, which article, the text as it would appear, what it carries. */
export function previewOfPart(line: OutboxPartLine): string {
  const lines = [
    `== ${line.platform}/${line.account} · ${line.article} · part ${line.part + 1} of ${line.parts} · ${line.at} ${partMarker(line.id)}`,
    line.text,
    `   (${line.length} of ${line.limit}${line.replyTo ? `, in reply to ${line.replyTo}` : ''})`,
  ];
  for (const media of line.media ?? []) lines.push(`   image: ${media.url}${media.alt ? ` — alt: ${media.alt}` : ''}`);
  if (line.link) lines.push(`   link card: ${line.link.title} — ${line.link.url}`);
  return `${lines.join('\n')}\n\n`;
}

export function previewOfRetraction(line: OutboxRetractionLine): string {
  return `== ${line.platform}/${line.account} · part ${line.part + 1} retracted · ${line.at} ${retractionMarker(line.id)}\n\n`;
}
