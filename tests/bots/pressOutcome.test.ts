import { describe, expect, it } from 'vitest';
import { Conversation } from '../../src/bots/conversation.ts';
import { pressOutcome } from '../../src/bots/pressOutcome.ts';
import type { Session } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/log.ts';
import { MemorySessionStore } from '../../src/store/memorySessionStore.ts';

const kb = loadKnowledge();

describe('pressOutcome', () => {
  it('tells an applied press, a stale one and one that could not be carried out apart', async () => {
    const conversation = new Conversation(
      new MemorySessionStore<Session>({ codec: sessionCodec }),
      kb,
      createLogger('silent'),
    );
    await conversation.handle('test:1', { kind: 'command', name: 'retake' });
    const applied = await conversation.handle('test:1', {
      kind: 'choice',
      question: 'failedExam',
      option: 'step1',
    });
    expect(pressOutcome(applied)).toBe('applied');
    const stale = await conversation.handle('test:1', {
      kind: 'choice',
      question: 'failedExam',
      option: 'step2ck',
    });
    expect(pressOutcome(stale)).toBe('stale');
    const rejected = await conversation.handle('test:1', {
      kind: 'choice',
      question: 'failedAttempts',
    });
    expect(pressOutcome(rejected)).toBe('unapplied');
    const forgotten = await conversation.handle('test:1', { kind: 'command', name: 'forget' });
    expect(pressOutcome(forgotten)).toBe('applied');
  });
});
