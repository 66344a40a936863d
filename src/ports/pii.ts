/** Masks personal data (phones, ID numbers, bank cards) in any text that is stored, logged or sent to an LLM. */
export interface PiiMasker {
  mask(text: string): string;
}

export const noMasking: PiiMasker = { mask: (t) => t };
