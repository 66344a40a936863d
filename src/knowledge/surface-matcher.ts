import { segmentAll } from './analyzer.js';
import { CLASSIFIERS, isHan, normalizeText } from './normalize.js';
import { splitSyllable, syllableSimilarity, syllables } from './pinyin.js';

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
/** Demonstratives, classifiers and particles: an n-gram made only of these points rather than names. */
const POINTING = new Set(Array.from(`那这哪${CLASSIFIERS}的了呢吗`));

/** A SKU code as written in aliases (hg-c1020, cj-ft-1001, qy-gb-8201): capture = its trailing digits. */
const SKU = /^[a-z]{1,4}(?:-[a-z0-9]{1,8})*-[a-z]{0,3}(\d{3,})$/;

export function compact(text: string): string {
  return normalizeText(text).replace(/\s+/g, '');
}

/**
 * Finds mentions of named entities (products by name/alias/SKU, competitor brands) in a
 * query: exact surface forms, pinyin homophones (一个名字的同音错字) and near-homophones with one
 * initial slip (zh/z, sh/s), trailing SKU digits (the last digits of a SKU code), and, weakest,
 * distinctive shared words (防风…冲峰衣 → 防风冲锋衣).
 */
export class SurfaceMatcher {
  private forms: Form[] = [];
  private readonly byFirstChar = new Map<string, Form[]>();
  private readonly byFinals = new Map<string, Form[]>();
  private readonly wordIdf = new Map<string, number>();
  /** Per entity: its name words (≥ 2 Han characters) as syllable strings. */
  private readonly entityWords = new Map<string, Set<string>>();
  private readonly wordIndex = new Map<string, string[]>();
  private readonly skuDigits = new Map<string, Set<string>>();
  private readonly skuCodes: { code: string; entityId: string }[] = [];

