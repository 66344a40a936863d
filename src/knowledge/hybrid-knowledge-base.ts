import type {
  CompetitorDoc,
  KnowledgeBase,
  KnowledgeDoc,
  ProductDoc,
  ProductLink,
  ScriptDoc,
  SearchHit,
  SearchOptions,
} from '../ports/knowledge.js';
import { addDictionaryWords, indexTerms } from './analyzer.js';
import { Bm25Index } from './bm25-index.js';
import { type Chunk, chunkDoc, docNames } from './chunk-doc.js';
import { SurfaceMatcher } from './surface-matcher.js';
import type { VectorIndex } from './vector-index.js';

const RRF_K = 60;
/**
 * Weight of the dense ranking in the fusion. Measured on the dev pack and AdvertiseGen
 * (bench/retrieval.ts): with the lexical hashing embedder any larger weight lowers recall
 * (AdvertiseGen R@1 0.93 → 0.85 at 0.2), so it only breaks ties; a semantic model is an equal partner.
 */
const DENSE_WEIGHT = { semantic: 1, lexical: 0.05 };
/** Added to a linked product's passages: about half a first-place fused score, so a link lifts but does not override retrieval. */
const PRODUCT_BOOST = 0.008;
/** Weight of the whole-document ranking in the fusion (equal to the section ranking). */
const DOC_WEIGHT = 1;

/**
 * The hybrid knowledge base: BM25 over jieba/pinyin/bigram terms + dense vectors (HNSW),
 * fused with reciprocal-rank fusion, plus product linking that boosts a product's own
 * documents. Documents can be upserted and removed one at a time.
 */
export class HybridKnowledgeBase implements KnowledgeBase {
  version = 0;
  private readonly docs = new Map<string, KnowledgeDoc>();
  private readonly chunks = new Map<string, Chunk>();
  private readonly chunksByDoc = new Map<string, string[]>();
  private readonly bm25 = new Bm25Index();
  /** Whole documents as one unit each: the third ranking (catalogue questions, broad asks). */
  private readonly docBm25 = new Bm25Index();
  private matcher = new SurfaceMatcher([]);
  private competitorMatcher = new SurfaceMatcher([]);

  constructor(
    private readonly dense: VectorIndex,
    private readonly now: () => number = Date.now,
  ) {}

  /** Indexes documents; `denseReady` skips embedding when a saved dense index was loaded. */
  async addAll(docs: KnowledgeDoc[], denseReady = false): Promise<void> {
    addDictionaryWords(docs.flatMap(docNames));
    const newChunks: Chunk[] = [];
    for (const d of docs) {
      this.docs.set(d.id, d);
      const cs = chunkDoc(d);
      this.chunksByDoc.set(
        d.id,
        cs.map((c) => c.id),
      );
      this.docBm25.add(d.id, indexTerms(cs.map((c) => c.indexText).join('\n')));
      for (const c of cs) {
        this.chunks.set(c.id, c);
        this.bm25.add(c.id, indexTerms(c.indexText));
        newChunks.push(c);
      }
    }
    if (!denseReady) await this.dense.add(newChunks.map((c) => ({ chunkId: c.id, text: c.indexText })));
    this.rebuildMatchers();
    this.version++;
  }

  /** The chunk ids `addAll(docs)` indexes, in the same order, without indexing anything. */
  static chunkIdsOf(docs: KnowledgeDoc[]): string[] {
    const ids = new Set<string>();
    for (const d of docs) for (const c of chunkDoc(d)) ids.add(c.id);
    return [...ids];
  }

  /** Chunk ids currently indexed (for saving and reloading the dense index). */
  chunkIds(): string[] {
    return [...this.chunks.keys()];
  }

  get denseIndex(): VectorIndex {
    return this.dense;
  }

  all(): KnowledgeDoc[] {
    return [...this.docs.values()];
  }

  get(id: string): KnowledgeDoc | undefined {
    return this.docs.get(id);
  }

  products(): ProductDoc[] {
    return this.all().filter((d): d is ProductDoc => d.type === 'product');
  }

  competitorsOf(productId: string): CompetitorDoc[] {
    return this.all().filter(
      (d): d is CompetitorDoc => d.type === 'competitor' && d.versus.includes(productId) && this.isLive(d),
    );
  }

  scriptsOf(productId: string): ScriptDoc[] {
    return this.all().filter((d): d is ScriptDoc => d.type === 'script' && d.product === productId);
  }

  linkProducts(text: string): ProductLink[] {
    return this.matcher.match(text).map((m) => ({ id: m.entityId, score: m.score, matched: m.matched }));
  }

  /** Competitor documents named in a text (brand or product, including homophone typos), with spans. */
  linkCompetitors(text: string) {
    return this.competitorMatcher.match(text);
  }

