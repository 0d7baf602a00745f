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
    // The engine answers it (after the greeting a first message gets), then the open question.
    const listed = await conversation.handle('console:1', { kind: 'text', text: 'reminders' });
    expect(listed).toContainEqual({ kind: 'text', text: expect.stringMatching(/none run here/) });
    expect(listed.at(-1)).toMatchObject({ kind: 'question', id: 'menu' });
  });
});

describe('a check-in chosen in the conversation', () => {
  /** A conversation with a schedule hook that records what it was asked, at a fixed clock. */
  function scheduling(now: number, fail = false) {
    const scheduled: { person: string; kind: string; at: string; zone: string; every?: number }[] =
      [];
    const store = new MemorySessionStore<Session>({ codec: sessionCodec });
    const conversation = new Conversation(store, kb, createLogger('silent'), unobserved, {
      now: () => now,
      scheduleReminder: async (person, checkIn) => {
        if (fail) throw new Error('redis down');
        scheduled.push({
          person,
          kind: checkIn.kind,
          at: checkIn.at.toISOString(),
          zone: checkIn.quiet.timeZone,
          ...(checkIn.everyDays ? { every: checkIn.everyDays } : {}),
        });
        return checkIn.at;
      },
    });
    return { conversation, scheduled, store };
  }
  const texts = (replies: { kind: string; text?: string }[]) =>
    replies.map((r) => r.text ?? '').join('\n');

  it('schedules after the save, says when in the person’s zone, before the next question', async () => {
    // 2026-12-02 10:00 UTC = 15:30 in Kolkata.
    const now = Date.parse('2026-12-02T10:00:00Z');
    const { conversation, scheduled, store } = scheduling(now);
    const person = 'telegram:5';
    let update = 0;
    const say = async (input: unknown) =>
      (await conversation.deliver(person, `t.${++update}`, input)).replies;
    await say({ kind: 'text', text: 'I failed step 2 ck and my exam is in 6 weeks' });
    await say({ kind: 'command', name: 'plan' });
    await say({ kind: 'choice', question: 'next', option: 'checkins' });
    await say({ kind: 'choice', question: 'checkin', option: 'before_exam' });
    const replies = await say({ kind: 'text', text: 'India' });
    expect(scheduled).toEqual([
      {
        person,
        kind: 'before_exam',
        at: new Date(now + 39 * 86_400_000).toISOString(),
        zone: 'Asia/Kolkata',
      },
    ]);
    expect(texts(replies)).toContain(
      'Done: a check-in (before the exam) on Sun 10 Jan 2027, 15:30',
    );
    const confirmation = replies.findIndex((r) => r.kind === 'text' && /Done:/.test(r.text));
    const question = replies.findIndex((r) => r.kind === 'question');
    expect(confirmation).toBeGreaterThanOrEqual(0);
    expect(confirmation).toBeLessThan(question);
    expect((await store.read(person))?.timeZone).toBe('Asia/Kolkata');
  });

  it('takes "today" for the score log from the person’s zone', async () => {
    // 20:00 UTC on 2 Dec is already 3 Dec in Kolkata.
    const now = Date.parse('2026-12-02T20:00:00Z');
    const { conversation, store } = scheduling(now);
    const person = 'discord:6';
    const say = (input: unknown) => conversation.handle(person, input);
    await say({ kind: 'text', text: 'I failed step 2 ck and my exam is in 6 weeks' });
    await say({ kind: 'text', text: 'nbme 10 today 215' });
    expect((await store.read(person))?.scores?.at(-1)?.day).toBe('2026-12-02');
    await say({ kind: 'command', name: 'plan' });
    await say({ kind: 'choice', question: 'next', option: 'checkins' });
    await say({ kind: 'choice', question: 'checkin', option: 'practice_7' });
    await say({ kind: 'text', text: 'Asia/Kolkata' });
    await say({ kind: 'text', text: 'nbme 11 today 222' });
    expect((await store.read(person))?.scores?.at(-1)?.day).toBe('2026-12-03');
  });

  it('says so when the queue refuses, and keeps nothing half-done', async () => {
    const { conversation } = scheduling(Date.parse('2026-12-02T10:00:00Z'), true);
    const say = (input: unknown) => conversation.handle('telegram:7', input);
    await say({ kind: 'text', text: 'I failed step 1' });
    await say({ kind: 'command', name: 'plan' });
    await say({ kind: 'choice', question: 'next', option: 'checkins' });
    await say({ kind: 'choice', question: 'checkin', option: 'practice_3' });
    const replies = await say({ kind: 'choice', question: 'time_zone', option: 'utc' });
    expect(texts(replies)).toMatch(/couldn't set that check-in just now — nothing was scheduled/);
  });

  it('offers nothing to schedule in the terminal, and says where check-ins work', async () => {
    const { conversation, scheduled } = scheduling(Date.parse('2026-12-02T10:00:00Z'));
    const say = (input: unknown) => conversation.handle('console:me', input);
    await say({ kind: 'text', text: 'I failed step 1' });
    await say({ kind: 'command', name: 'plan' });
    const replies = await say({ kind: 'choice', question: 'next', option: 'checkins' });
    expect(texts(replies)).toMatch(/need the bot on Telegram \(a private chat\)\s+or Discord/);
    expect(scheduled).toEqual([]);
  });
});
