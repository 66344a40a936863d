import { normalizeText } from '../knowledge/normalize.js';
import type { KnowledgeDoc } from '../ports/knowledge.js';
import declineJson from './decide/decline.model.json' with { type: 'json' };
import type { DeclineWeights } from './decide/decline-model.js';
import type { DeciderWeights } from './decide/intent-decider.js';
import deciderJson from './decide/intent-decider.model.json' with { type: 'json' };
import modelJson from './intent-model/intent.model.json' with { type: 'json' };
import { IntentModel } from './intent-model/intent-model.js';
import type { LogisticJson } from './intent-model/logistic-regression.js';
import corpusWords from './spell/corpus-words.model.json' with { type: 'json' };
import { createSpeller, type Speller } from './spell/create-speller.js';

/** What the engine derives from a pack: the spelling vocabulary; plus the fitted models. */
export interface EngineState {
  speller: Speller;
  /** Every text of the pack, normalized and joined (is a Latin term or number written anywhere?). */
  packText: string;
  intentModel: IntentModel;
  decider: DeciderWeights;
  decline: DeclineWeights;
}

let sharedModel: IntentModel | undefined;

const cache = new WeakMap<object, { version: number; state: EngineState }>();
let deciderOverride: DeciderWeights | undefined;
let declineOverride: DeclineWeights | undefined;

const corpusCounts = new Map(corpusWords as [string, number][]);

/** Words of the intent corpus (for spelling). */
export function corpusWordList(): string[] {
  return [...corpusCounts.keys()];
}

/** In how many corpus lines a word occurs: how ordinary it is in associates' language (0 = rare). */
export function corpusLineCount(word: string): number {
  return corpusCounts.get(word) ?? 0;
}

/** The saved intent model (fit by `npm run train:intent`). */
export function intentModel(): IntentModel {
  sharedModel ??= IntentModel.fromJSON(modelJson as unknown as LogisticJson);
  return sharedModel;
}

/** Lets the bench evaluate weights it has just fit (cross-pack runs); undefined restores the saved ones. */
export function overrideDecider(w: DeciderWeights | undefined): void {
  deciderOverride = w;
}

/** Lets the bench evaluate decline weights it has just fit; undefined restores the saved ones. */
export function overrideDecline(w: DeclineWeights | undefined): void {
  declineOverride = w;
}

/** Everything an engine stage needs for this pack version, built once per version. */
export function engineState(kb: { readonly version: number; all(): KnowledgeDoc[] }): EngineState {
  const hit = cache.get(kb);
  const decider = deciderOverride ?? (deciderJson as unknown as DeciderWeights);
  const decline = declineOverride ?? (declineJson as unknown as DeclineWeights);
  if (hit && hit.version === kb.version) return { ...hit.state, decider, decline };
  const texts = kb
    .all()
    .flatMap((d) => [
      d.title,
      ...d.tags,
      ...d.sections.map((s) => `${s.heading}\n${s.text}`),
      ...(d.type === 'product' ? [d.name, ...d.aliases, d.category ?? ''] : []),
      ...(d.type === 'playbook' ? d.triggers : []),
      ...(d.type === 'competitor' ? [d.brand, d.product] : []),
    ]);
  const state: EngineState = {
    speller: createSpeller(texts, corpusWordList()),
    packText: normalizeText(texts.join('\n')),
    intentModel: intentModel(),
    decider,
    decline,
  };
  cache.set(kb, { version: kb.version, state });
  return state;
}
