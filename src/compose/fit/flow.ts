import { twitterText } from '../../platforms/twitter-text.js';
import { isSpaceCode, splitClauses, splitSentences } from '../sentences.js';
import { isSafeBreak } from './breaks.js';
import { longestCodePointPrefix, longestGraphemePrefix } from './graphemes.js';
import { locate, settle, trimRange, wordPieces, type Piece } from './pieces.js';
import { ATOM, CLAUSE, CLAUSES, CUT, HARD, SENTENCE, WORD, type BreakLevel, type Unit, type UnitKind } from './units.js';

/** Characters without which a run holds no URL, hashtag, mention or cashtag. */
const ENTITY_MARK = /[#@$.:＃＠]/u;
/** Longer runs are not searched for entities (a link this long fits no post on any platform). */
const MAX_ENTITY_RUN = 8192;

/** Calls `visit` with each run of non-white-space characters. */
function forEachRun(text: string, visit: (from: number, to: number) => void): void {
  let at = 0;
  const length = text.length;
  while (at < length) {
    while (at < length && isSpaceCode(text.charCodeAt(at))) at++;
    const from = at;
    while (at < length && !isSpaceCode(text.charCodeAt(at))) at++;
    if (at > from) visit(from, at);
  }
}

/** `array.splice(index, 1, ...items)` without spreading: a million words would overflow the call stack. */
function replaceAt<T>(array: T[], index: number, items: readonly T[]): void {
  const tail = array.splice(index + 1);
  array.length = index;
  for (const item of items) array.push(item);
  for (const item of tail) array.push(item);
}

/** Where a template put the hashtag slot, in the text with the slot removed. */
export interface Slot {
  at: number;
  /** White space just before and after the slot, to lay the hashtags out as the template did. */
  before: string;
  after: string;
}

/**
 * The text of one template part as a sequence of units, sentences first, refined into clauses
 * and words only where a part has to end inside them. Unit estimates let the packer choose a
 * part's end with one or two exact measurements instead of one per token.
 */
export class Flow {
  /** The content without surrounding white space, widened where a cluster starts with a space. */
  readonly start: number;
  readonly end: number;
  private ranges: Piece[] | undefined;
  private built: Unit[] | undefined;

  constructor(
    readonly text: string,
    readonly slots: readonly Slot[],
    private readonly url: string,
    private readonly measure: (text: string) => number,
  ) {
    const trimmed = trimRange(text, 0, text.length);
    let start = trimmed.start;
    let end = trimmed.end;
    while (start > 0 && !isSafeBreak(text, start)) start--;
    while (end < text.length && !isSafeBreak(text, end)) end++;
    this.start = start;
    this.end = end;
  }

  get isEmpty(): boolean {
    return this.start >= this.end;
  }

  get units(): Unit[] {
    this.built ??= this.build();
    return this.built;
  }

  content(from: number, to: number): string {
    return this.text.slice(from, to);
  }

  readonly isProtected = (at: number): boolean => {
    const ranges = this.protectedRanges();
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const range = ranges[mid];
      if (!range) break;
      if (at <= range.start) hi = mid - 1;
      else if (at >= range.end) lo = mid + 1;
      else return true;
    }
    return false;
  };

  /** Replaces a unit by its clauses or words; a unit that has none becomes the next kind. */
  refine(index: number): void {
    const units = this.units;
    const unit = units[index];
    if (!unit || unit.kind === ATOM) return;
    const fromSentence = unit.kind === SENTENCE;
    const raw = fromSentence
      ? locate(this.text, unit.start, unit.end, splitClauses(this.text.slice(unit.start, unit.end)))
      : wordPieces(this.text, unit.start, unit.end);
    const pieces = this.fitEnds(settle(this.text, raw, this.isProtected), unit.start, unit.end);
    const kind: UnitKind = fromSentence ? CLAUSES : ATOM;
    if (pieces.length <= 1) {
      unit.kind = kind;
      return;
    }
    replaceAt(units, index, this.toUnits(pieces, kind, unit.level, fromSentence ? CLAUSE : WORD, unit.gap));
  }

  /**
   * Cuts an atom longer than a part at the longest prefix `fits` accepts: at a grapheme boundary,
   * or inside one only for a cluster that alone exceeds a part. A code point that fits nowhere is
   * dropped so that fitting always ends.
   */
  cut(index: number, fits: (content: string) => boolean): void {
    const units = this.units;
    const unit = units[index];
    if (!unit) return;
    const atom = this.text.slice(unit.start, unit.end);
    const accept = (prefixEnd: number): boolean => fits(atom.slice(0, prefixEnd));
    let kept = longestGraphemePrefix(atom, accept);
    if (kept === 0) kept = longestCodePointPrefix(atom, accept);
    if (kept === 0) {
      unit.start += (atom.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
      if (unit.start >= unit.end) units.splice(index, 1);
      return;
    }
    if (kept >= atom.length) {
      unit.est = this.measure(atom);
      return;
    }
    const head: Unit = { ...unit, end: unit.start + kept, est: this.measure(atom.slice(0, kept)) };
    const tail: Unit = { start: unit.start + kept, end: unit.end, est: Infinity, gap: 0, level: CUT, kind: ATOM };
    units.splice(index, 1, head, tail);
  }

  private build(): Unit[] {
    if (this.isEmpty) return [];
    const pieces: Piece[] = [];
    let lineStart = this.start;
    while (lineStart < this.end) {
      let lineEnd = this.text.indexOf('\n', lineStart);
      if (lineEnd < 0 || lineEnd > this.end) lineEnd = this.end;
      const line = trimRange(this.text, lineStart, lineEnd);
      if (line.start < line.end) {
        const sentences = splitSentences(this.text.slice(line.start, line.end));
        for (const piece of locate(this.text, line.start, line.end, sentences)) pieces.push(piece);
      }
      lineStart = lineEnd + 1;
    }
    const settled = this.fitEnds(settle(this.text, pieces, this.isProtected), this.start, this.end);
    return this.toUnits(settled, SENTENCE, HARD, HARD, 0);
  }

  /** Splitters trim; the outer ends must stay where the caller's range (already cluster-safe) put them. */
  private fitEnds(pieces: Piece[], start: number, end: number): Piece[] {
    const first = pieces[0];
    const last = pieces[pieces.length - 1];
    if (!first || !last) return [{ start, end }];
    first.start = start;
    last.end = end;
    return pieces;
  }

  private toUnits(pieces: Piece[], kind: UnitKind, firstLevel: BreakLevel, level: BreakLevel, firstGap: number): Unit[] {
    let prevEnd = -1;
    return pieces.map((piece, pieceIndex) => {
      const unit: Unit = {
        start: piece.start,
        end: piece.end,
        est: this.measure(this.text.slice(piece.start, piece.end)),
        gap: pieceIndex === 0 ? firstGap : piece.start - prevEnd,
        level: pieceIndex === 0 ? firstLevel : level,
        kind,
      };
      prevEnd = piece.end;
      return unit;
    });
  }

  /** URLs, hashtags, mentions and cashtags (twitter-text's grammar) and the article link: never split. */
  private protectedRanges(): Piece[] {
    if (this.ranges) return this.ranges;
    const found: Piece[] = [];
    try {
      // Entities never span white space, so twitter-text reads one run at a time, and only runs
      // that could hold one: its grammar is superlinear on a long run (a 150,000-letter word took
      // seconds), and a run longer than any post is cut wherever it must be anyway.
      forEachRun(this.text, (from, to) => {
        if (to - from > MAX_ENTITY_RUN || !ENTITY_MARK.test(this.text.slice(from, to))) return;
        for (const entity of twitterText.extractEntitiesWithIndices(this.text.slice(from, to))) {
          found.push({ start: from + entity.indices[0], end: from + entity.indices[1] });
        }
      });
    } catch {
      // twitter-text has no documented failure; if it ever throws, white space still protects tokens.
    }
    if (this.url !== '') {
      for (let at = this.text.indexOf(this.url); at >= 0; at = this.text.indexOf(this.url, at + 1)) {
        found.push({ start: at, end: at + this.url.length });
      }
    }
    found.sort((left, right) => left.start - right.start);
    const merged: Piece[] = [];
    for (const range of found) {
      const last = merged[merged.length - 1];
      if (last && range.start < last.end) last.end = Math.max(last.end, range.end);
      else merged.push({ start: range.start, end: range.end });
    }
    this.ranges = merged;
    return merged;
  }
}
