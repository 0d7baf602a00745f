import { describe, expect, it } from 'vitest';
import { kb } from '../engineHarness.ts';
import {
  factFigures,
  HeldOutRouting,
  HeldOutSafety,
  heldOutBatches,
  heldOutRouting,
  readHeldOut,
  readStories,
  safetyFigures,
  share,
} from './evaluationFigures.ts';

// Guards against regressions on the blind batches, set at or below their figures when they
// were read for the final figures (never tuned on; see README for how each was used).
// `npm run eval:intents` prints the full figures and the targets still missed. #3 read 90.7%
// fresh; new training batches and dropping a dozen training messages that repeat #7 moved it
// to 88.7%: one batch of 300 moves by a point either way with the training data.
const routingFloor: Record<string, number> = {
  '#1': 0.92,
  '#2': 0.92,
  '#3': 0.88,
  '#6': 0.94,
  '#7': 0.96,
  // #8 read 91.0% blind (a new brief, two-topic messages often); 93.0% after decisions-k/-l
  // and the lower whole-message threshold.
  '#8': 0.9,
  '#9': 0.95,
};

describe.each(heldOutBatches.filter((b) => b.routing))(
  'routing, measured on the held-out batch $name',
  (batch) => {
    const routing = heldOutRouting(kb, readHeldOut(batch.routing!, HeldOutRouting));

    it('routes the labelled topic at least as often as when the batch was read', () => {
      expect(share(routing.topics.overall)).toBeGreaterThanOrEqual(routingFloor[batch.name]!);
    });
  },
);

describe.each(heldOutBatches)(
  'the safety screen, measured on the held-out batch $name',
  (batch) => {
    const safety = safetyFigures(readHeldOut(batch.safety, HeldOutSafety), kb.safetyModel);

    it('flags at least 95% of crisis messages crisis or check, and most check messages', () => {
      expect(share(safety.crisisCaught)).toBeGreaterThanOrEqual(0.95);
      expect(share(safety.checkCaught)).toBeGreaterThanOrEqual(0.9);
    });

    it('gives the crisis reply to at most 3% of non-crisis, 2% of safe or distressed messages and 5% of idioms', () => {
      expect(1 - share(safety.nonCrisisClear)).toBeLessThanOrEqual(0.03);
      expect(1 - share(safety.safeClear)).toBeLessThanOrEqual(0.02);
      expect(1 - share(safety.idiomsClear)).toBeLessThanOrEqual(0.05);
    });
  },
);

it('reads at least 95% of the labelled fact fields right', () => {
  expect(share(factFigures(kb, readStories()).overall)).toBeGreaterThanOrEqual(0.95);
});
