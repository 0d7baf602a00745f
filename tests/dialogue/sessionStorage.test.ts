import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialogue/engine.ts';
import { freshSession } from '../../src/dialogue/session.ts';
import { decodeSession, encodeSession } from '../../src/dialogue/sessionCodec.ts';
import { kb } from './engineHarness.ts';

describe('stored sessions', () => {
  it('round-trip through the compact stored form', () => {
    let session = freshSession();
    for (const text of ['hi', '/retake', 'step 1', '2', 'not sure', 'below']) {
      session = step(
        session,
        text.startsWith('/') ? { kind: 'command', name: text.slice(1) } : { kind: 'text', text },
        kb,
      ).session!;
    }
    expect(decodeSession(encodeSession(session))).toEqual(session);
    expect(session.unsure).toEqual(['retakePassed']);
  });

  it.each([
    ['corrupt JSON', '{"v":1,"s":'],
    ['another version', JSON.stringify({ v: 99, s: { kind: 'menu' }, p: [] })],
    [
      'a value the schema rejects',
      JSON.stringify({ v: 1, s: { kind: 'asking', topic: 'retake', fact: 'nope' }, p: [] }),
    ],
    [
      'a profile value out of range',
      JSON.stringify({ v: 1, s: { kind: 'menu' }, p: ['step1', 99] }),
    ],
    ['not an object', '42'],
  ])('reset %s to a fresh session, and the person is told', (_what, raw) => {
    const session = decodeSession(raw);
    expect(session).toMatchObject({ state: { kind: 'welcome' }, profile: {}, notice: 'reset' });
    const result = step(session, { kind: 'text', text: 'hi' }, kb);
    expect(result.replies[0]).toEqual({
      kind: 'text',
      text: expect.stringMatching(/couldn't read what we'd saved/),
    });
    expect(result.session?.notice).toBeUndefined();
  });
});
