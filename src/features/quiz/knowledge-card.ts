import { softenLine } from '../../answer/compliance.js';
import { sectionByHeading } from '../../answer/extract-lines.js';
import type { KnowledgeBase, ProductDoc } from '../../ports/knowledge.js';
import { compareTable } from './competitor-questions.js';
import { clip, sellingLines } from './pack-facts.js';

type CardBlock = { title: string; lines: string[] };

const clean = (lines: string[]) => lines.map((l) => softenLine(l)).filter((l): l is string => Boolean(l));

/**
 * The 3-minute knowledge card sent before the questions: core selling points, FABE, the
 * main competitor's differences and one line to say to a customer — all from the pack.
 */
export function buildKnowledgeCard(kb: KnowledgeBase, p: ProductDoc): CardBlock[] {
  const blocks: CardBlock[] = [];
  blocks.push({
    title: '核心卖点',
    lines: clean(
      sellingLines(p)
        .slice(0, 4)
        .map((l) => clip(l.text, 80)),
    ),
  });
  const script = kb.scriptsOf(p.id).find((s) => s.sections.some((x) => /^[FABE]\b/.test(x.heading)));
  let say: string | undefined;
  if (script) {
    const fabe = ['F', 'A', 'B', 'E'].flatMap((k) => {
      const s = sectionByHeading(script, new RegExp(`^${k}\\b`));
      return s?.lines[0] ? [`${s.heading}：${clip(s.lines[0], 70)}`] : [];
    });
    blocks.push({ title: 'FABE', lines: clean(fabe) });
    say = sectionByHeading(script, /^B\b/)?.lines[0];
  }
  const rival = kb.competitorsOf(p.id)[0];
  if (rival) {
    const t = compareTable(rival);
    const rows = (t?.rows ?? []).slice(0, 4).map((r) => `${r[0]}：${r.slice(1).join(' ｜ ')}`);
    const head = t ? `（${t.header.slice(1).join(' ｜ ')}）` : '';
    blocks.push({ title: `对比 ${rival.product}${head}`, lines: clean(rows) });
    say ??= sectionByHeading(rival, /应对|话术/)?.lines.find((l) => /讲差异|差异/.test(l));
  }
  say ??= sellingLines(p)[0]?.text;
  if (say) blocks.push({ title: '对顾客说一句', lines: clean([clip(say, 90)]) });
  return blocks.filter((b) => b.lines.length > 0);
}
