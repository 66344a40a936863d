import { tableCells } from '../../answer/extract-lines.js';
import type { CompetitorDoc, KnowledgeBase, ProductDoc } from '../../ports/knowledge.js';
import { clip, norm } from './pack-facts.js';
import type { QuestionDraft } from './question-draft.js';

interface CompareTable {
  section: string;
  header: string[];
  rows: string[][];
}

/** The first Markdown table of the comparison section (对比要点). */
export function compareTable(doc: CompetitorDoc): CompareTable | undefined {
  const s = doc.sections.find((x) => /对比/.test(x.heading));
  if (!s) return undefined;
  const lines = s.text.split('\n').filter((l) => l.trim().startsWith('|'));
  const [head, , ...body] = lines;
  if (!head || body.length === 0) return undefined;
  return { section: s.heading, header: tableCells(head), rows: body.map(tableCells) };
}

/** How well a column header names one of `names`: exact > contains a name > is part of a name. */
function columnScore(header: string, names: string[]): number {
  const h = norm(header.replace(/[（(][^）)]*[）)]/g, ''));
  let best = 0;
  for (const raw of names) {
    const n = norm(raw);
    if (n.length < 2) continue;
    if (h === n) best = Math.max(best, 100 + n.length);
    else if (h.includes(n)) best = Math.max(best, n.length);
    else if (h.length >= 4 && n.includes(h)) best = Math.max(best, h.length - 0.5);
    else if (h.length >= 4) {
      // A shortened name (贝芽高硼硅玻璃 160ml for 贝芽高硼硅玻璃奶瓶 160ml): nearly all its characters occur in order.
      let j = 0;
      for (const ch of n) if (ch === h[j]) j++;
      if (j / h.length >= 0.85) best = Math.max(best, (j / h.length) * 0.4 * h.length);
    }
  }
  return best;
}

function bestColumn(header: string[], names: string[], skip: number): number {
  let at = -1;
  let top = 0;
  header.forEach((h, i) => {
    const sc = i > 0 && i !== skip ? columnScore(h, names) : 0;
    if (sc > top) [at, top] = [i, sc];
  });
  return at;
}

const differ = (a: string, b: string) => {
  const x = norm(a);
  const y = norm(b);
  return x !== y && !x.includes(y) && !y.includes(x) && x.length > 0 && y.length > 0;
};

/**
 * One question per table row where our product and the competitor differ: the correct
 * pairing, the swapped pairing, "the same", and (in wider tables) our sibling's value.
 */
export function competitorQuestions(kb: KnowledgeBase, p: ProductDoc): QuestionDraft[] {
  const out: QuestionDraft[] = [];
  for (const doc of kb.competitorsOf(p.id)) {
    const t = compareTable(doc);
    if (!t) continue;
    const ours = bestColumn(t.header, [p.name, ...p.aliases], -1);
    const rival = [doc.product, doc.brand, ...doc.brand.split(/\s+/), doc.title.split(/\s*对比/)[0] ?? ''];
    const theirs = bestColumn(t.header, rival, ours);
    if (ours < 0 || theirs < 0) continue;
    const we = clip(t.header[ours] ?? p.name, 20);
    const they = clip(t.header[theirs] ?? doc.product, 20);
    for (const row of t.rows) {
      const [label, ...cells] = row;
      const our = row[ours];
      const comp = row[theirs];
      if (!label || !our || !comp || !differ(our, comp) || our.length > 30 || comp.length > 30) continue;
      const other = cells.find((c, i) => i + 1 !== ours && i + 1 !== theirs && differ(c, our) && differ(c, comp));
      out.push({
        kind: 'competitor',
        skill: '竞品对比',
        stem: `和${they}相比，关于「${label}」，以下哪项正确？`,
        correct: `${we}：${our}；${they}：${comp}`,
        distractors: [
          `${we}：${comp}；${they}：${our}`,
          `两者一样，都是 ${our}`,
          ...(other ? [`${we}：${other}；${they}：${comp}`] : []),
        ],
        explanation: `对比要点「${label}」：${we} ${our}，${they} ${comp}。`,
        source: { id: doc.id, section: t.section },
        evidence: [our, comp],
      });
    }
  }
  return out;
}
