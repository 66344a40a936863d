import type { KnowledgeDoc, PackIssue } from '../ports/knowledge.js';
import { frontMatterSchema } from './doc-schema.js';
import { DocumentParseError, parseMarkdownDocument } from './parse-document.js';

/** Parses and validates one pack file's text; returns the document or an issue naming the reason. */
export function toKnowledgeDoc(source: string, path: string): KnowledgeDoc | PackIssue {
  let parsed: ReturnType<typeof parseMarkdownDocument>;
  try {
    parsed = parseMarkdownDocument(source);
  } catch (err) {
    if (err instanceof DocumentParseError) return { path, level: 'error', reason: err.message };
    throw err;
  }
  const fm = frontMatterSchema.safeParse(parsed.frontMatter);
  if (!fm.success) {
    const issue = fm.error.issues[0];
    const key = issue?.path.join('.') || 'front matter';
    const reason =
      issue?.code === 'invalid_union' && key === 'type'
        ? `unknown or missing type (must be product, competitor, script, playbook or faq)`
        : `${key}: ${issue?.message}`;
    return { path, level: 'error', reason };
  }
  const v = fm.data;
  const common = {
    id: v.id,
    title: v.title || (v.type === 'faq' ? v.question : ''),
    tags: v.tags,
    ...(v.updated ? { updated: v.updated } : {}),
    path,
    sections: parsed.sections,
  };
  switch (v.type) {
    case 'product':
      return {
        ...common,
        type: 'product',
        name: v.name,
        aliases: v.aliases,
        status: v.status,
        ...(v.category ? { category: v.category } : {}),
        ...(v.price !== undefined ? { price: v.price } : {}),
        ...(v.launch_date ? { launchDate: v.launch_date } : {}),
      };
    case 'competitor':
      return {
        ...common,
        type: 'competitor',
        brand: v.brand,
        product: v.product,
        versus: v.versus,
        ...(v.price !== undefined ? { price: v.price } : {}),
      };
    case 'script':
      return {
        ...common,
        type: 'script',
        ...(v.product ? { product: v.product } : {}),
        ...(v.scenario ? { scenario: v.scenario } : {}),
      };
    case 'playbook':
      return { ...common, type: 'playbook', triggers: v.triggers, severity: v.severity, slaHours: v.sla_hours };
    case 'faq': {
      // The front matter is canonical; the body may add notes as further sections.
      const updated = v.updated ?? v.date;
      return {
        ...common,
        ...(updated ? { updated } : {}),
        type: 'faq',
        question: v.question,
        variants: v.variants,
        answer: v.answer,
        ...(v.product ? { product: v.product } : {}),
        ...(v.author ? { author: v.author } : {}),
        ...(v.date ? { date: v.date } : {}),
        sections: [
          { heading: '问题', text: [v.question, ...v.variants].join('\n') },
          { heading: '回答', text: v.answer },
          ...parsed.sections.filter((s) => s.heading !== '问题' && s.heading !== '回答'),
        ],
      };
    }
  }
}
