/**
 * The fake Lark Open API of bench/scale.ts in its own process (IPC), so the platform's work
 * (taking replies, checking cards) does not share an event loop with the load generator and
 * skew the ack figures:
 *
 *   node --import tsx bench/lib/fake-lark-process.ts '<json FakeLarkOptions>'
 *
 * Messages: `{ seed: [messageId, chatId][] }` makes user messages known; `'tally'` answers with
 * per message the distinct answers (an answer's parts share the uuid prefix of its event),
 * per `oc_timer_*` chat the send times, and the sends Lark's uuid dedupe dropped. Prints
 * `READY <url>`.
 */
import { startFakeLark } from '../../test/fakes/lark/fake-lark.js';
import type { FakeLarkOptions } from '../../test/fakes/lark/fake-types.js';

export interface FakeLarkTally {
  answers: Record<string, number>;
  timerSends: Record<string, number[]>;
  uuidRepeats: number;
}

const fake = await startFakeLark(JSON.parse(process.argv[2] ?? '{}') as FakeLarkOptions);

function tally(): FakeLarkTally {
  const answers = new Map<string, Set<string>>();
  const timerSends: Record<string, number[]> = {};
  for (const m of fake.messages) {
    if (m.replyTo) {
      const set = answers.get(m.replyTo) ?? new Set<string>();
      set.add(m.uuid?.split('_')[0] ?? m.messageId);
      answers.set(m.replyTo, set);
    } else if (m.chatId.startsWith('oc_timer_')) {
      const times = timerSends[m.chatId] ?? [];
      times.push(m.at);
      timerSends[m.chatId] = times;
    }
  }
  return {
    answers: Object.fromEntries([...answers].map(([id, s]) => [id, s.size])),
    timerSends,
    uuidRepeats: fake.uuidRepeats,
  };
}

process.on('message', (m: { seed?: [string, string][] } | 'tally') => {
  if (m === 'tally') process.send?.(tally());
  else if (m.seed) {
    for (const [messageId, chatId] of m.seed) fake.seedMessage(messageId, chatId);
    process.send?.('seeded');
  }
});
process.once('disconnect', () => process.exit(0));
process.stdout.write(`READY ${fake.url}\n`);
