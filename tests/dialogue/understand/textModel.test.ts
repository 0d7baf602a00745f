import { describe, expect, it } from 'vitest';
import {
  decodeTextModel,
  predictLabels,
  TextModelFile,
} from '../../../src/dialogue/understand/textModel.ts';
import {
  encodeTextModel,
  textFeatures,
  trainOnTexts,
} from '../../../src/dialogue/understand/textModelTraining.ts';

const labelled = [
  ...[
    'when should i retake',
    'retake date soon?',
    'postpone my exam',
    'push the test back a month',
  ].map((text) => ({ text, label: 'retake' })),
  ...['step 3 before the match?', 'is step3 worth it', 'take step 3 now', 'step 3 for h1b'].map(
    (text) => ({ text, label: 'step3' }),
  ),
];
const options = { epochs: 20, rate: 0.4, l2: 1e-6, seed: 3 };

describe('the linear text model', () => {
  it('is deterministic: the same corpus and seed give the same file, byte for byte', () => {
    const a = encodeTextModel(trainOnTexts(labelled, options), 'a'.repeat(64), {
      messages: 8,
      epochs: 20,
    });
    const b = encodeTextModel(trainOnTexts(labelled, options), 'a'.repeat(64), {
      messages: 8,
      epochs: 20,
    });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('learns its training set and survives encoding, quantisation and decoding', () => {
    const file = TextModelFile.parse(
      encodeTextModel(trainOnTexts(labelled, options), 'b'.repeat(64), { messages: 8, epochs: 20 }),
    );
    const model = decodeTextModel(file);
    expect(model.labels).toEqual(['retake', 'step3']);
    for (const { text, label } of labelled) {
      const p = predictLabels(model, textFeatures(text));
      expect(model.labels[p[0]! > p[1]! ? 0 : 1], text).toBe(label);
    }
    // Typos share character n-grams with what was learned.
    const p = predictLabels(model, textFeatures('postphone my exm'));
    expect(p[0]).toBeGreaterThan(p[1]!);
  });

  it('rejects a file whose tables do not match', () => {
    const file = encodeTextModel(trainOnTexts(labelled, options), 'c'.repeat(64), {
      messages: 8,
      epochs: 20,
    });
    expect(() =>
      decodeTextModel({ ...file, weights: Buffer.from([1, 2, 3]).toString('base64') }),
    ).toThrow(/do not match/);
  });
});
