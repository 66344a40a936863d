/** Identifier source; tests inject a counter for stable ids. */
export interface Ids {
  next(prefix?: string): string;
}

/** Random, time-sortable-enough ids from crypto.randomUUID (available in Node and Workers). */
export const randomIds: Ids = {
  next: (prefix = '') => `${prefix}${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`,
};

export function createCounterIds(): Ids {
  let n = 0;
  return { next: (prefix = '') => `${prefix}${(++n).toString().padStart(6, '0')}` };
}
