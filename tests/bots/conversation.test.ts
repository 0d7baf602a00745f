import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../src/bots/conversation.ts';
import type { Session } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/log.ts';
import { MemorySessionStore } from '../../src/store/memorySessionStore.ts';
import { RedisSessionStore } from '../../src/store/redisSessionStore.ts';
import { type SessionStore, StoreConflictError } from '../../src/store/sessionStore.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';

const kb = loadKnowledge();

function capturingLog() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}

const texts = (replies: Awaited<ReturnType<Conversation['handle']>>) =>
  replies.map((r) => (r.kind === 'advice' ? r.advice.headline : r.text)).join('\n');

describe('Conversation', () => {
  it('runs turns through the store and remembers them', async () => {
    const conversation = new Conversation(
      new MemorySessionStore<Session>({ codec: sessionCodec }),
      kb,
      capturingLog().log,
    );
    await conversation.handle('test:1', { kind: 'command', name: 'retake' });
    const replies = await conversation.handle('test:1', { kind: 'text', text: 'step 1' });
    expect(replies.at(-1)).toMatchObject({ kind: 'question', id: 'failedAttempts' });
  });

  it('answers a malformed input with a clear message and keeps the session', async () => {
    const store = new MemorySessionStore<Session>({ codec: sessionCodec });
    const conversation = new Conversation(store, kb, capturingLog().log);
    await conversation.handle('test:2', { kind: 'command', name: 'retake' });
    const before = await store.read('test:2');
    for (const bad of [
      null,
      'text',
      { kind: 'choice' },
      { kind: 'text', text: 5 },
      { kind: 'facts', facts: { usce: 'lots' }, topic: 'retake' },
    ]) {
      expect(texts(await conversation.handle('test:2', bad))).toMatch(/couldn't read that message/);
    }
    expect(await store.read('test:2')).toEqual(before);
  });

  it('forget deletes the stored session', async () => {
    const store = new MemorySessionStore<Session>({ codec: sessionCodec });
    const conversation = new Conversation(store, kb, capturingLog().log);
    await conversation.handle('test:3', { kind: 'command', name: 'retake' });
    await conversation.handle('test:3', { kind: 'command', name: 'forget' });
    expect(texts(await conversation.handle('test:3', { kind: 'text', text: 'yes' }))).toMatch(
      /deleted everything/,
    );
    expect(await store.read('test:3')).toBeUndefined();
  });

  it('says so when several messages keep colliding, and apologises for a bug, without throwing', async () => {
    const conflicting: SessionStore<Session> = {
      update: () => Promise.reject(new StoreConflictError(20)),
      deliver: () => Promise.reject(new StoreConflictError(20)),
      claim: () => Promise.reject(new StoreConflictError(20)),
      read: () => Promise.resolve(undefined),
      forget: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const { log, lines } = capturingLog();
    expect(
      texts(
        await new Conversation(conflicting, kb, log).handle('test:4', { kind: 'text', text: 'hi' }),
      ),
    ).toMatch(/send the last one again/);
    const broken: SessionStore<Session> = {
      ...conflicting,
      update: () => Promise.reject(new TypeError('boom')),
    };
    expect(
      texts(await new Conversation(broken, kb, log).handle('test:4', { kind: 'text', text: 'hi' })),
    ).toMatch(/something went wrong/);
    expect(lines.join('')).toContain('boom');
  });

  describe('with Redis', () => {
    let redis: RedisServerHandle;
    beforeAll(async () => {
      redis = await startRedisServer({ persist: true });
    });
    afterAll(async () => {
      await redis?.close();
    });

    it('tells the person when Redis is down and loses nothing once it is back', async () => {
      const store = new RedisSessionStore<Session>({
        url: redis.url,
        codec: sessionCodec,
        salt: 'ef'.repeat(16),
      });
      const { log, lines } = capturingLog();
      const conversation = new Conversation(store, kb, log);
      try {
        await conversation.handle('telegram:42', { kind: 'command', name: 'retake' });
        await conversation.handle('telegram:42', { kind: 'text', text: 'step 2' });
        await redis.stop();
        expect(
          texts(await conversation.handle('telegram:42', { kind: 'text', text: '2' })),
        ).toMatch(/can't reach my memory/);
        await redis.restart();
        // The store reconnects in the background; a person resending a moment later gets through.
        let replies = await conversation.handle('telegram:42', { kind: 'text', text: '2' });
        for (let i = 0; i < 100 && /can't reach my memory/.test(texts(replies)); i++) {
          await new Promise((r) => setTimeout(r, 30));
          replies = await conversation.handle('telegram:42', { kind: 'text', text: '2' });
        }
        expect(replies.at(-1)).toMatchObject({ kind: 'question', id: 'retakePassed' });
        expect(lines.join('')).not.toContain('telegram:42');
      } finally {
        await store.close();
      }
    });
  });
});