  constructor(entries: { entityId: string; forms: string[] }[]) {
    const byText = new Map<string, Set<string>>();
    for (const e of entries) {
      for (const f of e.forms) {
        const t = compact(f);
        if (Array.from(t).length < 2) continue;
        if (!byText.has(t)) byText.set(t, new Set());
        byText.get(t)?.add(e.entityId);
        // A SKU code (HG-C1020, CJ-FT-1001): its trailing digits and the code itself, for partial mentions.
        const sku = SKU.exec(t);
        if (sku?.[1]) {
          if (!this.skuDigits.has(sku[1])) this.skuDigits.set(sku[1], new Set());
          this.skuDigits.get(sku[1])?.add(e.entityId);
          this.skuCodes.push({ code: t, entityId: e.entityId });
        }
      }
      // Han n-grams (2–4 characters) of every name form, as syllables: independent of how
      // the tokenizer happens to segment a name, and homophone-tolerant.
      const words = new Set<string>();
      for (const f of e.forms) {
        for (const run of compact(f).match(/\p{Script=Han}{2,}/gu) ?? []) {
          const syl = syllables(run);
          const chars = Array.from(run);
          for (let n = 2; n <= 4; n++) {
            for (let i = 0; i + n <= syl.length; i++) {
              // 那个, 这台, 的那款: pointing words inside an alias (挂耳那个) name nothing.
              if (chars.slice(i, i + n).every((c) => POINTING.has(c))) continue;
              words.add(syl.slice(i, i + n).join(' '));
            }
          }
        }
        // Latin model codes inside names (B5, Pro, Lite, GT) are distinctive words too.
        for (const tok of latinTokens(compact(f))) words.add(tok);
      }
      this.entityWords.set(e.entityId, words);
    }
    for (const [text, ids] of byText) {
      for (const entityId of ids) {
        this.forms.push({ entityId, text, chars: Array.from(text), syl: syllables(text), shared: ids.size });
      }
    }
    for (const f of this.forms) {
      const first = f.chars[0] ?? '';
      this.byFirstChar.set(first, [...(this.byFirstChar.get(first) ?? []), f]);
      if (f.chars.filter(isHan).length >= 2 && isHan(f.chars[0] ?? '') && isHan(f.chars[1] ?? '')) {
        const key = finalsKey(f.syl[0], f.syl[1]);
        this.byFinals.set(key, [...(this.byFinals.get(key) ?? []), f]);
      }
    }
    const n = entries.length;
    const df = new Map<string, number>();
    for (const ws of this.entityWords.values()) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
    for (const [w, d] of df) this.wordIdf.set(w, Math.log(1 + n / d));
    for (const [id, ws] of this.entityWords) {
      for (const w of ws) {
        const list = this.wordIndex.get(w);
        if (list) list.push(id);
        else this.wordIndex.set(w, [id]);
      }
    }
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
    // Candidates from two small indexes: forms by first character (exact) and by the finals
    // of their first two syllables (homophones and initial slips keep the finals).
    const cands: { i: number; f: Form; how: SurfaceMatch['how']; score: number }[] = [];
    for (let i = 0; i < qChars.length; i++) {
      for (const f of this.byFirstChar.get(qChars[i] ?? '') ?? []) {
        if (qChars.slice(i, i + f.chars.length).join('') === f.text) cands.push({ i, f, how: 'exact', score: 1 });
      }
      for (const f of this.byFinals.get(finalsKey(qSyl[i], qSyl[i + 1])) ?? []) {
        const len = f.chars.length;
        if (i + len > qChars.length || qChars.slice(i, i + len).join('') === f.text) continue;
        const sims = f.syl.map((s, k) => syllableSimilarity(s, qSyl[i + k] ?? ''));
        const slips = sims.filter((x) => x < 1).length;
        if (sims.every((x) => x > 0) && (slips === 0 || (slips === 1 && len >= 3))) {
          cands.push({ i, f, how: 'pinyin', score: slips === 0 ? 0.9 : 0.7 });
        }
      }
    }
    // Longest forms first; a span is used by one form length only.
    cands.sort((a, b) => b.f.chars.length - a.f.chars.length || b.score - a.score);
    for (const { i, f, how, score } of cands) {
      const len = f.chars.length;
      if (!spanFree(i, i + len) && !found.some((m) => m.start === i && m.end === i + len)) continue;
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
    for (const m of q.matchAll(/\d{3,}/g)) {
      const ids = this.skuDigits.get(m[0]);
      if (!ids) continue;
      const start = Array.from(q.slice(0, m.index)).length;
      for (const id of ids) {
        found.push({ entityId: id, score: 0.8 / ids.size, matched: m[0], start, end: start + m[0].length, how: 'sku' });
      }
    }
    // The start of one product's SKU code (CJ-FT-10 for CJ-FT-1001), when no other code starts so.
    for (const m of q.matchAll(/[a-z]{1,4}-[a-z0-9-]*\d/g)) {
      if (this.skuCodes.some((c) => c.code === m[0])) continue;
      const ids = new Set(this.skuCodes.filter((c) => c.code.startsWith(m[0])).map((c) => c.entityId));
      const [id] = ids;
      if (ids.size !== 1 || !id) continue;
      const start = Array.from(q.slice(0, m.index)).length;
      found.push({ entityId: id, score: 0.8, matched: m[0], start, end: start + Array.from(m[0]).length, how: 'sku' });
    }
    found.push(...this.matchWords(q, found));
    return bestPerEntity(found);
  }

  /**
   * Weak evidence from distinctive name words found in the query by sound (so 冲峰衣 finds
   * 冲锋衣); needs enough rarity-weighted evidence to count.
   */
  private matchWords(q: string, already: SurfaceMatch[]): SurfaceMatch[] {
    const have = new Set(already.map((m) => m.entityId));
    const qChars = Array.from(q);
    const qSyl = qChars.map((ch) => (isHan(ch) ? syllables(ch)[0] : undefined));
    // Query n-grams (2–4 Han characters), longest first, looked up in the inverted map.
    // Where the segmenter's words start and end: an n-gram that begins inside one word of two or
    // more characters and ends inside another (网上|一千 → 上一) joins two words; it names nothing.
    const inside = new Uint8Array(qSyl.length + 1);
    let at = 0;
    for (const t of segmentAll(q)) {
      const len = Array.from(t).length;
      if (len >= 2) for (let k = at + 1; k < at + len; k++) inside[k] = 1;
      at += len;
    }
    const grams: string[] = [];
    for (let n = 4; n >= 2; n--) {
      for (let i = 0; i + n <= qSyl.length; i++) {
        if (inside[i] && inside[i + n]) continue;
        // Right after a number comes its unit (7公斤半, 两百多块): a measure, not a name.
        if (i > 0 && /[0-9两几十百千万]/.test(qChars[i - 1] ?? '')) continue;
        const part = qSyl.slice(i, i + n);
        if (part.every(Boolean)) grams.push(part.join(' '));
      }
    }
    grams.push(...latinTokens(q));
    const maxIdf = Math.log(1 + this.entityWords.size);
    const hits = new Map<string, string[]>();
    for (const g of grams) {
      for (const id of this.wordIndex.get(g) ?? []) {
        if (have.has(id)) continue;
        const list = hits.get(id) ?? [];
        // Skip an n-gram contained in a longer one already counted (电动牙刷 ⊃ 牙刷).
        if (list.some((h) => h.includes(g))) continue;
        list.push(g);
        hits.set(id, list);
      }
    }
    const out: SurfaceMatch[] = [];
    for (const [id, list] of hits) {
      const sum = list.reduce((s, w) => s + (this.wordIdf.get(w) ?? 0), 0);
      const score = Math.min(0.65, (0.5 * sum) / maxIdf);
      if (score >= 0.25) out.push({ entityId: id, score, matched: list.join('+'), start: -1, end: -1, how: 'words' });
    }
    return out;
  }
}

/** Letter-bearing alphanumeric tokens of 2+ characters (b5, pro, gt); pure digits are SKU tails, handled apart. */
function latinTokens(text: string): string[] {
  return (text.match(/[a-z0-9]{2,}/g) ?? []).filter((t) => /[a-z]/.test(t));
}

function finalsKey(a: string | undefined, b: string | undefined): string {
  return `${splitSyllable(a ?? '')[1]}|${splitSyllable(b ?? '')[1]}`;
}

function bestPerEntity(found: SurfaceMatch[]): SurfaceMatch[] {
  const best = new Map<string, SurfaceMatch>();
  for (const m of found) {
    const b = best.get(m.entityId);
    if (!b || m.score > b.score) best.set(m.entityId, m);
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}
