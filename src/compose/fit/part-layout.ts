import type { Measurer } from './measurer.js';

/**
 * A part's layout: the body, then "…" when the thread stops short, then the hashtags placed after
 * the body, then the link on its own line, then " n/N". The planner reserves room with
 * `PartLayout.reserve` and the renderer writes with `PartLayout.write` from the one definition:
 * were they to drift apart, the renderer's last-resort cut would hide it in valid but clipped posts.
 */

/** What a part carries besides its body. */
export interface Decorations {
  /** The thread stops here with text left over: the body ends with "…". */
  ellipsis: boolean;
  /** The article link goes on its own line after the body. */
  link: boolean;
  /** " n/N" ends the part when the thread has more than one. */
  numbered: boolean;
}

/** Room kept after a part's body for its decorations, in one limit. */
export interface Reservation {
  /** What the part will carry: decorations that cannot fit beside a single character are given up. */
  decorations: Decorations;
  /** The widest text `write` adds for those decorations. */
  text: string;
  /** The platform's measure of `text`, for estimates. */
  measure: number;
  /** Whether `body` and the reserved text fit the limit, exactly as the platform counts. */
  fits(body: string): boolean;
}

/** Where a part stands in its thread, which its numbering says. */
export interface ThreadPosition {
  index: number;
  total: number;
}

/** The widest form of the ellipsis `write` puts after a body. */
const WIDEST_ELLIPSIS = ' …';
const LINK_SEPARATOR = '\n';
const ENDS_IN_WORD = /[\p{L}\p{M}\p{N}]$/u;
const ENDS_IN_TOKEN = /(?:[#@$＃＠]|https?:\/\/)\S*$/u;

/** How the numbering written by `numberingMark` is found again at the end of a part. */
export const NUMBERING_MARK = /\s\d+\/\d+$/u;

/** "…" joins a word directly; after punctuation, a link, a hashtag or a mention it stands apart. */
function ellipsisAfter(body: string): string {
  return ENDS_IN_WORD.test(body) && !ENDS_IN_TOKEN.test(body) ? '…' : WIDEST_ELLIPSIS;
}

export function numberingMark(position: ThreadPosition): string {
  return ` ${position.index + 1}/${position.total}`;
}

/** Digits the numbering of a thread of `count` parts needs on each side of the slash. */
export function numberingWidth(count: number): number {
  return String(count).length;
}

/** The widest numbering of a thread whose count has `width` digits. */
export function numberingReserve(width: number): string {
  const widest = '9'.repeat(width);
  return ` ${widest}/${widest}`;
}

/** The link on its own line after `text`; alone when there is no text. */
export function withLinkLine(text: string, link: string): string {
  return text === '' ? link : text + LINK_SEPARATOR + link;
}

export class PartLayout {
  private readonly numbering: string;
  /** Memoised: every part of a thread asks about one of a few reserved texts. */
  private readonly reservedMeasures = new Map<string, number>();
  private readonly feasible = new Map<string, boolean>();

  /** `width`: digits reserved on each side of the numbering's slash, 0 for no numbering. */
  constructor(
    readonly link: string,
    width: number,
    private readonly measurer: Measurer,
  ) {
    this.numbering = width > 0 ? numberingReserve(width) : '';
  }

  /** The room `wanted` takes after a body in `limit`, giving up the link, then numbering, then "…" where they cannot fit. */
  reserve(limit: number, wanted: Decorations): Reservation {
    const decorations = { ...wanted, numbered: wanted.numbered && this.numbering !== '' };
    let reserved = this.reservedText(decorations);
    // What cannot fit even beside one character (a link longer than a whole post) is given up,
    // link first, so that the text itself still goes out.
    while (!this.fitsBesideOneCharacter(reserved, limit)) {
      if (decorations.link) decorations.link = false;
      else if (decorations.numbered) decorations.numbered = false;
      else decorations.ellipsis = false;
      reserved = this.reservedText(decorations);
    }
    return {
      decorations,
      text: reserved,
      measure: this.measureReserved(reserved),
      fits: (body) => this.measurer.fits(body + reserved, limit),
    };
  }

  /**
   * The part as it goes out. `addTrailing` puts what follows the ellipsis and precedes the link
   * (the hashtags placed after the body); planning reserved no room for it.
   */
  write(body: string, decorations: Decorations, position: ThreadPosition, addTrailing: (text: string) => string): string {
    const ended = decorations.ellipsis ? body + ellipsisAfter(body) : body;
    const trailed = addTrailing(ended);
    const linked = decorations.link ? withLinkLine(trailed, this.link) : trailed;
    return decorations.numbered && position.total > 1 ? linked + numberingMark(position) : linked;
  }

  /** The widest text `write` adds for these decorations: every form it writes is no wider. */
  private reservedText(decorations: Decorations): string {
    return (
      (decorations.ellipsis ? WIDEST_ELLIPSIS : '') +
      (decorations.link ? LINK_SEPARATOR + this.link : '') +
      (decorations.numbered ? this.numbering : '')
    );
  }

  private fitsBesideOneCharacter(reserved: string, limit: number): boolean {
    const key = `${limit}\u0000${reserved}`;
    let fits = this.feasible.get(key);
    if (fits === undefined) {
      fits = reserved === '' || this.measurer.fits(`x${reserved}`, limit);
      this.feasible.set(key, fits);
    }
    return fits;
  }

  private measureReserved(reserved: string): number {
    let measure = this.reservedMeasures.get(reserved);
    if (measure === undefined) {
      measure = reserved === '' ? 0 : this.measurer.measure(reserved);
      this.reservedMeasures.set(reserved, measure);
    }
    return measure;
  }
}
