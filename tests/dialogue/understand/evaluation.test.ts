import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../src/dialogue/understand/normalize.ts';
import { kb } from '../engineHarness.ts';
import {
  evaluate,
  heldOutSetFile,
  readEvaluationSet,
  share,
  targetsMet,
  tuningSetFiles,
} from './evaluationFigures.ts';

const set = readEvaluationSet(...tuningSetFiles);
const figures = evaluate(kb, set);

describe('the labelled evaluation set', () => {
  it('is big and varied enough to mean something', () => {
    expect(set.utterances.filter((u) => u.intent !== undefined).length).toBeGreaterThanOrEqual(150);
    expect(set.utterances.filter((u) => u.safety !== 'none').length).toBeGreaterThanOrEqual(20);
    expect(set.utterances.filter((u) => u.tag === 'figurative').length).toBeGreaterThanOrEqual(20);
    expect(set.stories.length).toBeGreaterThanOrEqual(50);
    const intents = new Set(set.utterances.map((u) => u.intent));
    for (const intent of kb.intents) expect(intents.has(intent.id), intent.id).toBe(true);
    expect(intents.has('unclear')).toBe(true);
  });

  it('labels only intents that exist', () => {
    const known = new Set([...kb.intents.map((i) => i.id), 'unclear']);
    for (const u of set.utterances) if (u.intent) expect(known.has(u.intent), u.text).toBe(true);
  });

  it('shares no message with the example phrases the router scores against', () => {
    const examples = new Set(
      kb.intents.flatMap((i) => i.examples).map((e) => normalizeText(e, 2000)),
    );
    const heldOut = readEvaluationSet(heldOutSetFile);
    for (const u of [...set.utterances, ...heldOut.utterances]) {
      expect(examples.has(normalizeText(u.text, 2000)), u.text).toBe(false);
    }
  });
});

describe('understanding, measured on the evaluation set', () => {
  it('routes at least 90% of messages to the labelled intent', () => {
    expect(share(figures.intents.overall)).toBeGreaterThanOrEqual(0.9);
  });

  it('recognises every crisis message', () => {
    expect(figures.safety.crisisRecall.correct).toBe(figures.safety.crisisRecall.total);
  });

  it('flags at most 5% of the other messages as a crisis, and no figurative "kill" or "die"', () => {
    expect(1 - share(figures.safety.crisisFalsePositives)).toBeLessThanOrEqual(0.05);
    expect(figures.safety.figurativeFalsePositives.correct).toBe(
      figures.safety.figurativeFalsePositives.total,
    );
  });

  it('extracts at least 90% of the labelled fact fields right', () => {
    expect(share(figures.facts.overall)).toBeGreaterThanOrEqual(0.9);
  });

  it('meets every target the issue sets', () => {
    expect(targetsMet(figures)).toEqual({ met: true, failures: [] });
  });
});
