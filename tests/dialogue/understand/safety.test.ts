import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../src/dialogue/understand/normalize.ts';
import { detectSafety } from '../../../src/dialogue/understand/safety.ts';

const level = (text: string) => detectSafety(normalizeText(text, 4000));

describe('detectSafety', () => {
  it.each([
    'I want to kill myself',
    'kms',
    'I have been thinking about suicide',
    "I don't want to live anymore",
    'I want to end it all',
    "what's the point of living",
    'everyone would be better off without me',
    'I took a bunch of pills',
    "I'm going to jump off the roof",
    'i wish i was dead',
    'I keep thinking about ending my life',
    "I'm not suicidal but sometimes I want to die",
  ])('reads "%s" as a crisis', (text) => {
    expect(level(text)).toBe('crisis');
  });

  it.each([
    'this exam is killing me',
    'dying to know my score',
    "I'm going to kill it on the retake",
    'my laptop died during the exam',
    'dead tired after the nbme',
    'the deadline is killing my motivation',
    'I would die for an interview',
    'I take my pills every morning',
    'kill me now, 40 questions to go',
  ])('reads "%s" as ordinary talk', (text) => {
    expect(level(text)).toBe('none');
  });

  it.each([
    'I feel like a failure',
    "I can't stop crying",
    'I let my whole family down',
    'I am so ashamed',
    'my father passed away before the exam',
    "I'm not suicidal, just really down",
    'I would never kill myself, I just feel hopeless',
  ])('reads "%s" as distress', (text) => {
    expect(level(text)).toBe('distress');
  });

  it('acknowledges someone who says they are scared, but not talk about fear of the exam', () => {
    expect(level("I'm scared to fail again")).toBe('distress');
    expect(level('im so scared')).toBe('distress');
    expect(level('honestly im terrified')).toBe('distress');
    expect(level('afraid of the retake')).toBe('none');
  });
});
