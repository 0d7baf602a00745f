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
