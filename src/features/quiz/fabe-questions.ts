import { sectionLines } from '../../answer/extract-lines.js';
import type { KnowledgeBase, ProductDoc, ScriptDoc } from '../../ports/knowledge.js';
import { clip } from './pack-facts.js';
import type { QuestionDraft } from './question-draft.js';

const PARTS = { F: '特征', A: '优势', B: '利益', E: '证据' } as const;
type Part = keyof typeof PARTS;

function firstLines(script: ScriptDoc): Partial<Record<Part, { heading: string; text: string }>> {
  const out: Partial<Record<Part, { heading: string; text: string }>> = {};
  for (const s of script.sections) {
    const m = /^([FABE])\b/.exec(s.heading.trim());
    const line = sectionLines(s.text)[0];
    if (m?.[1] && line && !out[m[1] as Part]) out[m[1] as Part] = { heading: s.heading, text: clip(line, 56) };
  }
  return out;
}

/**
 * "Which sentence is the B (benefit) of this product's FABE?" — all options are true
 * lines of the same script, only one comes from the B section, so the pack decides.
 */
export function fabeQuestions(kb: KnowledgeBase, p: ProductDoc): QuestionDraft[] {
  const out: QuestionDraft[] = [];
  for (const script of kb.scriptsOf(p.id)) {
    const lines = firstLines(script);
    for (const target of ['B', 'A'] as Part[]) {
      const right = lines[target];
      const others = (Object.keys(PARTS) as Part[]).filter((k) => k !== target && lines[k]).map((k) => lines[k]!.text);
      if (!right || others.length < 2) continue;
      out.push({
        kind: 'fabe',
        skill: 'FABE话术',
        stem: `介绍${p.name}时，下面哪一句属于 FABE 中的「${target} ${PARTS[target]}」？`,
        correct: right.text,
        distractors: others,
        explanation: `「${right.text}」出自话术的「${right.heading}」部分。`,
        source: { id: script.id, section: right.heading },
        evidence: [right.text.replace(/…$/, '')],
        exclusive: { id: script.id, section: right.heading },
      });
    }
  }
  return out;
}
