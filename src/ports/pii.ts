/** A kind of personal data the masker recognises. */
export type PiiKind = 'mobile' | 'id_card' | 'bank_card' | 'person_name';

/** One piece of personal data found in a text. */
export interface PiiMatch {
  kind: PiiKind;
  /** UTF-16 offsets of the match in the original text (end exclusive). */
  start: number;
  end: number;
  /** The normalised value: ASCII digits only (and a trailing X for ID numbers). */
  value: string;
  /** The masked rendering that replaces the match, e.g. `*******8000` (a person_name is unchanged). */
  masked: string;
}

/** Masks personal data (phones, ID numbers, bank cards) in any text that is stored, logged or sent to an LLM. */
export interface PiiMasker {
  mask(text: string): string;
  /**
   * Lists the personal data in a text without changing it (optional: the feedback feature
   * links customers by it). Also reports `person_name` (王女士), which `mask` leaves as is.
   */
  find?(text: string): PiiMatch[];
}

export const noMasking: PiiMasker = { mask: (t) => t, find: () => [] };
