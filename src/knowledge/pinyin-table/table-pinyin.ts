import table from './char-pinyin.json' with { type: 'json' };

let lookup: Map<string, string> | undefined;

/**
 * Toneless pinyin of one character from the bundled table (char-pinyin.json, written from
 * `@napi-rs/pinyin`), for runtimes where the native addon cannot load (Cloudflare Workers).
 * Same contract as the native source: '' for a non-Han character, the character itself for
 * a Han character without a reading. The map is built on first use (~41k entries, a few ms).
 */
export function tablePinyin(ch: string, isHan: (ch: string) => boolean): string {
  if (!isHan(ch)) return '';
  if (!lookup) {
    lookup = new Map();
    for (const [syllable, chars] of Object.entries(table.syllables as Record<string, string>)) {
      for (const c of chars) lookup.set(c, syllable);
    }
  }
  return lookup.get(ch) ?? ch;
}
