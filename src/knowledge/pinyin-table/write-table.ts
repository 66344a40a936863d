import { writeFileSync } from 'node:fs';
import { isHan } from '../normalize.js';
import { nativePinyin } from '../pinyin.js';

/**
 * Writes char-pinyin.json: the toneless pinyin `@napi-rs/pinyin` gives each Han character
 * (first reading), grouped by syllable. Characters it returns unchanged are left out (the
 * table source returns them unchanged too). Run: `npx tsx src/knowledge/pinyin-table/write-table.ts`.
 */
const bySyllable = new Map<string, string[]>();
let count = 0;
for (let cp = 0; cp <= 0x3ffff; cp++) {
  const ch = String.fromCodePoint(cp);
  if (!isHan(ch)) continue;
  const p = nativePinyin(ch, isHan);
  if (p === '' || p === ch) continue;
  bySyllable.set(p, [...(bySyllable.get(p) ?? []), ch]);
  count++;
}
const syllables = Object.fromEntries(
  [...bySyllable.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([s, chars]) => [s, chars.join('')]),
);
const out = new URL('./char-pinyin.json', import.meta.url);
writeFileSync(
  out,
  `${JSON.stringify({ source: '@napi-rs/pinyin 1.7.7, style Plain, first reading', count, syllables }, null, 2)}\n`,
);
process.stdout.write(`${count} characters, ${bySyllable.size} syllables → ${out.pathname}\n`);
