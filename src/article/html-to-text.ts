import { Parser } from 'htmlparser2';

/** Elements whose content is never reader-visible text. */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head', 'title']);

/** Elements that start or end a paragraph. */
const BLOCK = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote',
  'br', 'hr', 'tr', 'table', 'thead', 'tbody', 'tfoot', 'caption', 'figure', 'figcaption', 'section',
  'article', 'header', 'footer', 'aside', 'nav', 'main', 'pre', 'address', 'details', 'summary', 'body',
]);

/** Elements whose neighbours must not run together ("<td>a</td><td>b</td>" is "a b"). */
const SPACED = new Set(['td', 'th', 'img', 'input', 'button', 'label', 'option']);

/** Private-use character that cannot survive cleaning, used to mark paragraph breaks while collecting text. */
const BREAK = '\u{F0000}';

/**
 * Zero-width, bidi and other invisible format characters that CMS editors paste in by accident.
 * ZWNJ and ZWJ are listed too but kept where they shape a script or join an emoji (see below).
 */
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/gu;
// The same class without the global flag, for a test that keeps no lastIndex between calls.
const INVISIBLE_ANY = new RegExp(INVISIBLE.source, 'u');

const EMOJI_BEFORE_JOINER = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{E0020}-\u{E007F}]/u;
const EMOJI_AFTER_JOINER = /\p{Extended_Pictographic}/u;
/** Letters and marks of scripts where ZWNJ/ZWJ change how letters join (Arabic, Indic, …), i.e. not Latin, Greek or Cyrillic. */
const SHAPED_SCRIPT = /[\p{L}\p{M}]/u;
const SIMPLE_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]/u;

function codePointBefore(text: string, offset: number): string {
  if (offset <= 0) return '';
  const low = text.charCodeAt(offset - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? offset - 2 : offset - 1;
  return String.fromCodePoint(text.codePointAt(start) ?? 0);
}

function codePointAfter(text: string, offset: number): string {
  const cp = text.codePointAt(offset);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function isShaped(ch: string): boolean {
  return ch !== '' && SHAPED_SCRIPT.test(ch) && !SIMPLE_SCRIPT.test(ch);
}

function keepJoiner(joiner: string, before: string, after: string): boolean {
  if (joiner === '\u200d' && EMOJI_BEFORE_JOINER.test(before) && EMOJI_AFTER_JOINER.test(after)) return true;
  return isShaped(before) && isShaped(after);
}

const NON_ASCII = /[^\x00-\x7F]/;
/** A UTF-16 half without its partner: platforms refuse or mangle it, so it becomes U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MARKUP = /[<&]/;

function removeInvisible(text: string): string {
  if (!INVISIBLE_ANY.test(text)) return text;
  return text.replace(INVISIBLE, (ch: string, offset: number, whole: string) => {
    if (ch === '\u200c' || ch === '\u200d') {
      return keepJoiner(ch, codePointBefore(whole, offset), codePointAfter(whole, offset + 1)) ? ch : '';
    }
    return '';
  });
}

/** One paragraph's raw text → a clean single line: invisibles gone, spaces collapsed, NFC. */
function cleanLine(raw: string): string {
  // Invisibles go first: U+FEFF counts as white space to \s, but inside a word it is a zero-width no-break space.
  const line = removeInvisible(raw).replace(/\s+/g, ' ').trim();
  // ASCII is already NFC; skipping normalize() for it is most of an English article's paragraphs.
  return NON_ASCII.test(line) ? line.replace(LONE_SURROGATE, '\ufffd').normalize('NFC') : line;
}

/**
 * Body HTML (or plain text) → clean paragraphs of plain text. Text with no tags at all is read as
 * plain text, where blank lines separate paragraphs.
 */
export function htmlToParagraphs(html: string): string[] {
  // No tag and no entity: nothing for the parser to do (most tags, authors and headlines).
  if (!MARKUP.test(html)) return paragraphsOf(html.split(/\n[^\S\n]*\n/));
  const chunks: string[] = [];
  let dropDepth = 0;
  let sawTag = false;
  const parser = new Parser(
    {
      onopentag(name) {
        sawTag = true;
        if (DROPPED.has(name)) dropDepth++;
        else if (BLOCK.has(name)) chunks.push(BREAK);
        else if (SPACED.has(name)) chunks.push(' ');
      },
      onclosetag(name) {
        sawTag = true;
        if (DROPPED.has(name)) dropDepth = Math.max(0, dropDepth - 1);
        else if (BLOCK.has(name)) chunks.push(BREAK);
        else if (SPACED.has(name)) chunks.push(' ');
      },
      ontext(text) {
        if (dropDepth === 0) chunks.push(text.replaceAll(BREAK, ''));
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();

  const text = chunks.join('');
  return paragraphsOf(sawTag ? text.split(BREAK) : text.split(/\n[^\S\n]*\n/));
}

function paragraphsOf(raw: string[]): string[] {
  const paragraphs: string[] = [];
  for (const piece of raw) {
    const line = cleanLine(piece);
    if (line) paragraphs.push(line);
  }
  return paragraphs;
}

export function htmlToText(html: string): string {
  return htmlToParagraphs(html).join('\n\n');
}

/** Headline, dek, alt text: cleaned like a body, then made one line. */
export function htmlToLine(html: string): string {
  return htmlToParagraphs(html).join(' ');
}