  /** Product mentions with spans (for attributing a mention to a competitor named just before it). */
  linkProductSpans(text: string) {
    return this.matcher.match(text);
  }

  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const k = opts.k ?? 8;
    const types = opts.types ? new Set(opts.types) : undefined;
    const accept = (chunkId: string) => {
      const c = this.chunks.get(chunkId);
      const d = c && this.docs.get(c.docId);
      return Boolean(d && (!types || types.has(d.type)) && this.isLive(d));
    };
    const pool = Math.max(50, k * 5);
    const lexical = this.bm25.search(indexTerms(query), pool, accept);
    const vector = await this.dense.embedQuery(query);
    const dense = vector.length ? await this.dense.search(vector, pool, accept) : [];
    const fused = new Map<string, number>();
    const dw = this.dense.embedder.semantic ? DENSE_WEIGHT.semantic : DENSE_WEIGHT.lexical;
    for (const [list, weight] of [
      [lexical, 1],
      [dense, dw],
    ] as const) {
      list.forEach((h, i) => {
        fused.set(h.id, (fused.get(h.id) ?? 0) + weight / (RRF_K + i + 1));
      });
    }
    // Whole-document rank lifts every section of a document that matches as a whole.
    const docRank = new Map(
      this.searchDocs(query, { ...(opts.types ? { types: opts.types } : {}), k: pool }).map((h, i) => [h.doc.id, i]),
    );
    for (const [id, s] of fused) {
      const r = docRank.get(this.chunks.get(id)?.docId ?? '');
      if (r !== undefined) fused.set(id, s + DOC_WEIGHT / (RRF_K + r + 1));
    }
    const boostIds = new Set(opts.productIds ?? []);
    if (boostIds.size) {
      for (const [id, s] of fused) {
        const doc = this.docs.get(this.chunks.get(id)?.docId ?? '');
        // The product's own sheet gets the full boost; its scripts and competitor docs half.
        if (doc?.type === 'product' && boostIds.has(doc.id)) fused.set(id, s + PRODUCT_BOOST);
        else if (doc && this.refersTo(doc, boostIds)) fused.set(id, s + PRODUCT_BOOST / 2);
      }
    }
    return [...fused.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .flatMap(([id, score]) => {
        const c = this.chunks.get(id);
        const doc = c && this.docs.get(c.docId);
        return c && doc ? [{ doc, section: c.section, text: c.text, score }] : [];
      });
  }

  /** Whole-document BM25 (words, pinyin and bigrams over the entire document), best first, with raw scores. */
  searchDocs(
    query: string,
    opts: { types?: KnowledgeDoc['type'][]; k?: number } = {},
  ): { doc: KnowledgeDoc; score: number }[] {
    const types = opts.types ? new Set(opts.types) : undefined;
    return this.docBm25
      .search(indexTerms(query), opts.k ?? 20, (id) => {
        const d = this.docs.get(id);
        return Boolean(d && (!types || types.has(d.type)) && this.isLive(d));
      })
      .flatMap((h) => {
        const doc = this.docs.get(h.id);
        return doc ? [{ doc, score: h.score }] : [];
      });
  }

  async upsert(doc: KnowledgeDoc): Promise<void> {
    this.removeChunks(doc.id);
    await this.addAll([doc]);
  }

  async remove(id: string): Promise<void> {
    if (!this.docs.has(id)) return;
    this.removeChunks(id);
    this.docs.delete(id);
    this.rebuildMatchers();
    this.version++;
  }

  /** True when the document is about one of the products (itself, versus, or script product). */
  refersTo(doc: KnowledgeDoc, ids: Set<string>): boolean {
    if (doc.type === 'product') return ids.has(doc.id);
    if (doc.type === 'competitor') return doc.versus.some((v) => ids.has(v));
    if (doc.type === 'script') return doc.product !== undefined && ids.has(doc.product);
    return false;
  }

  private isLive(doc: KnowledgeDoc): boolean {
    return doc.expiresAt === undefined || doc.expiresAt > this.now();
  }

  private removeChunks(docId: string): void {
    this.docBm25.remove(docId);
    const ids = this.chunksByDoc.get(docId) ?? [];
    for (const id of ids) {
      this.bm25.remove(id);
      this.chunks.delete(id);
    }
    this.dense.remove(ids);
    this.chunksByDoc.delete(docId);
  }

  private rebuildMatchers(): void {
    this.matcher = new SurfaceMatcher(this.products().map((p) => ({ entityId: p.id, forms: [p.name, ...p.aliases] })));
    this.competitorMatcher = new SurfaceMatcher(
      this.all()
        .filter((d): d is CompetitorDoc => d.type === 'competitor')
        .map((c) => ({ entityId: c.id, forms: brandForms(c) })),
    );
  }
}

/** "戴森 Dyson", "小米（Xiaomi）" → the brand, and its Chinese and its Latin name separately. */
export function brandForms(c: Pick<CompetitorDoc, 'brand'>): string[] {
  const han = c.brand.match(/\p{Script=Han}{2,}/gu) ?? [];
  const latin = (c.brand.match(/[A-Za-z][A-Za-z0-9&.' -]*[A-Za-z0-9]/g) ?? []).map((l) => l.trim());
  return [...new Set([c.brand, ...han, ...latin])];
}
