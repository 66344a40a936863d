import { join } from 'node:path';
import type { Hono } from 'hono';
import type { Db } from '../adapters/db/create-db.js';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createOpenAiEmbedder } from '../adapters/embedders/openai-embedder.js';
import { createLlmCircuit, type LlmCircuit } from '../adapters/llm/create-llm-circuit.js';
import { createOpenAiLlm } from '../adapters/llm/openai-llm.js';
import { createFsPackWriter } from '../adapters/pack/fs-pack-writer.js';
import { createMaskingLlm } from '../adapters/pii/create-masking-llm.js';
import { createPiiMasker } from '../adapters/pii/create-pii-masker.js';
import { createLlmClassifier } from '../answer/classify-intent-llm.js';
import { createModelClassifier } from '../answer/decide/model-classifier.js';
import type { ChannelModule } from '../channels/types.js';
import type { Config } from '../config.js';
import { createAnswerLlmClassifier } from '../features/answer/answer-llm-classifier.js';
import { createAdminApi } from '../http/admin/create-admin-api.js';
import { createKnowledgeApi } from '../http/console/create-knowledge-api.js';
import { createChatExtras } from '../http/create-chat-extras.js';
import { createHttpApp } from '../http/create-http-app.js';
import { createTokenIdentityResolver } from '../http/identity/http-identity.js';
import { createQuizApi } from '../http/quiz-api/create-quiz-api.js';
import { type OpenedKnowledge, openKnowledgeBase } from '../knowledge/open-knowledge-base.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { Ids } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import { buildConsole } from './build-console.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

export interface NodeAppOptions {
  config: Config;
  logger: Logger;
  /** Pack folder; defaults to KNOWLEDGE_DIR. */
  packDir?: string;
  /** Persist the dense index under DATA_DIR/index (server, ingest); off for one-shot CLI runs. */
  persistIndex?: boolean;
  db?: Db;
  clock?: Clock;
  ids?: Ids;
  channels?: ChannelModule[];
  /** Builds the channels once the assistant exists (the Worker's Lark and WeCom); default: the Node set. */
  buildChannels?: RuntimeOptions['buildChannels'];
  /** Start-up timer repairs (default on); the Worker runs them from its cron. */
  startupRepairs?: boolean;
  /** An index opened elsewhere (the Worker's compiled pack); replaces reading `packDir`. */
  knowledge?: OpenedKnowledge;
}

export interface NodeApp extends Runtime {
  knowledge: OpenedKnowledge;
  http: Hono;
  /** The LLM's circuit breaker (state for /health and the console), when an LLM is configured. */
  llmCircuit?: LlmCircuit;
}

/** Picks the embedder: an OpenAI-compatible endpoint when EMBEDDING_MODEL is set, else the local hashing one. */
export async function createEmbedder(config: Config): Promise<Embedder> {
  if (config.EMBEDDING_MODEL && config.OPENAI_BASE_URL) {
    return createOpenAiEmbedder({
      baseURL: config.OPENAI_BASE_URL,
      model: config.EMBEDDING_MODEL,
      ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
    });
  }
  return createHashingEmbedder();
}

/** Everything a Node process needs: knowledge, database, assistant, channels and the Hono app. */
export async function buildNodeApp(opts: NodeAppOptions): Promise<NodeApp> {
  const { config, logger } = opts;
  const embedder = await createEmbedder(config);
  const knowledge =
    opts.knowledge ??
    (await openKnowledgeBase({
      packDir: opts.packDir ?? config.KNOWLEDGE_DIR,
      ...(opts.persistIndex ? { indexDir: join(config.DATA_DIR, 'index') } : {}),
      embedder,
      logger,
      ...(opts.clock ? { now: () => opts.clock?.now() ?? Date.now() } : {}),
    }));
  const pii = createPiiMasker();
  const rules = createModelClassifier(knowledge.kb);
  // The model is wrapped once so no phone, ID or card number ever leaves the process, and
  // behind a circuit breaker so a dead model costs nothing once it has failed a few times.
  const llmCircuit =
    config.llmEnabled && config.OPENAI_BASE_URL && config.LLM_MODEL
      ? createLlmCircuit(
          createMaskingLlm(
            createOpenAiLlm({
              baseURL: config.OPENAI_BASE_URL,
              model: config.LLM_MODEL,
              timeoutMs: config.LLM_TIMEOUT_MS,
              ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
            }),
            pii,
          ),
          { failures: config.LLM_BREAKER_FAILURES, cooldownMs: config.LLM_BREAKER_COOLDOWN_MS, logger },
        )
      : undefined;
  const llm = llmCircuit?.llm;
  const runtime = await createRuntime({
    config,
    logger,
    knowledge: knowledge.kb,
    pii,
    ...(llm ? { llm } : {}),
    // Classification uses each answer's LLM, so it shares that answer's one deadline.
    classifier: llm
      ? createAnswerLlmClassifier(rules, (answerLlm) =>
          createLlmClassifier({
            llm: answerLlm,
            fallback: rules,
            timeoutMs: Math.min(config.LLM_TIMEOUT_MS, 3000),
            onFallback: (err) => logger.warn({ err: (err as Error)?.message }, 'LLM intent failed; used the rules'),
          }),
        )
      : rules,
    ...(opts.db ? { db: opts.db } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.ids ? { ids: opts.ids } : {}),
    ...(opts.channels ? { channels: opts.channels } : {}),
    ...(opts.buildChannels ? { buildChannels: opts.buildChannels } : {}),
    ...(opts.startupRepairs === false ? { startupRepairs: false } : {}),
  });
  runtime.services.pack = createFsPackWriter(opts.packDir ?? config.KNOWLEDGE_DIR);
  const identity = [
    createTokenIdentityResolver({
      roles: runtime.services.roles,
      ...(config.ADMIN_TOKEN ? { adminToken: config.ADMIN_TOKEN } : {}),
    }),
  ];
  const http = createHttpApp({
    assistant: runtime.assistant,
    channels: runtime.channels,
    ...(config.CHAT_TOKEN ? { chatToken: config.CHAT_TOKEN } : {}),
    identity,
    mounts: [
      {
        path: '/api',
        app: createChatExtras(runtime.services, {
          identity,
          ...(config.CHAT_TOKEN ? { chatToken: config.CHAT_TOKEN } : {}),
        }),
      },
      {
        path: '/api',
        app: createQuizApi(runtime.services, config.ADMIN_TOKEN ? { adminToken: config.ADMIN_TOKEN } : {}),
      },
      { path: '/api', app: createAdminApi(runtime.services, { adminToken: config.ADMIN_TOKEN }) },
      {
        path: '/api',
        app: createKnowledgeApi(runtime.services, config.ADMIN_TOKEN ? { adminToken: config.ADMIN_TOKEN } : {}),
      },
      { path: '/console', app: buildConsole(runtime, config, opts.packDir ?? config.KNOWLEDGE_DIR) },
    ],
    health: () => ({
      documents: knowledge.kb.all().length,
      knowledgeVersion: knowledge.kb.version,
      mode: config.llmEnabled ? 'llm' : 'structured',
      ...(llmCircuit ? { llm: llmCircuit.status() } : {}),
    }),
  });
  return { ...runtime, knowledge, http, ...(llmCircuit ? { llmCircuit } : {}) };
}
