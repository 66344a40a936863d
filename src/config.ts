import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const intFrom = (def: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? String(def) : v))
    .pipe(
      z
        .string()
        .regex(/^-?\d+$/, 'must be an integer')
        .transform(Number)
        .pipe(z.number().int().min(min).max(max)),
    );

const urlOpt = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional());

/** `CRM_BITABLE_TABLES`: `<kind>=<tableId>` pairs, comma-separated, e.g. `interactions=tblA1,tickets=tblB2`. */
export const BITABLE_TABLES_FORMAT =
  /^(?:interactions|gaps|tickets|customers|intel|points)=[A-Za-z0-9_-]+(?:\s*,\s*(?:interactions|gaps|tickets|customers|intel|points)=[A-Za-z0-9_-]+)*$/;

const bitableTables = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(
    z
      .string()
      .regex(
        BITABLE_TABLES_FORMAT,
        'must be "<kind>=<tableId>" pairs separated by commas, kinds: interactions, gaps, tickets, customers, intel, points (e.g. "interactions=tblA1,tickets=tblB2")',
      )
      .optional(),
  );

/** Every environment variable the app reads, validated once at start. */
export const envSchema = z.object({
  PORT: intFrom(8787, 0, 65535),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  KNOWLEDGE_DIR: z.string().trim().min(1).default('./knowledge'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CHAT_TOKEN: optionalString,
  ADMIN_TOKEN: optionalString,
  DATABASE_URL: urlOpt,
  /** all: ack and answer; ingress: ack webhooks only; answer: claim from the shared inbox and answer (docs/scale.md). */
  INSTANCE_ROLE: z.enum(['all', 'ingress', 'answer']).default('all'),
  OPENAI_BASE_URL: urlOpt,
  OPENAI_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  EMBEDDING_MODEL: optionalString,
  LLM_TIMEOUT_MS: intFrom(8000, 100, 120000),
  LLM_BREAKER_FAILURES: intFrom(3, 1, 100),
  LLM_BREAKER_COOLDOWN_MS: intFrom(30000, 100, 3600000),
  SESSION_IDLE_MINUTES: intFrom(10, 1, 1440),
  ROLES_FILE: optionalString,
  LARK_APP_ID: optionalString,
  LARK_APP_SECRET: optionalString,
  LARK_ENCRYPT_KEY: optionalString,
  LARK_VERIFICATION_TOKEN: optionalString,
  LARK_DOMAIN: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'https://open.feishu.cn' : v))
    .pipe(z.url()),
  WECOM_CORP_ID: optionalString,
  WECOM_AGENT_ID: optionalString,
  WECOM_SECRET: optionalString,
  WECOM_TOKEN: optionalString,
  WECOM_AES_KEY: optionalString,
  WECOM_API_BASE: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'https://qyapi.weixin.qq.com' : v))
    .pipe(z.url()),
  WECHATY_PUPPET: optionalString,
  CRM_WEBHOOK_URL: urlOpt,
  CRM_WEBHOOK_SECRET: optionalString,
  CRM_BITABLE_APP_TOKEN: optionalString,
  CRM_BITABLE_TABLES: bitableTables,
  PII_SALT: optionalString,
  PUBLIC_URL: urlOpt,
  PRODUCT_BITABLE_APP_TOKEN: optionalString,
  PRODUCT_BITABLE_TABLE_ID: optionalString,
});

export type Env = z.infer<typeof envSchema>;

/** The typed configuration every entry point derives from its environment. */
export interface Config extends Env {
  llmEnabled: boolean;
  embeddingsRemote: boolean;
}

/** Raised when an environment variable is missing or wrong; the message is one line naming it. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/**
 * Parses the environment into a Config. Throws ConfigError with one line naming the
 * first offending variable and what it must be.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    const got = env[name];
    const shown = got === undefined ? 'unset' : JSON.stringify(got.length > 40 ? `${got.slice(0, 40)}…` : got);
    throw new ConfigError(`Invalid environment variable ${name} (${shown}): ${issue?.message ?? 'invalid'}`);
  }
  const cfg = result.data;
  const llmEnabled = Boolean(cfg.OPENAI_BASE_URL && cfg.LLM_MODEL);
  if (cfg.LLM_MODEL && !cfg.OPENAI_BASE_URL) {
    throw new ConfigError('Invalid environment variable OPENAI_BASE_URL (unset): required when LLM_MODEL is set');
  }
  if (cfg.EMBEDDING_MODEL && !cfg.OPENAI_BASE_URL) {
    throw new ConfigError('Invalid environment variable OPENAI_BASE_URL (unset): required when EMBEDDING_MODEL is set');
  }
  if (cfg.CRM_WEBHOOK_URL && !cfg.CRM_WEBHOOK_SECRET) {
    throw new ConfigError(
      'Invalid environment variable CRM_WEBHOOK_SECRET (unset): required when CRM_WEBHOOK_URL is set (calls are HMAC-signed)',
    );
  }
  if (Boolean(cfg.CRM_BITABLE_APP_TOKEN) !== Boolean(cfg.CRM_BITABLE_TABLES)) {
    const missing = cfg.CRM_BITABLE_APP_TOKEN ? 'CRM_BITABLE_TABLES' : 'CRM_BITABLE_APP_TOKEN';
    throw new ConfigError(
      `Invalid environment variable ${missing} (unset): CRM_BITABLE_APP_TOKEN and CRM_BITABLE_TABLES go together`,
    );
  }
  if (cfg.CRM_BITABLE_APP_TOKEN && !(cfg.LARK_APP_ID && cfg.LARK_APP_SECRET)) {
    throw new ConfigError(
      'Invalid environment variable LARK_APP_ID (unset): the Bitable CRM sink needs LARK_APP_ID and LARK_APP_SECRET',
    );
  }
  if (Boolean(cfg.PRODUCT_BITABLE_APP_TOKEN) !== Boolean(cfg.PRODUCT_BITABLE_TABLE_ID)) {
    const missing = cfg.PRODUCT_BITABLE_APP_TOKEN ? 'PRODUCT_BITABLE_TABLE_ID' : 'PRODUCT_BITABLE_APP_TOKEN';
    throw new ConfigError(
      `Invalid environment variable ${missing} (unset): PRODUCT_BITABLE_APP_TOKEN and PRODUCT_BITABLE_TABLE_ID go together`,
    );
  }
  if (cfg.PRODUCT_BITABLE_APP_TOKEN && !(cfg.LARK_APP_ID && cfg.LARK_APP_SECRET)) {
    throw new ConfigError(
      'Invalid environment variable LARK_APP_ID (unset): the Bitable product import needs LARK_APP_ID and LARK_APP_SECRET',
    );
  }
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(cfg.HOST);
  if (!loopback && !cfg.CHAT_TOKEN) {
    throw new ConfigError(
      `Invalid environment variable CHAT_TOKEN (unset): required when HOST=${cfg.HOST} is not loopback`,
    );
  }
  return { ...cfg, llmEnabled, embeddingsRemote: Boolean(cfg.EMBEDDING_MODEL) };
}
