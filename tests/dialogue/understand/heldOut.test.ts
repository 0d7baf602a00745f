import { describe, expect, it } from 'vitest';
import { kb } from '../engineHarness.ts';
import {
  factFigures,
  freshHeldOutFiles,
  HeldOutRouting,
  HeldOutSafety,
  heldOutFiles,
  heldOutRouting,
  readHeldOut,
  readStories,
  safetyFigures,
  share,
} from './evaluationFigures.ts';

// Guards against regressions on the blind batches. They are never trained or tuned on
// (#2 was read only once the classifier was settled); `npm run eval:intents` prints the full
// figures and the targets still missed.
describe.each([
  { batch: '#1', files: heldOutFiles },
  { batch: '#2', files: freshHeldOutFiles },
])('understanding, measured on the held-out batches $batch', ({ files }) => {
  const routing = heldOutRouting(kb, readHeldOut(files.routing, HeldOutRouting));
  const safety = safetyFigures(readHeldOut(files.safety, HeldOutSafety), kb.safetyModel);

  it('routes at least 92% of topic messages to the labelled topic', () => {
    expect(share(routing.topics.overall)).toBeGreaterThanOrEqual(0.92);
  });

  it('flags at least 95% of crisis messages crisis or check, and most check messages', () => {
    expect(share(safety.crisisCaught)).toBeGreaterThanOrEqual(0.95);
    expect(share(safety.checkCaught)).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the crisis reply to at most 3% of non-crisis, 2% of safe or distressed messages and 5% of idioms', () => {
    expect(1 - share(safety.nonCrisisClear)).toBeLessThanOrEqual(0.03);
    expect(1 - share(safety.safeClear)).toBeLessThanOrEqual(0.02);
    expect(1 - share(safety.idiomsClear)).toBeLessThanOrEqual(0.05);
  });
});

it('reads at least 95% of the labelled fact fields right', () => {
  expect(share(factFigures(kb, readStories()).overall)).toBeGreaterThanOrEqual(0.95);
});
