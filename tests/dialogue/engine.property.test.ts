import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialogue/engine.ts';
import type { Input } from '../../src/dialogue/input.ts';
import { Reply } from '../../src/dialogue/reply.ts';
import { freshSession, Session } from '../../src/dialogue/session.ts';
import { decodeSession, encodeSession } from '../../src/dialogue/sessionCodec.ts';
import { Topic } from '../../src/rules/advice.ts';
import { anyProfile } from '../rules/profileArbitrary.ts';
import { kb } from './engineHarness.ts';

const questionIds = [
  'menu',
  'next',
  'forget',
  'country',
  'clarify',
  'checkin',
  'time_zone',
  ...kb.questions.keys(),
];
const optionIds = [
  'yes',
  'no',
  'unsure',
  'why',
  'sharpen',
  'plan',
  'menu',
  'retake',
  'step1',
  '1',
  '4',
  'below',
  'bogus',
  'us',
  'in',
  'other',
  'outlook',
  'follow_forever',
  'programs_think_stupid',
  'checkins',
  'practice_3',
  'before_exam',
  'after_result',
  'application_season',
  'utc',
  'none',
];
const words = [
  'yes',
  'no',
  'back',
  'restart',
  'why',
  'plan',
  'profile',
  'forget',
  'help',
  'not sure',
  'step 1',
  '3',
  '/retake',
  'menu',
  '7',
  'I want to kill myself',
  'india',
  'I feel like a failure, what do I do now?',
  "failed CK twice, I'm 8 years out, no USCE, applying IM in 3 months. Should I push my exam back?",
  'will this follow me forever',
  'exam',
  'my nbmes are below passing and my retake is next month',
  'this exam is killing me',
  'passed it on my 3rd attempt, applied 2 cycles',
  'Lagos',
  'utc+5:30',
  'every 5 days',
  'Narnia',
  'reminders',
];

const anyText = fc.oneof(
  fc.string(),
  fc.constantFrom(...words),
  fc.constant(''),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '😭😭 failed',
    'رسبت في الامتحان',
    '\u0000\u0007\u001b[2J',
    '\u202Eevil',
    'a'.repeat(100_000),
  ),
  fc.string({
    unit: fc.constantFrom('\n', '\t', '\r', ' ', '<', '&', '*', '_', '\u27E6', '\u27E7'),
    maxLength: 30,
  }),
);

const anyInput: fc.Arbitrary<Input> = fc.oneof(
  anyText.map((text) => ({ kind: 'text' as const, text })),
  fc
    .record({ question: fc.constantFrom(...questionIds), option: fc.constantFrom(...optionIds) })
    .map((c) => ({ kind: 'choice' as const, ...c })),
  fc
    .record({ question: fc.string({ maxLength: 64 }), option: fc.string({ maxLength: 64 }) })
    .map((c) => ({ kind: 'choice' as const, ...c })),
  fc
    .oneof(
      fc.constantFrom(
        'start',
        'why',
        'back',
        'restart',
        'plan',
        'profile',
        'forget',
        'retake',
        'cycles',
        'launch',
      ),
      fc.string({ maxLength: 64 }),
    )
    .map((name) => ({ kind: 'command' as const, name })),
  fc
    .record({ facts: anyProfile, topic: fc.constantFrom(...Topic.options) })
    .map((f) => ({ kind: 'facts' as const, ...f })),
);

describe('the engine, for any sequence of inputs', () => {
  it('never throws, always replies, and leaves a schema-valid session that survives storage', () => {
    fc.assert(
      // Half the runs as a platform that can send check-ins, so their questions are reached too.
      fc.property(fc.array(anyInput, { maxLength: 50 }), fc.boolean(), (inputs, checkIns) => {
        let session = freshSession();
        for (const input of inputs) {
          const result = step(session, input, kb, { checkIns, today: '2026-12-02' });
          if (result.checkIn) expect(result.checkIn.inDays).toBeGreaterThanOrEqual(1);
          expect(result.replies.length).toBeGreaterThan(0);
          for (const reply of result.replies) Reply.parse(reply);
          session = result.session ?? freshSession();
          expect(Session.safeParse(session).success).toBe(true);
          const stored = encodeSession(session);
          expect(Buffer.byteLength(stored)).toBeLessThan(1024);
          expect(decodeSession(stored)).toEqual(session);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same session and input give the same result', () => {
    fc.assert(
      fc.property(fc.array(anyInput, { maxLength: 20 }), anyInput, (history, input) => {
        let session = freshSession();
        for (const h of history) session = step(session, h, kb).session ?? freshSession();
        expect(step(structuredClone(session), input, kb)).toEqual(step(session, input, kb));
      }),
      { numRuns: 200 },
    );
  });
});
