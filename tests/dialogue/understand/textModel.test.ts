import { describe, expect, it } from 'vitest';
import {
  decodeTextModel,
  lookupTable,
  predictLabels,
  softmax,
  type TextModel,
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

  it('reads the same from weights kept beside their buckets as from a table of offsets', () => {
    // Many labels, so a slot holds several numbers of weights, and many buckets, so probes collide.
    const many = Array.from({ length: 300 }, (_, i) => ({
      text: `message ${i} about topic${i % 11} with word${i % 37} and thing${i % 53}`,
      label: `label${i % 11}`,
    }));
    const trained = trainOnTexts(many, options);
    const file = TextModelFile.parse(
      encodeTextModel(trained, 'd'.repeat(64), { messages: 300, epochs: 20 }),
    );
    const inline = decodeTextModel(file);
    expect(inline.inline).toBe(true);
    const k = file.labels.length;
    const buckets = Buffer.from(file.buckets, 'base64');
    const weights = new Int8Array(Buffer.from(file.weights, 'base64'));
    const offsets = new Map<number, number>();
    for (let i = 0; i < buckets.length / 4; i++) offsets.set(buckets.readUInt32LE(i * 4), i * k);
    const byOffset: TextModel = {
      ...inline,
      weights,
      table: lookupTable(offsets),
      stride: 2,
      inline: false,
    };
    for (const text of [...many.map((m) => m.text), 'an unseen message, topic3 word12', 'zzz']) {
      const features = textFeatures(text);
      expect([...predictLabels(inline, features)], text).toEqual([
        ...predictLabels(byOffset, features),
      ]);
    }
  });

  it('scores label by label exactly as feature by feature, to the bit', () => {
    // A plain feature-by-feature sum over a model with random weights: the label-by-label
    // loop must add the same numbers in the same order for any number of labels.
    for (const k of [2, 3, 4, 5, 22]) {
      let seed = k;
      const random = () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 2 ** 32;
      };
      const count = 40;
      const weights = Int8Array.from({ length: count * k }, () => Math.floor(random() * 255) - 127);
      const offsets = new Map<number, number>();
      for (let b = 0; b < count; b++) offsets.set(b * 7, b * k);
      const model: TextModel = {
        labels: Array.from({ length: k }, (_, c) => `l${c}`),
        digest: 'e'.repeat(64),
        bias: Float64Array.from({ length: k }, () => random() - 0.5),
        weights,
        scale: 0.0531,
        table: lookupTable(offsets),
        stride: 2,
        inline: false,
      };
      const buckets = Uint32Array.from({ length: 60 }, (_, i) => (i * 5) % 300);
      const features = { buckets, weights: Float32Array.from(buckets, () => random()) };
      const scores = Float64Array.from(model.bias);
      features.buckets.forEach((bucket, i) => {
        const offset = offsets.get(bucket);
        if (offset === undefined) return;
        for (let c = 0; c < k; c++)
          scores[c] = scores[c]! + weights[offset + c]! * (features.weights[i]! * model.scale);
      });
      expect([...predictLabels(model, features)], `k = ${k}`).toEqual([...softmax(scores)]);
    }
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
