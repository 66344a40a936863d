import type { Hono } from 'hono';
import { createQuizApi } from '../../src/http/quiz-api/create-quiz-api.js';
import type { QuizRecord } from '../../src/ports/quiz-store.js';
import { cardActionEvent } from '../fakes/lark/build-delivery.js';
import type { FakeMessage } from '../fakes/lark/fake-lark.js';
import { type Harness, VERIFY_TOKEN } from '../lark/harness.js';

export const TOKEN = 'quiz-admin-token';

/** The quiz admin API over the harness's services, as build-node-app mounts it. */
export function quizApi(h: Harness): Hono {
  return createQuizApi(h.services, { adminToken: TOKEN });
}

export async function api(app: Hono, method: string, path: string, body?: unknown, token = TOKEN) {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Every button callback value in a sent card. */
export function buttonValues(card: unknown): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const b = n as Record<string, unknown>;
      if (b.tag === 'button')
        out.push(...((b.behaviors as { value: Record<string, string> }[]) ?? []).map((x) => x.value));
      for (const k of ['elements', 'columns', 'body']) walk(b[k]);
    }
  };
  walk(card);
  return out;
}

let n = 0;
/** A user pressing option `letter` of question `q` on the quiz card; returns Lark's response body. */
export async function press(h: Harness, card: FakeMessage, user: string, quizId: string, q: number, letter: string) {
  const res = await h.deliver(
    cardActionEvent({
      eventId: `cb-${++n}-${user}-${q}`,
      token: VERIFY_TOKEN,
      operatorOpenId: user,
      value: { action: 'quiz_answer', quiz: quizId, q: String(q), option: letter },
      messageId: card.messageId,
      chatId: card.chatId,
    }),
  );
  return (await res.json()) as { toast?: { type: string; content: string }; card?: { data: unknown } };
}

/** Answers every question; `wrong` lists question indexes to answer wrongly. */
export async function answerAll(h: Harness, card: FakeMessage, user: string, quiz: QuizRecord, wrong: number[] = []) {
  const out = [];
  for (const [i, q] of quiz.questions.entries()) {
    const pick = wrong.includes(i) ? (q.answer + 1) % q.options.length : q.answer;
    out.push(await press(h, card, user, quiz.id, i, 'ABCD'[pick]!));
  }
  return out;
}

/** Open ids @-mentioned in a sent message (card markdown or text). */
export function mentions(m: FakeMessage): string[] {
  return [...JSON.stringify(m.content).matchAll(/ou_[a-z0-9_]+/g)].map((x) => x[0]);
}
