import { join } from 'node:path';
/**
 * Shows how the engine decided one question, stage by stage (for development; never for a
 * held-out pack): spelling, text-model probabilities, pack signals, decider scores, the
 * entities linked, coverage, and the reply's sources.
 *
 *   npm run --silent explain -- --pack <name> "question" ["follow-up" ...]
 */
import { parseArgs } from 'node:util';
import { askCoverage } from '../src/answer/coverage.js';
import { declineProbability } from '../src/answer/decide/decline-model.js';
import { scoreIntents } from '../src/answer/decide/intent-decider.js';
import { computeSignals, modelText } from '../src/answer/decide/signals.js';
import { engineState } from '../src/answer/engine-state.js';
import { docLines } from '../src/answer/extract-lines.js';
import { type LinkingKnowledgeBase, resolveEntities } from '../src/answer/resolve-entities.js';
import { conversationKey, emptyConversation } from '../src/core/conversation.js';
import { benchPacks } from './lib/packs.js';
import { buildPipeline } from './lib/pipeline.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { pack: { type: 'string', default: 'dev' } },
    allowPositionals: true,
  });
  // `--pack demo` is the project's own knowledge/ pack.
  const spec =
    values.pack === 'demo'
      ? { packDir: join(import.meta.dirname, '..', 'knowledge') }
      : benchPacks().find((p) => p.name === values.pack);
  if (!spec) throw new Error(`no pack ${values.pack} (held-out packs are not explained)`);
  const pipe = await buildPipeline(spec.packDir);
  const kb = pipe.app.knowledge.kb as unknown as LinkingKnowledgeBase & Parameters<typeof computeSignals>[0];
  const st = engineState(kb);
  try {
    for (const q of positionals) {
      // The conversation the pipeline keeps for this chat, so a follow-up is explained as it is answered.
      const conversation =
        (await pipe.app.services.sessions.read(conversationKey('console', 'explain', 'bench'))) ?? emptyConversation(0);
      const corrected = st.speller.correct(q).text;
      const probs = st.intentModel.predict(modelText(kb, corrected));
      const signals = computeSignals(kb, corrected, probs, conversation);
      const { probs: _p, ...sig } = signals;
      console.log(`\n» ${q}${corrected !== q ? `\n  corrected: ${corrected}` : ''}`);
      console.log(
        `  text model: ${Object.entries(probs)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 4)
          .map(([k, v]) => `${k} ${v.toFixed(3)}`)
          .join(', ')}`,
      );
      console.log(`  signals: ${JSON.stringify(sig, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v))}`);
      console.log(
        `  decider: ${scoreIntents(signals, st.decider)
          .map((x) => `${x.intent} ${x.p.toFixed(2)}`)
          .join(', ')}`,
      );
      const e = resolveEntities(kb, corrected, conversation);
      console.log(
        `  entities: product ${e.product?.id ?? '-'} (strong ${e.strongLink}), others [${e.otherProducts.map((p) => p.id)}], competitor ${e.competitor?.id ?? '-'}, candidates [${e.candidates.map((p) => p.id)}]`,
      );
      if (e.product) {
        const docs = [e.product, ...kb.scriptsOf(e.product.id), ...kb.competitorsOf(e.product.id)];
        const names = [e.product.name, ...e.product.aliases];
        const cov = askCoverage(corrected, docs.flatMap(docLines), names);
        console.log(
          `  coverage ${cov.coverage.toFixed(2)}, P(decline) ${declineProbability({ ...cov.features, strongLink: e.strongLink ? 1 : 0 }, st.decline).toFixed(2)} (cutoff ${st.decline.cutoff}): focus [${cov.focus}], uncovered [${cov.uncovered}], generic [${cov.generic.map((g) => g.name)}]`,
        );
        console.log(
          `  features ${Object.entries(cov.features)
            .map(([k, v]) => `${k}=${Number(v).toFixed(2)}`)
            .join(' ')}`,
        );
      }
      const { reply } = await pipe.ask(q, 'explain');
      console.log(
        `  reply: ${reply.intent}${reply.declined ? ' DECLINED' : ''} [${reply.sources.map((s) => s.id).join(', ')}]`,
      );
      console.log(`  ${reply.text.split('\n').slice(0, 6).join('\n  ')}`);
    }
  } finally {
    await pipe.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
