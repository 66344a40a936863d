import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../src/adapters/db/create-db.js';
import { resolveEntities } from '../../src/answer/resolve-entities.js';
import { loadConfig } from '../../src/config.js';
import { emptyConversation } from '../../src/core/conversation.js';
import type { Reply } from '../../src/core/reply.js';
import { buildNodeApp, type NodeApp } from '../../src/entry/build-node-app.js';
import type { HybridKnowledgeBase } from '../../src/knowledge/hybrid-knowledge-base.js';
import { silentLogger } from '../../src/ports/logger.js';
import { distinctIds } from './ranking.js';

/** Passages retrieved per question, as the answer engine asks for. */
export const SEARCH_K = 24;

export interface Pipeline {
  app: NodeApp;
  /** Wall time of buildNodeApp (pack load, index build, runtime wiring), ms. */
  buildMs: number;
  /** One question; the same `chat` keeps the conversation (follow-ups), otherwise each call is new. */
  ask(text: string, chat?: string): Promise<{ reply: Reply; ms: number }>;
  close(): Promise<void>;
}

/**
 * The whole product as a user meets it: buildNodeApp over a pack with an in-memory SQLite,
 * no channels, a throwaway DATA_DIR, and the offline hashing embedder (EMBEDDING_MODEL is
 * blanked so all three systems share one embedder). LLM settings in the environment apply.
 */
export async function buildPipeline(packDir: string): Promise<Pipeline> {
  const dataDir = await mkdtemp(join(tmpdir(), 'daogou-bench-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, EMBEDDING_MODEL: '' });
  const start = performance.now();
  const app = await buildNodeApp({
    config,
    logger: silentLogger,
    packDir,
    db: await openSqlite(':memory:'),
    channels: [],
  });
  const buildMs = performance.now() - start;
  let n = 0;
  return {
    app,
    buildMs,
    async ask(text, chat) {
      n++;
      const t0 = performance.now();
      const reply = await app.assistant.handle({
        eventId: `bench-${n}`,
        channel: 'console',
        chatId: chat ?? `bench-${n}`,
        chatType: 'p2p',
        userId: 'bench',
        text,
        addressedToBot: true,
        sentAt: Date.now(),
      });
      if (!reply) throw new Error(`no reply to "${text}"`);
      return { reply, ms: performance.now() - t0 };
    },
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Our retrieval alone, as the engine calls it: the question's product is linked (fresh
 * conversation) and passed as a boost; only `kb.search` is timed. Returns distinct doc ids.
 */
export async function searchOurs(kb: HybridKnowledgeBase, query: string): Promise<{ ids: string[]; ms: number }> {
  const entities = resolveEntities(kb, query, emptyConversation(Date.now()));
  const productIds = entities.product && entities.strongLink ? [entities.product.id] : [];
  const t0 = performance.now();
  const hits = await kb.search(query, { k: SEARCH_K, productIds });
  const ms = performance.now() - t0;
  return { ids: distinctIds(hits.map((h) => h.doc.id)), ms };
}
