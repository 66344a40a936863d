import type { DocType } from '../core/reply.js';

/** A `##` section of a document; the part before the first heading has heading ''. */
export interface Section {
  heading: string;
  text: string;
}

interface DocBase {
  id: string;
  title: string;
  tags: string[];
  updated?: string;
  /** Path relative to the pack root ('' for documents made at run time, e.g. approved intel). */
  path: string;
  sections: Section[];
  /** Epoch ms after which the document is no longer used in answers (dated competitor notes). */
  expiresAt?: number;
}

export interface ProductDoc extends DocBase {
  type: 'product';
  name: string;
  aliases: string[];
  category?: string;
  price?: number;
  launchDate?: string;
  status: 'new' | 'active' | 'discontinued';
}

export interface CompetitorDoc extends DocBase {
  type: 'competitor';
  brand: string;
  product: string;
  versus: string[];
  price?: number;
}

export interface ScriptDoc extends DocBase {
  type: 'script';
  product?: string;
  scenario?: string;
}

export interface PlaybookDoc extends DocBase {
  type: 'playbook';
  triggers: string[];
  severity: 'low' | 'medium' | 'high';
  slaHours: number;
}

/**
 * A curated answer (the project's own extension of the pack): a question, its variants and
 * the answer a manager wrote, answered before the engine runs when a question matches it.
 */
export interface FaqDoc extends DocBase {
  type: 'faq';
  question: string;
  variants: string[];
  answer: string;
  /** Our product id the answer is about, if any. */
  product?: string;
  author?: string;
  /** When it was written (YYYY-MM-DD). */
  date?: string;
}

/** A validated knowledge document (pack contract v1, ../shared/knowledge-format.md, plus `faq`). */
export type KnowledgeDoc = ProductDoc | CompetitorDoc | ScriptDoc | PlaybookDoc | FaqDoc;

export type { DocType };

/** A problem found while loading a pack; the file is skipped (`error`) or loaded (`warning`). */
export interface PackIssue {
  path: string;
  level: 'error' | 'warning';
  reason: string;
}

export interface LoadedPack {
  root: string;
  docs: KnowledgeDoc[];
  issues: PackIssue[];
}

/** A product mentioned in a text, found by name, alias, SKU or pinyin. */
export interface ProductLink {
  id: string;
  /** 0..1; exact name/alias matches score 1, pinyin and partial matches less. */
  score: number;
  /** The text span that matched. */
  matched: string;
}

/** One retrieved passage: a section of a document with its fused score. */
export interface SearchHit {
  doc: KnowledgeDoc;
  section: string;
  text: string;
  score: number;
}

export interface SearchOptions {
  k?: number;
  types?: KnowledgeDoc['type'][];
  /** Boost passages of these products (and docs that reference them). */
  productIds?: string[];
}

/**
 * The loaded, indexed knowledge pack. Features read documents and search through this
 * port; the hybrid index behind it is an implementation detail.
 */
export interface KnowledgeBase {
  /** Increments on every change (hot reload, approved intel). */
  readonly version: number;
  all(): KnowledgeDoc[];
  get(id: string): KnowledgeDoc | undefined;
  products(): ProductDoc[];
  /** Competitor docs whose `versus` names the product. */
  competitorsOf(productId: string): CompetitorDoc[];
  /** Scripts whose `product` is the product. */
  scriptsOf(productId: string): ScriptDoc[];
  linkProducts(text: string): ProductLink[];
  search(query: string, opts?: SearchOptions): Promise<SearchHit[]>;
  /** Adds or replaces a document at run time (approved intel, edited file) and re-indexes it. */
  upsert(doc: KnowledgeDoc): Promise<void>;
  remove(id: string): Promise<void>;
}
