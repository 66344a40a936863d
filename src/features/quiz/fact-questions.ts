import type { KnowledgeBase, ProductDoc } from '../../ports/knowledge.js';
import { clip, docText, norm, sellingLines, siblingsOf, specFacts } from './pack-facts.js';
import type { QuestionDraft } from './question-draft.js';

const NUMBER_UNIT =
  /(\d+(?:\.\d+)?)\s*(%|[a-zA-Zμ℃°²]+(?:\/[a-zA-Z²]+)?|个月|小时|分钟|[名天次年周秒倍档层片粒支瓶罐包袋张元度块岁])/g;

/** A number that is part of a range, a sign or a date is a poor blank (3–5 分钟, -20℃, 2026 年). */
function isPlainNumber(sentence: string, m: RegExpMatchArray): boolean {
  const before = sentence.slice(Math.max(0, (m.index ?? 0) - 2), m.index).trim();
  const after = sentence.slice((m.index ?? 0) + m[0].length).trimStart();
  if (/[-–—~～至到×xX*]$/.test(before) || /^[-–—~～至到×xX*]/.test(after)) return false;
  return !(m[2] === '年' && Number(m[1]) >= 1900);
}

/** Spec facts (净含量、功率…) with the same label's values of sibling products as distractors. */
export function specQuestions(kb: KnowledgeBase, p: ProductDoc): QuestionDraft[] {
  const own = docText(p);
  const out: QuestionDraft[] = [];
  for (const f of specFacts(p)) {
    const others = siblingsOf(kb, p)
      .flatMap((s) => specFacts(s).filter((g) => norm(g.label) === norm(f.label)))
      .map((g) => g.value)
      .filter((v) => norm(v) !== norm(f.value) && !own.includes(norm(v)));
    if (new Set(others.map(norm)).size < 2) continue;
    out.push({
      kind: 'spec',
      skill: '产品知识',
      stem: `${p.name}的「${f.label}」是？`,
      correct: f.value,
      distractors: others,
      explanation: `${f.label}：${f.value}。`,
      source: { id: p.id, section: f.section },
      evidence: [f.value],
      exclusive: { id: p.id },
    });
  }
  return out;
}

function perturb(n: number, unit: string): number[] {
  const int = Number.isInteger(n);
  const raw = [n * 2, n / 2, n * 1.5, n + (n >= 10 ? 10 : 1), n * 3];
  return raw
    .map((x) => (int ? Math.round(x) : Math.round(x * 10) / 10))
    .filter((x) => x > 0 && x !== n && (unit !== '%' || x <= 100));
}

/** A number in a selling point blanked out; distractors are nearby numbers the pack never states. */
export function numberQuestions(p: ProductDoc): QuestionDraft[] {
  const own = docText(p);
  const out: QuestionDraft[] = [];
  for (const line of sellingLines(p)) {
    const sentence = line.text
      .split(/(?<=[。；])/)
      .find((s) => [...s.matchAll(NUMBER_UNIT)].some((m) => isPlainNumber(s, m)));
    if (!sentence) continue;
    const m = [...sentence.matchAll(NUMBER_UNIT)].find((x) => isPlainNumber(sentence, x));
    if (!m?.[1] || !m[2]) continue;
    const value = `${m[1]}${m[2]}`;
    const stem = sentence.replace(m[0], '____').replace(/[。；]$/, '');
    if (norm(stem).includes(norm(value)) || stem.length > 90) continue;
    const distractors = perturb(Number(m[1]), m[2])
      .map((x) => `${x}${m[2]}`)
      .filter((d) => !own.includes(norm(d)));
    out.push({
      kind: 'number',
      skill: '产品知识',
      stem: `${p.name}：${stem}。横线处应填？`,
      correct: value,
      distractors,
      explanation: clip(line.text, 80),
      source: { id: p.id, section: line.section },
      evidence: [value],
      exclusive: { id: p.id },
    });
  }
  return out;
}

/** Share of a text's 4-grams also found in `pool`: a distractor too close to the product's own facts. */
function overlap(text: string, pool: string): number {
  const t = norm(text);
  if (t.length < 4) return pool.includes(t) ? 1 : 0;
  let hit = 0;
  for (let i = 0; i + 4 <= t.length; i++) if (pool.includes(t.slice(i, i + 4))) hit++;
  return hit / (t.length - 3);
}

/** "Which of these is this product's selling point?" with sibling products' points as distractors. */
export function sellingPointQuestions(kb: KnowledgeBase, p: ProductDoc): QuestionDraft[] {
  const own = docText(p);
  const names = [p.name, ...p.aliases].map(norm);
  const foreign = siblingsOf(kb, p)
    .flatMap((s) =>
      sellingLines(s)
        .slice(0, 2)
        .map((l) => clip(l.text)),
    )
    .filter((t) => overlap(t, own) < 0.2 && !names.some((n) => n.length > 1 && norm(t).includes(n)));
  return sellingLines(p)
    .slice(0, 3)
    .map((l) => ({
      kind: 'selling_point' as const,
      skill: 'FABE话术' as const,
      stem: `以下哪一项是${p.name}的卖点？`,
      correct: clip(l.text),
      distractors: foreign,
      explanation: clip(l.text, 80),
      source: { id: p.id, section: l.section },
      evidence: [clip(l.text).replace(/…$/, '')],
      exclusive: { id: p.id },
    }));
}
