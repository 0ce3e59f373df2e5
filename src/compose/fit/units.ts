/** How strong the break before a unit is; parts prefer to end at the strongest one. */
export const HARD = 0; // sentence, line or paragraph
export const CLAUSE = 1;
export const WORD = 2;
export const CUT = 3; // inside a token too long for any part
export type BreakLevel = typeof HARD | typeof CLAUSE | typeof WORD | typeof CUT;

/** What a unit can still be split into. */
export const SENTENCE = 0;
export const CLAUSES = 1;
export const ATOM = 2; // a word, URL, hashtag or mention: only cut when longer than a part
export type UnitKind = typeof SENTENCE | typeof CLAUSES | typeof ATOM;

export interface Unit {
  start: number;
  end: number;
  /** The platform's measure of the unit alone; Infinity when not measured yet (the rest of a cut run). */
  est: number;
  /** Code units of white space between the previous unit and this one: their estimated measure. */
  gap: number;
  level: BreakLevel;
  kind: UnitKind;
}
