/**
 * Slack's message formatting reserves only &, < and >: escaped as HTML entities they show as typed,
 * and no text from an article can form a <!channel> mention or a <url|label> link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
