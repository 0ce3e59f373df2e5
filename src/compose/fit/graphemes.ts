const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Lazily produces the ends of successive units (graphemes or code points) of a string. */
type Ends = () => number | undefined;

/**
 * No prefix crier looks for is longer than this: V8's segmenter slows down sharply on long
 * strings (4,096 steps into 200,000 characters took 5 s), so only this much is segmented.
 */
const WINDOW = 32_768;

function graphemeEnds(whole: string): Ends {
  const windowed = whole.length > WINDOW;
  const text = windowed ? whole.slice(0, WINDOW) : whole;
  const clusters = graphemeSegmenter.segment(text)[Symbol.iterator]();
  return () => {
    const step = clusters.next();
    if (step.done) return undefined;
    const end = step.value.index + step.value.segment.length;
    // The window's last cluster may go on past it: not a boundary to offer.
    return windowed && end >= text.length ? undefined : end;
  };
}

function codePointEnds(text: string): Ends {
  let at = 0;
  return () => {
    if (at >= text.length) return undefined;
    at += (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
    return at;
  };
}

/**
 * Longest prefix, in whole units, for which `ok` holds (0 when not even one unit does).
 * Gallops from the short end, so cutting a part off a 5,000-character run measures about a part's
 * worth of text rather than the whole run.
 */
function longestPrefix(next: Ends, ok: (end: number) => boolean): number {
  const ends: number[] = [0];
  let exhausted = false;
  const endAt = (count: number): number | undefined => {
    while (!exhausted && ends.length <= count) {
      const end = next();
      if (end === undefined) exhausted = true;
      else ends.push(end);
    }
    return ends[count];
  };
  let good = 0;
  let bad = -1;
  let step = 1;
  while (bad < 0) {
    const probe = good + step;
    const end = endAt(probe);
    if (end === undefined) {
      const last = ends.length - 1;
      if (last === good) return ends[good] ?? 0;
      const lastEnd = ends[last] ?? 0;
      if (ok(lastEnd)) return lastEnd;
      bad = last;
      break;
    }
    if (ok(end)) {
      good = probe;
      step *= 2;
    } else {
      bad = probe;
    }
  }
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    if (ok(endAt(middle) ?? 0)) good = middle;
    else bad = middle;
  }
  return ends[good] ?? 0;
}

export function longestGraphemePrefix(text: string, ok: (end: number) => boolean): number {
  return longestPrefix(graphemeEnds(text), ok);
}

/** Last resort for a single grapheme cluster that alone exceeds a part (hundreds of combining marks). */
export function longestCodePointPrefix(text: string, ok: (end: number) => boolean): number {
  return longestPrefix(codePointEnds(text), ok);
}
