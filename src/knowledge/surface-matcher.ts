import { searchWords } from './analyzer.js';
import { isHan, normalizeText } from './normalize.js';
import { syllableSimilarity, syllables } from './pinyin.js';

export interface SurfaceMatch {
  entityId: string;
  score: number;
  /** The text that matched, as written in the query. */
  matched: string;
  /** Character offsets in the compacted query (no whitespace). */
  start: number;
  end: number;
  /** How it matched: exact surface form, homophone/near-homophone pinyin, SKU digits, or shared words. */
  how: 'exact' | 'pinyin' | 'sku' | 'words';
}

interface Form {
  entityId: string;
  text: string;
  chars: string[];
  syl: string[];
  /** How many entities share this surface form. */
  shared: number;
}

/** Compacts a text for span matching: normalized, whitespace removed. */
export function compact(text: string): string {
  return normalizeText(text).replace(/\s+/g, '');
}

/**
 * Finds mentions of named entities (products by name/alias/SKU, competitor brands) in a
 * query: exact surface forms, pinyin homophones (精化→精华) and near-homophones with one
 * initial slip (乳胶沈→乳胶枕), trailing SKU digits (6101 → QY-OD-6101), and, weakest,
 * distinctive shared words (轻量…冲峰衣 → 轻量冲锋衣).
 */
export class SurfaceMatcher {
  private forms: Form[] = [];
  private readonly wordIdf = new Map<string, number>();
  /** Per entity: its name words (≥ 2 Han characters) as syllable strings. */
  private readonly entityWords = new Map<string, Set<string>>();
  private readonly skuDigits = new Map<string, Set<string>>();

  constructor(entries: { entityId: string; forms: string[] }[]) {
    const byText = new Map<string, Set<string>>();
    for (const e of entries) {
      for (const f of e.forms) {
        const t = compact(f);
        if (Array.from(t).length < 2) continue;
        if (!byText.has(t)) byText.set(t, new Set());
        byText.get(t)?.add(e.entityId);
        const digits = /^[a-z]{1,4}(?:-[a-z0-9]{1,6})*-(\d{3,})$/.exec(t)?.[1];
        if (digits) {
          if (!this.skuDigits.has(digits)) this.skuDigits.set(digits, new Set());
          this.skuDigits.get(digits)?.add(e.entityId);
        }
      }
      const words = new Set<string>();
      for (const f of e.forms) {
        for (const w of searchWords(f)) {
          if (Array.from(w).filter(isHan).length < 2) continue;
          words.add(syllables(w).join(' '));
        }
      }
      this.entityWords.set(e.entityId, words);
    }
    for (const [text, ids] of byText) {
      for (const entityId of ids) {
        this.forms.push({ entityId, text, chars: Array.from(text), syl: syllables(text), shared: ids.size });
      }
    }
    // Longest forms first so a longer span wins an overlap.
    this.forms.sort((a, b) => b.chars.length - a.chars.length);
    const n = entries.length;
    const df = new Map<string, number>();
    for (const ws of this.entityWords.values()) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
    for (const [w, d] of df) this.wordIdf.set(w, Math.log(1 + n / d));
  }

  /** All entity mentions in the query, best score per entity, best first. */
  match(query: string): SurfaceMatch[] {
    const q = compact(query);
    const qChars = Array.from(q);
    const qSyl = syllables(q);
    const found: SurfaceMatch[] = [];
    const taken: boolean[] = new Array(qChars.length).fill(false);
    const spanFree = (s: number, e: number) => taken.slice(s, e).every((x) => !x);
    const take = (s: number, e: number) => {
      for (let i = s; i < e; i++) taken[i] = true;
    };
    // Exact and pinyin matches, longest forms first; a span is used by one form length only.
    for (const f of this.forms) {
      const len = f.chars.length;
      for (let i = 0; i + len <= qChars.length; i++) {
        const exact = qChars.slice(i, i + len).join('') === f.text;
        let how: SurfaceMatch['how'] | undefined = exact ? 'exact' : undefined;
        let score = exact ? 1 : 0;
        if (!exact && f.chars.filter(isHan).length >= 2) {
          const sims = f.syl.map((s, k) => syllableSimilarity(s, qSyl[i + k] ?? ''));
          const slips = sims.filter((x) => x < 1).length;
          if (sims.every((x) => x > 0) && (slips === 0 || (slips === 1 && len >= 3))) {
            how = 'pinyin';
            score = slips === 0 ? 0.9 : 0.7;
          }
        }
        if (!how) continue;
        const overlapsOther = !spanFree(i, i + len);
        if (overlapsOther && !found.some((m) => m.start === i && m.end === i + len)) continue;
        found.push({
          entityId: f.entityId,
          score: score / f.shared,
          matched: qChars.slice(i, i + len).join(''),
          start: i,
          end: i + len,
          how,
        });
        take(i, i + len);
      }
    }
    for (const m of q.matchAll(/\d{3,}/g)) {
      const ids = this.skuDigits.get(m[0]);
      if (!ids) continue;
      const start = Array.from(q.slice(0, m.index)).length;
      for (const id of ids) {
        found.push({ entityId: id, score: 0.8 / ids.size, matched: m[0], start, end: start + m[0].length, how: 'sku' });
      }
    }
    found.push(...this.matchWords(q, found));
    return bestPerEntity(found);
  }

  /**
   * Weak evidence from distinctive name words found in the query by sound (so 冲峰衣 finds
   * 冲锋衣); needs enough rarity-weighted evidence to count.
   */
  private matchWords(q: string, already: SurfaceMatch[]): SurfaceMatch[] {
    const qSyl = ` ${syllables(q).join(' ')} `;
    const have = new Set(already.map((m) => m.entityId));
    const maxIdf = Math.log(1 + this.entityWords.size);
    const out: SurfaceMatch[] = [];
    for (const [id, words] of this.entityWords) {
      if (have.has(id)) continue;
      let sum = 0;
      const hits: string[] = [];
      for (const w of [...words].sort((a, b) => b.length - a.length)) {
        if (!qSyl.includes(` ${w} `)) continue;
        // Skip a word contained in a longer word already counted (电动牙刷 ⊃ 牙刷).
        if (hits.some((h) => h.includes(w))) continue;
        sum += this.wordIdf.get(w) ?? 0;
        hits.push(w);
      }
      if (hits.length === 0) continue;
      const score = Math.min(0.65, (0.5 * sum) / maxIdf);
      if (score >= 0.25) out.push({ entityId: id, score, matched: hits.join('+'), start: -1, end: -1, how: 'words' });
    }
    return out;
  }
}

function bestPerEntity(found: SurfaceMatch[]): SurfaceMatch[] {
  const best = new Map<string, SurfaceMatch>();
  for (const m of found) {
    const b = best.get(m.entityId);
    if (!b || m.score > b.score) best.set(m.entityId, m);
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}
