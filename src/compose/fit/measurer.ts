import type { PlatformProfile } from '../../platforms/profile.js';

/** The platform's counts, memoised for one fitting: a part is often checked again when it is written. */
export interface Measurer {
  fits(text: string, limit: number): boolean;
  measure(text: string): number;
  /** The measure when the text fits, else undefined; one count on profiles that offer it. */
  lengthIfFits(text: string, limit: number): number | undefined;
}

export function measurer(profile: PlatformProfile): Measurer {
  const fitsMemo = new Map<string, boolean>();
  const lengths = new Map<string, number>();
  const key = (text: string, limit: number): string => `${limit}\u0000${text}`;
  const measure = (text: string): number => {
    let n = lengths.get(text);
    if (n === undefined) {
      n = profile.measure(text);
      lengths.set(text, n);
    }
    return n;
  };
  const fits = (text: string, limit: number): boolean => {
    const k = key(text, limit);
    let r = fitsMemo.get(k);
    if (r === undefined) {
      r = profile.fits(text, limit);
      fitsMemo.set(k, r);
    }
    return r;
  };
  return {
    fits,
    measure,
    lengthIfFits: (text, limit) => {
      const k = key(text, limit);
      const known = fitsMemo.get(k);
      if (known === false) return undefined;
      if (known === true) return measure(text);
      if (!profile.lengthIfFits) return fits(text, limit) ? measure(text) : undefined;
      const n = profile.lengthIfFits(text, limit);
      fitsMemo.set(k, n !== undefined);
      if (n !== undefined) lengths.set(text, n);
      return n;
    },
  };
}
