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
    let length = lengths.get(text);
    if (length === undefined) {
      length = profile.measure(text);
      lengths.set(text, length);
    }
    return length;
  };
  const fits = (text: string, limit: number): boolean => {
    const memoKey = key(text, limit);
    let fitted = fitsMemo.get(memoKey);
    if (fitted === undefined) {
      fitted = profile.fits(text, limit);
      fitsMemo.set(memoKey, fitted);
    }
    return fitted;
  };
  return {
    fits,
    measure,
    lengthIfFits: (text, limit) => {
      const memoKey = key(text, limit);
      const known = fitsMemo.get(memoKey);
      if (known === false) return undefined;
      if (known === true) return measure(text);
      if (!profile.lengthIfFits) return fits(text, limit) ? measure(text) : undefined;
      const length = profile.lengthIfFits(text, limit);
      fitsMemo.set(memoKey, length !== undefined);
      if (length !== undefined) lengths.set(text, length);
      return length;
    },
  };
}
