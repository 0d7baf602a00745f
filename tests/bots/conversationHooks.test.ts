import { describe, expect, it } from 'vitest';
import { Conversation } from '../../src/bots/conversation.ts';
import { unobserved } from '../../src/bots/turnObserver.ts';
import type { Session } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryCounts } from '../../src/metrics/counts.ts';
import { MemorySessionStore } from '../../src/store/memorySessionStore.ts';

const kb = loadKnowledge();

describe('what a conversation reports outside itself', () => {
  it('counts scores logged (numbers only) and hands forget on to the reminder jobs', async () => {
    const counts = new MemoryCounts();
    const forgotten: string[] = [];
    const conversation = new Conversation(
      new MemorySessionStore<Session>({ codec: sessionCodec }),
      kb,
      createLogger('silent'),
      unobserved,
      { counts, onForget: async (person) => void forgotten.push(person) },
    );
    const say = (text: string) => conversation.handle('telegram:9', { kind: 'text', text });
    await say('I failed step 2 ck');
    await say('ck: nbme 9 205, uwsa 2 218 on 28 nov');
    expect(counts.get('scores_logged')).toBe(2);
    await say('forget');
    expect(forgotten).toEqual([]);
    await say('yes');
    expect(forgotten).toEqual(['telegram:9']);
  });

  it('still answers when deleting elsewhere fails', async () => {
    const conversation = new Conversation(
      new MemorySessionStore<Session>({ codec: sessionCodec }),
      kb,
      createLogger('silent'),
      unobserved,
      {
        onForget: async () => {
          throw new Error('redis down');
        },
      },
    );
    await conversation.handle('discord:1', { kind: 'text', text: 'forget' });
    const replies = await conversation.handle('discord:1', { kind: 'text', text: 'yes' });
    expect(replies[0]?.kind).toBe('text');
  });
});

describe('the stop button of a delivered reminder', () => {
  it('cancels that kind for the person, outside the session; a forged kind changes nothing', async () => {
    const stopped: string[] = [];
    const store = new MemorySessionStore<Session>({ codec: sessionCodec });
    const conversation = new Conversation(store, kb, createLogger('silent'), unobserved, {
      stopReminders: async (person, kind) => {
        stopped.push(`${person} ${kind}`);
        return 1;
      },
    });
    const press = (option: string) =>
      conversation.deliver('telegram:9', `t1.${option}`, {
        kind: 'choice',
        question: 'reminder_stop',
        option,
      });
    const done = await press('practice');
    expect(done.replies[0]).toMatchObject({ kind: 'text', text: expect.stringMatching(/again/) });
    expect(stopped).toEqual(['telegram:9 practice']);
    expect(await store.read('telegram:9')).toBeUndefined();
    const forged = await press('everyone');
    expect(forged.replies[0]).toMatchObject({ notice: 'not_applied' });
    expect(stopped).toHaveLength(1);
  });

  it('says nothing was changed where reminders are not running', async () => {
    const conversation = new Conversation(
      new MemorySessionStore<Session>({ codec: sessionCodec }),
      kb,
      createLogger('silent'),
    );
    const [reply] = await conversation.handle('console:1', {
      kind: 'choice',
      question: 'reminder_stop',
      option: 'practice',
    });
    expect(reply).toMatchObject({ notice: 'not_applied', text: expect.stringMatching(/Nothing/) });
    const [listed] = await conversation.handle('console:1', { kind: 'text', text: 'reminders' });
    expect(listed).toMatchObject({ kind: 'text', text: expect.stringMatching(/none run here/) });
  });
});
