const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Lazily produces the ends of successive units (graphemes or code points) of a string. */
type Ends = () => number | undefined;

/**
 * No prefix crier looks for is longer than this: V8's segmenter slows down sharply on long
 * strings (4,096 steps into 200,000 characters took 5 s), so only this much is segmented.
 */
const WINDOW = 32_768;

function graphemeEnds(s: string): Ends {
  const windowed = s.length > WINDOW;
  const text = windowed ? s.slice(0, WINDOW) : s;
  const it = graphemeSegmenter.segment(text)[Symbol.iterator]();
  return () => {
    const r = it.next();
    if (r.done) return undefined;
    const end = r.value.index + r.value.segment.length;
    // The window's last cluster may go on past it: not a boundary to offer.
    return windowed && end >= text.length ? undefined : end;
  };
}

function codePointEnds(s: string): Ends {
  let at = 0;
  return () => {
    if (at >= s.length) return undefined;
    at += (s.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
    return at;
  };
}

/**
 * Longest prefix of `s`, in whole units, for which `ok` holds (0 when not even one unit does).
 * Gallops from the short end, so cutting a part off a 5,000-character run measures about a part's
 * worth of text rather than the whole run.
 */
function longestPrefix(next: Ends, ok: (end: number) => boolean): number {
  const ends: number[] = [0];
  let exhausted = false;
  const endAt = (n: number): number | undefined => {
    while (!exhausted && ends.length <= n) {
      const e = next();
      if (e === undefined) exhausted = true;
      else ends.push(e);
    }
    return ends[n];
  };
  let good = 0;
  let bad = -1;
  let step = 1;
  while (bad < 0) {
    const probe = good + step;
    const e = endAt(probe);
    if (e === undefined) {
      const last = ends.length - 1;
      if (last === good) return ends[good] ?? 0;
      const lastEnd = ends[last] ?? 0;
      if (ok(lastEnd)) return lastEnd;
      bad = last;
      break;
    }
    if (ok(e)) {
      good = probe;
      step *= 2;
    } else {
      bad = probe;
    }
  }
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (ok(endAt(mid) ?? 0)) good = mid;
    else bad = mid;
  }
  return ends[good] ?? 0;
}

export function longestGraphemePrefix(s: string, ok: (end: number) => boolean): number {
  return longestPrefix(graphemeEnds(s), ok);
}

/** Last resort for a single grapheme cluster that alone exceeds a part (hundreds of combining marks). */
export function longestCodePointPrefix(s: string, ok: (end: number) => boolean): number {
  return longestPrefix(codePointEnds(s), ok);
}
