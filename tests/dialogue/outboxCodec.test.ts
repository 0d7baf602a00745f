import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialogue/engine.ts';
import type { Input } from '../../src/dialogue/input.ts';
import { decodeOutbox, encodeOutbox } from '../../src/dialogue/outboxCodec.ts';
import { freshSession, type Session } from '../../src/dialogue/session.ts';
import { kb } from './engineHarness.ts';

const script = [
  'hi',
  '/retake',
  'step 2',
  '2',
  'no',
  'below',
  'yes',
  'no',
  'time',
  'why',
  'back',
  'anxiety',
  '/plan',
  '/outlook',
  'profile',
  '/statement',
  '/step3',
  '/cycles',
  '/forget',
  'yes',
];

function inputOf(line: string): Input {
  return line.startsWith('/')
    ? { kind: 'command', name: line.slice(1) }
    : { kind: 'text', text: line };
}

describe('the outbox of unsent replies', () => {
  it('gives back exactly the replies of every turn of a long conversation', () => {
    let session: Session = freshSession();
    for (const line of script) {
      const result = step(session, inputOf(line), kb);
      const stored = encodeOutbox(result.replies, result.session, kb);
      expect(decodeOutbox(stored, kb), line).toEqual(result.replies);
      session = result.session ?? freshSession();
    }
  });

  it('keeps an advice card as a short reference, not its text', () => {
    let session: Session = freshSession();
    let largest = 0;
    for (const line of script.slice(0, 15)) {
      const result = step(session, inputOf(line), kb);
      const stored = encodeOutbox(result.replies, result.session, kb);
      if (result.replies.some((r) => r.kind === 'advice')) {
        largest = Math.max(largest, Buffer.byteLength(stored));
        expect(stored).toContain('["a",');
      }
      session = result.session ?? freshSession();
    }
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(1024);
  });

  it('reads unreadable data as no replies', () => {
    expect(decodeOutbox('{nope', kb)).toEqual([]);
    expect(decodeOutbox('{"a":1}', kb)).toEqual([]);
    expect(decodeOutbox('[["z"]]', kb)).toEqual([]);
  });
});

describe('the outbox kept small', () => {
  it('stores what knowledge/ rebuilds as references: questions, fixed texts, the explanation', () => {
    let session: Session = freshSession();
    const sizes: Record<string, number> = {};
    for (const line of ['hi', '/retake', 'step 2', '2', 'no', 'why', 'menu']) {
      const result = step(session, inputOf(line), kb);
      const stored = encodeOutbox(result.replies, result.session, kb);
      expect(decodeOutbox(stored, kb), line).toEqual(result.replies);
      sizes[line] = Buffer.byteLength(stored);
      session = result.session ?? freshSession();
    }
    // The welcome and its disclaimer (≈ 550 B of text), a fact's question, the menu.
    expect(sizes.hi).toBeLessThan(120);
    expect(sizes['step 2']).toBeLessThan(40);
    expect(sizes.menu).toBeLessThan(20);
    // An explanation is kilobytes of text; its reference is the session it follows from.
    expect(sizes.why).toBeLessThan(300);
  });

  it('leaves out a reply whose reference knowledge/ no longer has, and keeps the others', () => {
    const stored = JSON.stringify([
      ['t', ['no.such.entry']],
      ['t', 'still here'],
      ['f', 'nope'],
    ]);
    expect(decodeOutbox(stored, kb)).toEqual([{ kind: 'text', text: 'still here' }]);
  });
});
