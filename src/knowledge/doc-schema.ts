import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id must match [a-z0-9][a-z0-9-]* (lower-case slug)');
const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const textList = z
  .union([z.array(text), text])
  .transform((v) => (Array.isArray(v) ? v : [v]).filter((s) => s.length > 0));
const dateLike = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v));
const price = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]).transform(Number);

const base = {
  id,
  title: text.pipe(z.string().min(1, 'title is empty')),
  tags: textList.optional().default([]),
  updated: dateLike.optional(),
};

/** Front-matter schemas per type, per the pack contract (../shared/knowledge-format.md). */
export const frontMatterSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('product'),
    name: text.pipe(z.string().min(1, 'name is empty')),
    aliases: textList.optional().default([]),
    category: text.optional(),
    price: price.optional(),
    launch_date: dateLike.optional(),
    status: z.enum(['new', 'active', 'discontinued']).optional().default('active'),
  }),
  z.object({
    ...base,
    type: z.literal('competitor'),
    brand: text.pipe(z.string().min(1, 'brand is empty')),
    product: text.pipe(z.string().min(1, 'product is empty')),
    versus: textList.pipe(z.array(z.string()).min(1, 'versus must name at least one of our product ids')),
    price: price.optional(),
  }),
  z.object({
    ...base,
    type: z.literal('script'),
    product: text.optional(),
    scenario: text.optional(),
  }),
  z.object({
    ...base,
    type: z.literal('playbook'),
    triggers: textList.optional().default([]),
    severity: z.enum(['low', 'medium', 'high']).optional().default('medium'),
    sla_hours: z
      .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)])
      .transform(Number)
      .optional()
      .default(4),
  }),
  z.object({
    ...base,
    // A curated answer's title defaults to its question.
    title: text.optional(),
    type: z.literal('faq'),
    question: text.pipe(z.string().min(1, 'question is empty')),
    variants: textList.optional().default([]),
    answer: text.pipe(z.string().min(1, 'answer is empty')),
    product: text.optional(),
    author: text.optional(),
    date: dateLike.optional(),
  }),
]);

export type FrontMatter = z.infer<typeof frontMatterSchema>;
