import { describe, expect, it } from 'vitest';
import { CommandName } from '../../src/dialogue/input.ts';
import { normalizeText } from '../../src/dialogue/understand/normalize.ts';
import {
  corpusDigest,
  intentTrainingSet,
  readCorpus,
  safetyTrainingSet,
} from '../../src/knowledge/corpus.ts';
import { Topic } from '../../src/rules/advice.ts';
import { kb } from '../dialogue/engineHarness.ts';
import {
  HeldOutRouting,
  HeldOutSafety,
  heldOutBatches,
  readHeldOut,
} from '../dialogue/understand/evaluationFigures.ts';

const batches = readCorpus();
const messages = batches.flatMap((b) => b.messages);
const count = (predicate: (m: (typeof messages)[number]) => boolean) =>
  messages.filter(predicate).length;

describe('the labelled corpus', () => {
  it('has the size the issue asks for: 250 per decision, 60 per FAQ, 40 per command', () => {
    for (const topic of Topic.options)
      expect(
        count((m) => m.intent === topic),
        topic,
      ).toBeGreaterThanOrEqual(250);
    for (const faq of kb.intents.filter((i) => i.id.startsWith('faq.')))
      expect(
        count((m) => m.intent === faq.id),
        faq.id,
      ).toBeGreaterThanOrEqual(60);
    for (const command of kb.intents.filter((i) => CommandName.safeParse(i.id).success))
      expect(
        count((m) => m.intent === command.id),
        command.id,
      ).toBeGreaterThanOrEqual(40);
  });

  it('has 150 crisis, 100 check and 300 non-crisis messages, dark idioms among them', () => {
    expect(count((m) => m.safety === 'crisis')).toBeGreaterThanOrEqual(150);
    expect(count((m) => m.safety === 'check')).toBeGreaterThanOrEqual(100);
    expect(count((m) => m.safety === 'none' || m.safety === 'distress')).toBeGreaterThanOrEqual(
      300,
    );
    expect(count((m) => m.idiom === true)).toBeGreaterThanOrEqual(100);
  });

  it('labels only intents that exist, and second topics that are decisions', () => {
    const known = new Set([...kb.intents.map((i) => i.id), 'other']);
    for (const m of messages) {
      if (m.intent) expect(known.has(m.intent), m.text).toBe(true);
      if (m.also) expect(Topic.safeParse(m.also).success, m.text).toBe(true);
    }
  });

  it('shares no message with the held-out batches, which are never trained on', () => {
    const trained = new Set(
      [...intentTrainingSet(batches, kb.intents), ...safetyTrainingSet(batches)].map((l) =>
        normalizeText(l.text, 2000),
      ),
    );
    const heldOut = heldOutBatches.flatMap((b) => [
      ...(b.routing ? readHeldOut(b.routing, HeldOutRouting) : []),
      ...readHeldOut(b.safety, HeldOutSafety),
    ]);
    expect(heldOut.length).toBeGreaterThanOrEqual(2200);
    for (const m of heldOut) expect(trained.has(normalizeText(m.text, 2000)), m.text).toBe(false);
  });
});

describe('the shipped models', () => {
  it('were trained on the corpus as it is now (run `npm run train` after changing it)', () => {
    expect(kb.intentModel?.digest).toBe(corpusDigest(intentTrainingSet(batches, kb.intents)));
    expect(kb.safetyModel?.digest).toBe(corpusDigest(safetyTrainingSet(batches)));
  });

  it('know every intent, and `other` for messages about something else', () => {
    expect([...(kb.intentModel?.labels ?? [])].sort()).toEqual(
      [...kb.intents.map((i) => i.id), 'other'].sort(),
    );
    expect(kb.safetyModel?.labels).toEqual(['check', 'crisis', 'distress', 'none']);
  });
});
