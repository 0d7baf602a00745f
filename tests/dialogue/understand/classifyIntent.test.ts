import { describe, expect, it } from 'vitest';
import { intentName, readText } from '../../../src/dialogue/textReading.ts';
import { likeliestChoices, topicOf } from '../../../src/dialogue/understand/classifyIntent.ts';
import { Chat, kb } from '../engineHarness.ts';

const topic = (text: string) => {
  const name = intentName(readText(text, kb).intent);
  return topicOf(kb, name) ?? name;
};

describe('reading what people ask', () => {
  it.each([
    ['when to retake?', 'retake'],
    ['step3 worth it?', 'step3'],
    ['mention fail in ps?', 'statement'],
    ['soap or reapply?', 'cycles'],
    ['is it over for me?', 'outlook'],
    ['i failed, now what', 'plan'],
  ])('routes the short question "%s" to %s', (text, expected) => {
    expect(topic(text)).toBe(expected);
  });

  it('finds a second decision raised in its own sentence', () => {
    const reading = readText(
      'I am also thinking about whether step 3 would help my application. But mainly, when should I retake step 1 after failing it?',
      kb,
    );
    expect(reading.intent).toEqual({ kind: 'topic', topic: 'retake' });
    expect(reading.also).toBe('step3');
  });

  it('offers two or three likeliest choices for an unclear message, never "other"', () => {
    const reading = readText('hmm', kb);
    expect(reading.intent.kind).toBe('unclear');
    if (reading.intent.kind !== 'unclear') return;
    expect(reading.intent.candidates.length).toBeGreaterThanOrEqual(2);
    expect(reading.intent.candidates.length).toBeLessThanOrEqual(3);
    expect(reading.intent.candidates).not.toContain('other');
  });

  it('folds FAQs into their decision when offering choices', () => {
    const choices = likeliestChoices(kb, [
      { id: 'faq.postpone_from_fear', score: 0.3 },
      { id: 'retake', score: 0.25 },
      { id: 'other', score: 0.2 },
      { id: 'plan', score: 0.15 },
    ]);
    expect(choices).toEqual(['retake', 'plan']);
  });
});

describe('two topics in one message, in the conversation', () => {
  it('answers the main one and offers the other as a choice after the answer', () => {
    const chat = new Chat();
    chat.say(
      'I am also thinking about whether step 3 would help my application. But mainly, when should I retake step 1 after failing it?',
    );
    expect(chat.session?.state).toMatchObject({ kind: 'asking', topic: 'retake', also: 'step3' });
    for (let i = 0; i < 10 && chat.asking !== 'next'; i++) chat.say('not sure');
    expect(chat.asking).toBe('next');
    const next = chat.replies.at(-1);
    expect(next?.kind === 'question' && next.options[0]).toMatchObject({ id: 'step3' });
    chat.say('[next:step3]');
    expect(chat.session?.state).toMatchObject({ topic: 'step3' });
  });
});
