import { INTENTS, type Intent } from '../../core/reply.js';

/** One labelled line of the intent corpus (`src/answer/intent-corpus/*.jsonl`). */
export interface CorpusLine {
  text: string;
  intent: Intent;
  vertical: string;
}

/** Parses corpus JSONL; a bad line is an error naming the file and line. */
export function parseCorpus(text: string, file: string): CorpusLine[] {
  const out: CorpusLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let o: { text?: unknown; intent?: unknown; vertical?: unknown };
    try {
      o = JSON.parse(raw);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    if (typeof o.text !== 'string' || !o.text.trim()) throw new Error(`${file}:${i + 1}: missing text`);
    if (!INTENTS.includes(o.intent as Intent)) throw new Error(`${file}:${i + 1}: unknown intent ${String(o.intent)}`);
    out.push({ text: o.text, intent: o.intent as Intent, vertical: typeof o.vertical === 'string' ? o.vertical : '' });
  });
  return out;
}
