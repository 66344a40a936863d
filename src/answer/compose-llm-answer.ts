import type { ReplyDraft } from '../core/context.js';
import { formatSources } from '../core/render-text.js';
import type { SearchHit } from '../ports/knowledge.js';
import type { ChatMessage, Llm } from '../ports/llm.js';
import type { PiiMasker } from '../ports/pii.js';
import { softenText } from './compliance.js';
import { renderPrompt } from './render-prompt.js';

export interface ComposeLlmAnswerInput {
  llm: Llm;
  question: string;
  /** The structured answer: returned unchanged whenever the LLM cannot be trusted. */
  draft: ReplyDraft;
  /** Retrieved passages, best first; the only ground the model may use. */
  passages: SearchHit[];
  /** How many of the passages the model sees (default 8); only those may be cited. */
  maxPassages?: number;
  /** Bound for the whole call, streaming included (LLM_TIMEOUT_MS). */
  timeoutMs: number;
  pii: PiiMasker;
  /** Streams when given: called with the softened full text so far, at most 10 times a second. */
  onPartialText?: (textSoFar: string) => Promise<void> | void;
  /** Why the structured draft was kept (timeout, error, empty, uncited), for the log. */
  onFallback?: (reason: 'error' | 'empty' | 'uncited', err?: unknown) => void;
  /** Clock for the partial-text throttle; Date.now by default. */
  now?: () => number;
}

const PARTIAL_INTERVAL_MS = 100;
const MAX_QUESTION_CHARS = 2000;
const MAX_PASSAGE_CHARS = 1200;
const DEFAULT_MAX_PASSAGES = 8;

/** The id a passage is cited by: `docId#section`, or `docId` for the part before the first heading. */
export function passageId(hit: SearchHit): string {
  return hit.section ? `${hit.doc.id}#${hit.section}` : hit.doc.id;
}

/** Keeps data from closing or opening the prompt's delimiting tags. */
function neutralize(text: string): string {
  return text.replace(/<\/?\s*(passages?|question)\b[^>]*>/gi, (tag) => tag.replace(/</g, '‹').replace(/>/g, '›'));
}

const attr = (s: string) => neutralize(s).replace(/"/g, '＂').replace(/\n/g, ' ');

/** System and user messages for the answer; the question never reaches the system prompt. */
export function buildAnswerMessages(
  question: string,
  draft: ReplyDraft,
  passages: SearchHit[],
  pii: PiiMasker,
): ChatMessage[] {
  const blocks = passages.map((hit, i) => {
    const text = neutralize(pii.mask(hit.text.slice(0, MAX_PASSAGE_CHARS)));
    const title = attr(pii.mask(hit.section ? `${hit.doc.title} · ${hit.section}` : hit.doc.title));
    return `<passage n="${i + 1}" id="${attr(passageId(hit))}" title="${title}">\n${text}\n</passage>`;
  });
  const messages: ChatMessage[] = [
    { role: 'system', content: renderPrompt('answer', { intent: draft.intent }) },
    {
      role: 'user',
      content: renderPrompt('answer-input', {
        count: passages.length,
        passages: blocks.join('\n\n'),
        question: neutralize(pii.mask(question.slice(0, MAX_QUESTION_CHARS))),
      }),
    },
  ];
  return messages;
}

const CITATION = /([ \t]*)[[【]([^[\]【】\n]{1,160})[\]】]/g;
/** Pack ids are slugs (`[a-z0-9][a-z0-9-]*`); other bracketed text such as [HS1] or [限时] is left alone. */
const LOOKS_LIKE_ID = /^[a-z0-9][a-z0-9-]*(#.*)?$/;
const SOURCE_LINE = /^\s*(来源|出处|参考资料|参考)\s*[:：]/;

/**
 * Keeps only citations of the given passages (drops invented ids and any sources list the
 * model wrote itself) and reports whether at least one real passage is cited.
 */
export function checkCitations(text: string, passages: SearchHit[]): { text: string; cited: boolean } {
  const ids = new Set(passages.map(passageId));
  const docs = new Set(passages.map((p) => p.doc.id));
  let cited = false;
  const kept = text.replace(CITATION, (whole, space: string, inner: string) => {
    const parts = inner.split(/[,，、;；]\s*/).map((p) => p.trim().replace(/＃/g, '#'));
    if (!parts.every((p) => LOOKS_LIKE_ID.test(p))) return whole;
    // A bare doc id counts when one of its passages was shown; a section that was not shown does not.
    const valid = parts.filter((p) => ids.has(p) || (!p.includes('#') && docs.has(p)));
    if (valid.length === 0) return '';
    cited = true;
    return `${space}[${valid.join('、')}]`;
  });
  const lines = kept.split('\n').filter((l) => !SOURCE_LINE.test(l));
  return {
    text: lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    cited,
  };
}

function timeoutError(ms: number): Error {
  const err = new Error(`LLM answer not finished within ${ms} ms`);
  err.name = 'TimeoutError';
  return err;
}

/**
 * Writes the answer with the LLM, grounded in `passages`, and returns it as an 'llm' draft
 * (softened by the Advertising-Law lint, with the draft's sources line). On a timeout, any
 * error, an empty answer or one that cites none of the passages, returns `draft` unchanged.
 * A declined draft or an empty passage list never reaches the LLM. Never throws.
 */
export async function composeLlmAnswer(input: ComposeLlmAnswerInput): Promise<ReplyDraft> {
  const { llm, draft, onPartialText, timeoutMs } = input;
  const passages = input.passages.slice(0, input.maxPassages ?? DEFAULT_MAX_PASSAGES);
  if (draft.declined || passages.length === 0) return draft;
  const now = input.now ?? Date.now;
  const ac = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = timeoutError(timeoutMs);
      ac.abort(err);
      reject(err);
    }, timeoutMs);
  });

  async function run(): Promise<string> {
    const messages = buildAnswerMessages(input.question, draft, passages, input.pii);
    const signal = ac.signal;
    if (!onPartialText) return llm.complete(messages, { signal, temperature: 0.2 });
    let raw = '';
    let last = Number.NEGATIVE_INFINITY;
    let shown = '';
    let pending = false;
    for await (const delta of llm.stream(messages, { signal, temperature: 0.2 })) {
      if (signal.aborted) break;
      raw += delta;
      const t = now();
      if (pending || t - last < PARTIAL_INTERVAL_MS) continue;
      const partial = softenText(raw).trim();
      if (partial === '' || partial === shown) continue;
      last = t;
      shown = partial;
      pending = true;
      // A slow channel update must not hold up the stream; one update is in flight at a time.
      Promise.resolve()
        .then(() => onPartialText(partial))
        .catch(() => undefined)
        .finally(() => {
          pending = false;
        });
    }
    if (signal.aborted) throw signal.reason;
    return raw;
  }

  let raw: string;
  const running = run();
  running.catch(() => undefined);
  expired.catch(() => undefined);
  try {
    raw = await Promise.race([running, expired]);
  } catch (err) {
    input.onFallback?.('error', err);
    return draft;
  } finally {
    clearTimeout(timer);
  }

  const softened = softenText(raw).trim();
  if (softened === '') {
    input.onFallback?.('empty');
    return draft;
  }
  const { text, cited } = checkCitations(softened, passages);
  if (!cited || text === '') {
    input.onFallback?.('uncited');
    return draft;
  }
  const sources = formatSources(draft.sources);
  return { ...draft, mode: 'llm', text: sources ? `${text}\n${sources}` : text, blocks: draft.blocks };
}
