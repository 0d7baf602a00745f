/**
 * The Discord adapter end to end: the real discord.js `Client` logged in to the fake Discord
 * server (REST via `rest.api`, gateway over ws from its `/gateway/bot`), the real Conversation
 * and engine behind it, and a real redis-server where a session must survive a reconnect or a
 * second process. Every REST call the bot makes is recorded by the fake and checked.
 */
import { Writable } from 'node:stream';
import { GatewayIntentBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../src/bots/conversation.ts';
import { slashCommands } from '../../src/bots/discord/commandDefinitions.ts';
import { CommandDeployError, deployCommands } from '../../src/bots/discord/deployCommands.ts';
import {
  DiscordConfigError,
  DiscordGatewayClosedError,
  startDiscordBot,
} from '../../src/bots/discord/discordBot.ts';
import { discordPersonKey } from '../../src/bots/discord/discordInput.ts';
import { servePlatforms } from '../../src/bots/servePlatforms.ts';
import { deployCommandsCommand } from '../../src/cli/deployCommandsCommand.ts';
import { openRuntime } from '../../src/cli/runtime.ts';
import { readConfig } from '../../src/config.ts';
import { say } from '../../src/dialogue/say.ts';
import type { Session } from '../../src/dialogue/session.ts';
import { sessionCodec } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { createLogger } from '../../src/log.ts';
import { advise } from '../../src/rules/advise.ts';
import type { Profile } from '../../src/rules/profile.ts';
import { MemorySessionStore } from '../../src/store/memorySessionStore.ts';
import { RedisSessionStore } from '../../src/store/redisSessionStore.ts';
import type { SessionStore } from '../../src/store/sessionStore.ts';
import { type RedisServerHandle, startRedisServer } from '../support/redisServer.ts';
import {
  CallbackType,
  type CommandOption,
  FakeDiscord,
  type FakeDiscordOptions,
  type FakeMessage,
  FakeMessageFlags,
  type RecordedRequest,
} from './fakes/discordApi.ts';

const kb = loadKnowledge();
const salt = 'cd'.repeat(16);
const optionTypes = { string: 3, integer: 4, boolean: 5 } as const;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // Newest first: checks run before the bot stops, the bot before its fake and stores.
  let failure: unknown;
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()?.();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
});

interface HarnessOptions {
  sessions?: SessionStore<Session>;
  env?: Record<string, string>;
  fake?: FakeDiscordOptions;
  /** Reuse a running fake (a second bot process against the same Discord). */
  reuseFake?: FakeDiscord;
  deferAfterMs?: number;
}

/** A fake Discord, the slash commands deployed to it, and the bot started as `npm start` starts it. */
async function startHarness(options: HarnessOptions = {}) {
  const fake = options.reuseFake ?? (await FakeDiscord.start(options.fake));
  if (!options.reuseFake) cleanups.push(() => fake.close());
  const logs: string[] = [];
  const log = createLogger(
    'debug',
    new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const sessions = options.sessions ?? new MemorySessionStore<Session>({ codec: sessionCodec });
  cleanups.push(() => sessions.close());
  const config = readConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.restApi,
    DISCORD_CHANNEL_CHAT: 'true',
    ...options.env,
  });
  if (!options.reuseFake) await deployCommands(config, log, kb);
  const running = await startDiscordBot({
    config,
    conversation: new Conversation(sessions, kb, log),
    log,
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
  });
  cleanups.push(() => running.stop());
  const interactions: string[] = [];
  // Runs first on cleanup: every interaction answered exactly once, no message able to ping.
  cleanups.push(async () => {
    for (const id of interactions) {
      await fake.waitFor(() => fake.interactionResponses(id).acknowledgedWith !== null, 3000);
      const { callbacks } = fake.interactionResponses(id);
      expect(callbacks.map((c) => c.status < 300)).toEqual([true]);
    }
    for (const request of messageRequests(fake))
      expect(allowedMentions(request)).toEqual({ parse: [] });
    expect(logs.join('')).not.toContain(fake.token);
  });
  const user = fake.defaultUser.id;

  return {
    fake,
    running,
    sessions,
    logs,
    user,
    /** The session the store holds for a Discord user (default: the fake's default user). */
    session: (userId = user) => sessions.read(discordPersonKey(userId)),
    /** `/name option:value …`, typed as the deployed command defines its options. */
    slash(name: string, given: Record<string, string | number | boolean> = {}, inGuild = true) {
      const command = slashCommands(kb).find((c) => c.name === name);
      const commandOptions: CommandOption[] = Object.entries(given).map(([option, value]) => {
        const type = command?.options.find((o) => o.name === option)?.type ?? 'string';
        return { name: option, type: optionTypes[type], value };
      });
      const sent = fake.slashCommand({
        name,
        inGuild,
        ...(commandOptions.length > 0 ? { options: commandOptions } : {}),
      });
      interactions.push(sent.id);
      return sent.id;
    },
    /** Clicks the newest button with this custom id (or the one on `messageId`). */
    press(customId: string, messageId?: string) {
      const sent = fake.pressButton({ customId, ...(messageId ? { messageId } : {}) });
      interactions.push(sent.id);
      return sent.id;
    },
    /** Picks `value` in the newest select menu with this custom id. */
    select(customId: string, value: string) {
      const sent = fake.selectOption({ customId, values: [value] });
      interactions.push(sent.id);
      return sent.id;
    },
  };
}

type Harness = Awaited<ReturnType<typeof startHarness>>;

/** The bodies of every REST request that creates or edits a message. */
function messageRequests(fake: FakeDiscord): RecordedRequest[] {
  return fake.requests().filter((r) => {
    if (r.path.endsWith('/callback')) {
      const type = (r.body as { type?: number } | undefined)?.type;
      return type === CallbackType.Reply || type === CallbackType.Update;
    }
    return (
      (r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path)) ||
      (r.path.startsWith('/webhooks/') && (r.method === 'POST' || r.method === 'PATCH'))
    );
  });
}

function allowedMentions(request: RecordedRequest): unknown {
  const body = request.body as {
    allowed_mentions?: unknown;
    data?: { allowed_mentions?: unknown };
  };
  return request.path.endsWith('/callback') ? body.data?.allowed_mentions : body.allowed_mentions;
}

function componentIds(message: FakeMessage | null | undefined): string[] {
  const ids: string[] = [];
  const walk = (items: unknown) => {
    for (const item of Array.isArray(items) ? items : []) {
      const c = item as { custom_id?: string; components?: unknown };
      if (c.custom_id) ids.push(c.custom_id);
      walk(c.components);
    }
  };
  walk(message?.components);
  return ids;
}

/** What the bot posted in answer to an interaction: its reply (types 4, 5) and follow-ups. */
function answers(h: Harness, interactionId: string): FakeMessage[] {
  const r = h.fake.interactionResponses(interactionId);
  const reply =
    r.acknowledgedWith === CallbackType.Reply || r.acknowledgedWith === CallbackType.DeferredReply
      ? [r.original]
      : [];
  return [...reply, ...r.followups].filter(
    (m): m is FakeMessage => m !== null && !(m.flags & FakeMessageFlags.Loading),
  );
}

/** Waits until the answer to an interaction asks `question`, and returns that message. */
async function asked(h: Harness, interactionId: string, question: string): Promise<FakeMessage> {
  const asks = (m: FakeMessage) =>
    componentIds(m).some((id) => id.startsWith(`q:${question}:`) || id === `s:${question}`);
  await h.fake.waitFor(
    () => answers(h, interactionId).some(asks),
    5000,
    `question ${question} in answer to ${interactionId}`,
  );
  return answers(h, interactionId).find(asks) as FakeMessage;
}

/** Waits for the advice card in answer to an interaction and returns its text, unescaped. */
async function adviceIn(h: Harness, interactionId: string, advice: { headline: string }) {
  await h.fake.waitFor(
    () => answers(h, interactionId).some((m) => plain(m.content).includes(advice.headline)),
    5000,
    `advice "${advice.headline}"`,
  );
  return answers(h, interactionId).find((m) =>
    plain(m.content).includes(advice.headline),
  ) as FakeMessage;
}

/** Message content as a person reads it: markdown escapes and emphasis removed. */
/** A DM conversation: what the bot has said there, and a way to say something and wait for the reply. */
function directMessages(h: Harness) {
  const dm = h.fake.dmChannelId(h.user);
  const botSays = () => h.fake.botMessages(dm);
  const reply = async (content: string, count: number) => {
    h.fake.sendDirectMessage({ content });
    await h.fake.waitFor(() => botSays().length >= count, 5000, `reply ${count} to "${content}"`);
    return botSays().at(-1) as FakeMessage;
  };
  return { botSays, reply };
}

function plain(content: string): string {
  return content.replace(/\\(.)/g, '$1').replace(/\*\*|\*/g, '');
}

/** Answers the guided retake flow by pressing one button per question. */
async function pressThroughRetake(
  h: Harness,
  first: string,
  answersByFact: Record<string, string>,
) {
  let last = first;
  for (const [fact, option] of Object.entries(answersByFact)) {
    const message = await asked(h, last, fact);
    last = h.press(`q:${fact}:${option}`, message.id);
  }
  return last;
}

describe('deploy-commands', () => {
  it('registers every command globally, or in one server with DISCORD_GUILD_ID', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: `${fake.restApi}/`,
      LOG_LEVEL: 'silent',
    };
    expect(await deployCommandsCommand([], env)).toMatch(/^Registered 13 slash commands globally/);
    expect(fake.registeredCommands().map((c) => c.name)).toEqual(
      slashCommands(kb).map((c) => c.name),
    );
    const retake = fake.registeredCommands().find((c) => c.name === 'retake');
    expect(retake?.options?.map((o) => o.name)).toEqual([
      'exam',
      'attempts',
      'passed',
      'practice',
      'extra_time',
      'afraid',
      'cause',
      'weeks_to_exam',
    ]);
    expect(await deployCommandsCommand([], { ...env, DISCORD_GUILD_ID: fake.guild.id })).toMatch(
      /^Registered 13 slash commands in server/,
    );
    expect(fake.registeredCommands(fake.guild.id)).toHaveLength(13);
    // Running it again replaces the set rather than adding to it.
    await deployCommandsCommand(['--global'], { ...env, DISCORD_GUILD_ID: fake.guild.id });
    expect(fake.registeredCommands()).toHaveLength(13);
    expect(fake.requests({ method: 'PUT' })).toHaveLength(3);
  });

  it('says what is wrong when Discord refuses the token, and needs no token for --dry-run', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const config = readConfig({
      DISCORD_TOKEN: 'not-the-token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.restApi,
    });
    const refused = deployCommands(config, undefined, kb);
    await expect(refused).rejects.toBeInstanceOf(CommandDeployError);
    await expect(refused).rejects.toThrow(/401.*check DISCORD_TOKEN/);
    await expect(deployCommandsCommand([], { LOG_LEVEL: 'silent' })).rejects.toThrow(
      /DISCORD_TOKEN is not set/,
    );
    const printed = JSON.parse(await deployCommandsCommand(['--dry-run'], {})) as unknown[];
    expect(printed).toHaveLength(13);
  });
});

describe('quick answers from slash commands', () => {
  const full = {
    retake: {
      exam: 'step1',
      attempts: 1,
      passed: false,
      practice: 'below',
      extra_time: true,
      afraid: false,
      cause: 'content_gaps',
    },
    statement: {
      exam: 'in_training',
      attempts: 1,
      other_failures: 0,
      passed: false,
      improved: true,
      english: 'strong',
      applying_now: false,
    },
    step3: {
      exam: 'step1',
      passed: true,
      ecfmg: true,
      pass_strength: 'strong',
      prep_time: '3_to_6_months',
      confident: true,
      visa: 'j1',
    },
    cycles: {
      exam: 'step2ck',
      attempts: 1,
      passed: true,
      cycles: 2,
      realistic: true,
      programs: 'mostly_community',
      improved: true,
      usce: 'hands_on',
      interviews: 0,
      years_since_grad: 4,
      strain: 'low',
    },
  } as const;
  const facts: Record<keyof typeof full, Profile> = {
    retake: {
      failedExam: 'step1',
      failedAttempts: 1,
      retakePassed: false,
      practiceStanding: 'below',
      extraTimeUseful: true,
      fearOfFailing: false,
      failureCause: 'content_gaps',
    },
    statement: {
      failedExam: 'in_training',
      failedAttempts: 1,
      otherStepFailures: 0,
      retakePassed: false,
      scoresImproved: true,
      english: 'strong',
      applyingThisCycle: false,
    },
    step3: {
      failedExam: 'step1',
      retakePassed: true,
      ecfmgCertified: true,
      retakeStrength: 'strong',
      step3Time: '3_to_6_months',
      step3Confident: true,
      visa: 'j1',
    },
    cycles: {
      failedExam: 'step2ck',
      failedAttempts: 1,
      retakePassed: true,
      cyclesApplied: 2,
      strategyRealistic: true,
      programMix: 'mostly_community',
      scoresImproved: true,
      usce: 'hands_on',
      interviewsLastCycle: 0,
      yearsSinceGraduation: 4,
      strain: 'low',
    },
  };
  const expected = {
    retake: 'postpone_and_fix',
    statement: 'not_applicable',
    step3: 'take_step3',
    cycles: 'consider_pivot',
  } as const;

  it('answer each decision at once, in the interaction callback, only to the person who asked', async () => {
    const h = await startHarness();
    for (const topic of ['retake', 'statement', 'step3', 'cycles'] as const) {
      const advice = advise(topic, facts[topic], kb);
      expect(advice.verdict).toBe(expected[topic]);
      const id = h.slash(topic, full[topic]);
      await h.fake.waitFor(() => h.fake.interactionResponses(id).acknowledgedWith !== null);
      const r = h.fake.interactionResponses(id);
      expect(r.acknowledgedWith).toBe(CallbackType.Reply);
      expect(r.ephemeral).toBe(true);
      const content = (r.callbacks[0]?.data as { content?: string } | undefined)?.content ?? '';
      expect(plain(content)).toContain(advice.headline);
      // Stateless: nothing about the person was stored.
      expect(await h.session()).toBeUndefined();
    }
    const keepDate = advise('retake', { ...facts.retake, practiceStanding: 'well_above' }, kb);
    expect(keepDate.verdict).toBe('keep_date');
    const id = h.slash('retake', { ...full.retake, practice: 'well_above' });
    await adviceIn(h, id, keepDate);
  });

  it('answer with what they have when options are missing, and continue as a guided flow', async () => {
    const h = await startHarness();
    const statement = h.slash('statement', { exam: 'step2ck' });
    const quick = await adviceIn(h, statement, advise('statement', { failedExam: 'step2ck' }, kb));
    expect(quick.content).toContain(say(kb, 'discord.quick.more').slice(0, 30));
    expect(componentIds(quick)).toEqual([expect.stringMatching(/^f:statement:/)]);

    const given = { failedExam: 'step1', retakePassed: false } as const;
    const retake = h.slash('retake', { exam: 'step1', passed: false });
    const answer = await adviceIn(h, retake, advise('retake', given, kb));
    expect(plain(answer.content)).toContain('What I assumed');
    const [continueId] = componentIds(answer);
    const pressed = h.press(continueId ?? '');
    // Only what is still missing is asked: the exam and the pass came with the command.
    const last = await pressThroughRetake(h, pressed, {
      failedAttempts: '1',
      practiceStanding: 'below',
      extraTimeUseful: 'yes',
      fearOfFailing: 'no',
      failureCause: 'content_gaps',
      weeksToExam: '12',
    });
    const profile = {
      ...given,
      failedAttempts: 1,
      practiceStanding: 'below',
      extraTimeUseful: true,
      fearOfFailing: false,
      failureCause: 'content_gaps',
      weeksToExam: 12,
    } as const;
    const advice = advise('retake', profile, kb);
    expect(advice.verdict).toBe('postpone_and_fix');
    await adviceIn(h, last, advice);
    expect((await h.session())?.profile).toEqual(profile);
    // The quick answer now records the choice and has no button left to press twice.
    const r = h.fake.interactionResponses(pressed);
    expect(r.acknowledgedWith).toBe(CallbackType.Update);
    expect(r.original?.components).toEqual([]);
    expect(r.original?.content).toContain(`✓ *${say(kb, 'discord.quick.continue')}*`);
    expect(r.followups.every((m) => m.flags & FakeMessageFlags.Ephemeral)).toBe(true);
  });

  it('turn options from an outdated command into a notice, not an answer', async () => {
    const h = await startHarness();
    const id = h.slash('retake', { shoe_size: 'large' });
    await h.fake.waitFor(() => h.fake.interactionResponses(id).original !== null);
    const r = h.fake.interactionResponses(id);
    expect(r.ephemeral).toBe(true);
    expect(plain(r.original?.content ?? '')).toContain('run it again');
  });
});

describe('guided flows with buttons', () => {
  it('reach a verdict by button presses, every step visible only to the person', async () => {
    const h = await startHarness();
    const start = h.slash('advisor');
    const menu = await asked(h, start, 'menu');
    expect(h.fake.interactionResponses(start).ephemeral).toBe(true);
    const chosen = h.press('q:menu:retake', menu.id);
    const last = await pressThroughRetake(h, chosen, {
      failedExam: 'step2ck',
      failedAttempts: '2',
      retakePassed: 'no',
      practiceStanding: 'well_above',
      fearOfFailing: 'yes',
      failureCause: 'anxiety',
    });
    const profile = {
      failedExam: 'step2ck',
      failedAttempts: 2,
      retakePassed: false,
      practiceStanding: 'well_above',
      fearOfFailing: true,
      failureCause: 'anxiety',
    } as const;
    const advice = advise('retake', profile, kb);
    expect(advice.verdict).toBe('keep_date');
    await adviceIn(h, last, advice);
    expect((await h.session())?.profile).toEqual(profile);
    // Nothing of it reached the channel.
    expect(h.fake.channelMessages(h.fake.guild.textChannelId)).toEqual([]);
    const pressedMenu = h.fake.interactionResponses(chosen).original;
    expect(pressedMenu?.content).toContain('✓ *');
  });

  it('use a select menu for a long list of options', async () => {
    const h = await startHarness();
    const start = h.slash('outlook');
    let last = start;
    for (const [fact, option] of [
      ['failedExam', 'oet_ielts'],
      ['retakePassed', 'no'],
      ['yearsSinceGraduation', '1'],
      ['usce', 'hands_on'],
    ] as const) {
      const message = await asked(h, last, fact);
      last = h.press(`q:${fact}:${option}`, message.id);
    }
    await asked(h, last, 'targetSpecialty');
    const picked = h.select('s:targetSpecialty', 'psychiatry');
    const profile: Profile = {
      failedExam: 'oet_ielts',
      retakePassed: false,
      yearsSinceGraduation: 1,
      usce: 'hands_on',
      targetSpecialty: 'psychiatry',
    };
    await adviceIn(h, picked, advise('outlook', profile, kb));
    expect(h.fake.interactionResponses(picked).original?.content).toContain('✓ *Psychiatry*');
  });

  it('answer a forged or stale component with an ephemeral notice and change nothing', async () => {
    const h = await startHarness();
    const start = h.slash('advisor');
    const menu = await asked(h, start, 'menu');
    const question = await asked(h, h.press('q:menu:retake', menu.id), 'failedExam');
    const before = await h.session();

    // A modified client sends a custom_id this bot never made.
    const live = h.fake.message(question.id) as FakeMessage;
    const rows = live.components as unknown as { components: { custom_id: string }[] }[];
    const button = rows[0]?.components[0];
    if (!button) throw new Error('no button to forge');
    for (const forged of ['evil:drop', 'q:failedExam:step1:x', 'c:shutdown']) {
      button.custom_id = forged;
      const id = h.press(forged, question.id);
      await h.fake.waitFor(() => h.fake.interactionResponses(id).original !== null);
      const r = h.fake.interactionResponses(id);
      expect(r.acknowledgedWith).toBe(CallbackType.Reply);
      expect(r.ephemeral).toBe(true);
      expect(plain(r.original?.content ?? '')).toBe(say(kb, 'discord.component.invalid'));
    }
    expect(await h.session()).toEqual(before);
    expect(h.logs.join('')).toContain('component rejected');

    // A button of an earlier question, still on screen after the person went elsewhere.
    button.custom_id = 'q:failedExam:step1';
    // (/advisor would offer the open question again, so the person goes to /forget.)
    const again = await asked(h, h.slash('forget'), 'forget');
    const afterMenu = await h.session();
    const stale = h.press('q:failedExam:step1', question.id);
    await h.fake.waitFor(() => h.fake.interactionResponses(stale).original !== null);
    const r = h.fake.interactionResponses(stale);
    expect(r.acknowledgedWith).toBe(CallbackType.Reply);
    expect(r.ephemeral).toBe(true);
    expect(plain(r.original?.content ?? '')).toContain(say(kb, 'dialogue.stale_button'));
    expect(await h.session()).toEqual(afterMenu);
    // The stale question keeps its buttons; only a press that counts retires them.
    expect(componentIds(h.fake.message(question.id))).toContain('q:failedExam:step1');
    expect(componentIds(h.fake.message(again.id))).toContain('q:forget:no');
  });
});

describe('chat in channels and DMs', () => {
  it('answers a mention with a pointer to private advice, and ignores other chatter', async () => {
    const h = await startHarness();
    const channel = h.fake.guild.textChannelId;
    h.fake.sendGuildMessage({ content: 'anyone else failing step 1 twice?', username: 'dr_b' });
    const mention = h.fake.sendGuildMessage({
      content: 'should I retake in June?',
      mentionsBot: true,
    });
    await h.fake.waitFor(() => h.fake.botMessages(channel).length > 0);
    const [reply, ...more] = h.fake.botMessages(channel);
    expect(more).toEqual([]);
    expect(reply?.message_reference?.message_id).toBe(mention.id);
    expect(reply?.mentions).toEqual([]);
    expect(plain(reply?.content ?? '')).toContain('only you will see my answers');
    expect(componentIds(reply)).toEqual(['c:start']);

    // Pressing it starts privately; the channel's message stays as it is for everyone else.
    const pressed = h.press('c:start', reply?.id);
    await asked(h, pressed, 'menu');
    const r = h.fake.interactionResponses(pressed);
    expect(r.acknowledgedWith).toBe(CallbackType.Reply);
    expect(r.ephemeral).toBe(true);
    expect(componentIds(h.fake.message(reply?.id ?? ''))).toEqual(['c:start']);
    expect(h.fake.botMessages(channel)).toHaveLength(1);
    // What people say is theirs: it never reaches the logs, even at debug level.
    expect(h.logs.join('')).not.toContain('retake in June');
  });

  it('holds a whole conversation in a DM, typed or with buttons', async () => {
    const h = await startHarness();
    const { botSays, reply } = directMessages(h);
    expect(componentIds(await reply('hi', 1))).toContain('q:menu:retake');
    expect(componentIds(await reply('retake', 2))).toContain('q:failedExam:step1');
    for (const [i, said] of ['step 1', '1', 'no', 'below', 'yes'].entries())
      await reply(said, 3 + i);
    // One answer by button: the question is updated in place, the next one posted after it.
    const pressed = h.press('q:fearOfFailing:no');
    await h.fake.waitFor(() => botSays().length >= 8);
    expect(h.fake.interactionResponses(pressed).acknowledgedWith).toBe(CallbackType.Update);
    expect(h.fake.interactionResponses(pressed).ephemeral).toBe(false);
    await reply('content', 9);
    const last = await reply('not sure', 10);
    const profile = {
      failedExam: 'step1',
      failedAttempts: 1,
      retakePassed: false,
      practiceStanding: 'below',
      extraTimeUseful: true,
      fearOfFailing: false,
      failureCause: 'content_gaps',
    } as const;
    const advice = advise('retake', profile, kb);
    expect(advice.verdict).toBe('postpone_and_fix');
    expect(botSays().some((m) => plain(m.content).includes(advice.headline))).toBe(true);
    expect(componentIds(last)).toContain('q:next:why');
    expect((await h.session())?.profile).toEqual(profile);

    // Slash commands in the DM are ordinary messages; in a server the same session is private.
    const why = h.slash('why', {}, false);
    await h.fake.waitFor(() => answers(h, why).length > 0);
    expect(h.fake.interactionResponses(why).ephemeral).toBe(false);
    expect(plain(answers(h, why)[0]?.content ?? '')).toContain(advice.headline);
    const shown = h.slash('profile');
    await h.fake.waitFor(() => answers(h, shown).length > 0);
    expect(h.fake.interactionResponses(shown).ephemeral).toBe(true);
    expect(plain(answers(h, shown)[0]?.content ?? '')).toContain('USMLE Step 1');
  });

  it('asks directly in a DM when a message suggests possible risk, and handles yes and no', async () => {
    const h = await startHarness();
    const { botSays, reply } = directMessages(h);
    expect(componentIds(await reply('retake', 1))).toContain('q:failedExam:step1');
    const asked = await reply('honestly i feel like a burden to everyone', 2);
    expect(plain(asked.content)).toMatch(/thoughts of ending your life/);
    expect(componentIds(asked)).toEqual([
      'q:safety_check:yes',
      'q:safety_check:no',
      'q:safety_check:unsure',
    ]);
    const pressed = h.press('q:safety_check:no');
    await h.fake.waitFor(() =>
      componentIds(botSays().at(-1) as FakeMessage).includes('q:failedExam:step1'),
    );
    expect(h.fake.interactionResponses(pressed).acknowledgedWith).toBe(CallbackType.Update);
    expect(botSays().some((m) => /glad/.test(plain(m.content)))).toBe(true);
    const again = await reply('what is the point of anything anymore', botSays().length + 1);
    expect(componentIds(again)).toContain('q:safety_check:yes');
    h.fake.sendDirectMessage({ content: 'yes' });
    await h.fake.waitFor(() => botSays().some((m) => /glad you told me/.test(plain(m.content))));
    await h.fake.waitFor(() =>
      componentIds(botSays().at(-1) as FakeMessage).some((id) => id.startsWith('q:country:')),
    );
    expect((await h.session())?.state).toMatchObject({ kind: 'ask_country' });
  });

  it('never pings from echoed text: @everyone comes back as plain text with no mentions', async () => {
    const h = await startHarness();
    const dm = h.fake.dmChannelId(h.user);
    h.fake.sendDirectMessage({ content: 'retake' });
    await h.fake.waitFor(() => h.fake.botMessages(dm).length === 1);
    h.fake.sendDirectMessage({ content: `@everyone <@${h.user}> **look**` });
    await h.fake.waitFor(() => h.fake.botMessages(dm).length === 2);
    const echoed = h.fake.botMessages(dm)[1] as FakeMessage;
    expect(echoed.content).toContain('@\u200Beveryone');
    expect(echoed.content).toContain('\\*\\*look\\*\\*');
    expect(echoed.mention_everyone).toBe(false);
    expect(echoed.mentions).toEqual([]);
    const request = h.fake
      .requests({ method: 'POST', pathIncludes: `/channels/${dm}/messages` })
      .at(-1) as RecordedRequest;
    expect((request.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
  });

  it('reads no server channels without DISCORD_CHANNEL_CHAT, and needs no privileged intent', async () => {
    const h = await startHarness({
      env: { DISCORD_CHANNEL_CHAT: '' },
      fake: { allowedPrivilegedIntents: 0 },
    });
    expect(h.running.client.options.intents.has(GatewayIntentBits.GuildMessages)).toBe(false);
    expect(h.running.client.options.intents.has(GatewayIntentBits.MessageContent)).toBe(false);
    h.fake.sendGuildMessage({ content: 'hello?', mentionsBot: true });
    h.fake.sendDirectMessage({ content: 'hi' });
    await h.fake.waitFor(() => h.fake.botMessages().length > 0);
    expect(h.fake.botMessages(h.fake.guild.textChannelId)).toEqual([]);
    // Slash commands need no intent at all.
    await asked(h, h.slash('advisor'), 'menu');
  });
});

describe('deadlines, errors and rate limits', () => {
  /** A real in-memory store whose every update takes `ms` longer. */
  function slowStore(ms: number): SessionStore<Session> {
    const store = new MemorySessionStore<Session>({ codec: sessionCodec });
    return {
      update: async (key, turn) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return store.update(key, turn);
      },
      deliver: async (key, updateId, turn) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return store.deliver(key, updateId, turn);
      },
      claim: (key, updateId) => store.claim(key, updateId),
      read: (key) => store.read(key),
      forget: (key) => store.forget(key),
      close: () => store.close(),
    };
  }

  it('defers a slow turn within the deadline, then fills the reply', async () => {
    const h = await startHarness({ sessions: slowStore(300), deferAfterMs: 50 });
    const start = h.slash('advisor');
    const menu = await asked(h, start, 'menu');
    let r = h.fake.interactionResponses(start);
    expect(r.callbacks.map((c) => c.type)).toEqual([CallbackType.DeferredReply]);
    expect(r.ephemeral).toBe(true);
    expect(menu.id).toBe(r.original?.id);

    const pressed = h.press('q:menu:retake', menu.id);
    await asked(h, pressed, 'failedExam');
    r = h.fake.interactionResponses(pressed);
    expect(r.callbacks.map((c) => c.type)).toEqual([CallbackType.DeferredUpdate]);
    expect(r.original?.components).toEqual([]);
    expect(r.original?.content).toContain('✓ *');
  });

  it('logs a failed handler without the token, apologises privately and keeps serving', async () => {
    const h = await startHarness();
    h.fake.injectRestError({ method: 'POST', pathIncludes: '/callback', status: 400, code: 50035 });
    const failed = h.slash('advisor');
    await h.fake.waitFor(() => h.fake.interactionResponses(failed).original !== null);
    const r = h.fake.interactionResponses(failed);
    const callbacks = h.fake.requests({ pathIncludes: `/interactions/${failed}/` });
    expect(callbacks.map((c) => c.status)).toEqual([400, 204]);
    expect(r.ephemeral).toBe(true);
    expect(plain(r.original?.content ?? '')).toBe(say(kb, 'discord.apology'));
    const logged = h.logs.find((l) => l.includes('interaction failed'));
    expect(logged).toContain('"status":400');
    expect(logged).not.toMatch(/aW50ZXJhY3Rpb24/); // the interaction token
    // The process carries on.
    await asked(h, h.slash('advisor'), 'menu');
  });

  it('waits out a rate limit on a follow-up and loses nothing', async () => {
    const h = await startHarness();
    const menu = await asked(h, h.slash('advisor'), 'menu');
    h.fake.injectRestError({
      method: 'POST',
      pathIncludes: '/webhooks/',
      status: 429,
      retryAfterMs: 200,
    });
    const pressed = h.press('q:menu:retake', menu.id);
    await asked(h, pressed, 'failedExam');
    const followups = h.fake.requests({ method: 'POST', pathIncludes: '/webhooks/' });
    expect(followups.map((r) => r.status)).toEqual([429, 200]);
    expect(h.logs.join('')).toContain('discord rate limit');
  });

  it('refuses to start with a privileged intent the application may not use', async () => {
    const fake = await FakeDiscord.start({ allowedPrivilegedIntents: 0 });
    cleanups.push(() => fake.close());
    const sessions = new MemorySessionStore<Session>({ codec: sessionCodec });
    const silent = createLogger('silent');
    const start = startDiscordBot({
      config: readConfig({
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.restApi,
        DISCORD_CHANNEL_CHAT: 'true',
      }),
      conversation: new Conversation(sessions, kb, silent),
      log: silent,
    });
    await expect(start).rejects.toBeInstanceOf(DiscordConfigError);
    await expect(start).rejects.toThrow(/Message Content/);
  });

  it('reports through `done` when Discord ends the session for good', async () => {
    const h = await startHarness();
    h.fake.disconnectClient({ code: 4004 });
    await expect(h.running.done).rejects.toBeInstanceOf(DiscordGatewayClosedError);
  });
});

describe('sessions in Redis across reconnects and processes', () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.close();
  });
  const redisStore = () =>
    new RedisSessionStore<Session>({ url: redis.url, codec: sessionCodec, salt });

  it('loses nothing when the gateway drops and resumes in the middle of a flow', async () => {
    const h = await startHarness({ sessions: redisStore() });
    const menu = await asked(h, h.slash('advisor'), 'menu');
    const exam = await asked(h, h.press('q:menu:retake', menu.id), 'failedExam');
    const attempts = await asked(h, h.press('q:failedExam:step1', exam.id), 'failedAttempts');

    const shard = h.running.client.ws.shards.first();
    const resumed = new Promise<void>((resolve) => shard?.once('resumed', () => resolve()));
    h.fake.disconnectClient({ code: 4000 });
    // Pressed while the bot is disconnected: Discord replays it on RESUME.
    const pressed = h.press('q:failedAttempts:1', attempts.id);
    await resumed;
    const passed = await asked(h, pressed, 'retakePassed');
    expect(h.fake.gatewayStats()).toMatchObject({ identifies: 1, resumes: 1, openConnections: 1 });

    const last = await pressThroughRetake(h, h.press('q:retakePassed:no', passed.id), {
      practiceStanding: 'near',
      extraTimeUseful: 'no',
      fearOfFailing: 'no',
      failureCause: 'question_style',
      weeksToExam: '12',
    });
    const profile = {
      failedExam: 'step1',
      failedAttempts: 1,
      retakePassed: false,
      practiceStanding: 'near',
      extraTimeUseful: false,
      fearOfFailing: false,
      failureCause: 'question_style',
      weeksToExam: 12,
    } as const;
    await adviceIn(h, last, advise('retake', profile, kb));
    expect((await h.session())?.profile).toEqual(profile);
  });

  it('lets a second bot process continue a flow the first one started', async () => {
    const first = await startHarness({ sessions: redisStore() });
    const menu = await asked(first, first.slash('advisor'), 'menu');
    const exam = await asked(first, first.press('q:menu:statement', menu.id), 'failedExam');
    await first.running.stop();

    // Another process (own client, own Redis connection) takes over the same application.
    const second = await startHarness({ sessions: redisStore(), reuseFake: first.fake });
    const pressed = second.press('q:failedExam:oet_ielts', exam.id);
    const english = await asked(second, pressed, 'english');
    const done = await asked(
      second,
      second.press('q:english:strong', english.id),
      'applyingThisCycle',
    );
    const last = second.press('q:applyingThisCycle:no', done.id);
    const profile = {
      failedExam: 'oet_ielts',
      english: 'strong',
      applyingThisCycle: false,
    } as const;
    await adviceIn(second, last, advise('statement', profile, kb));
    expect((await second.session())?.profile).toEqual(profile);
  });
});

describe('servePlatforms (what `npm start` runs)', () => {
  it('serves Discord when its token is configured, and closes the stores on stop', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const runtime = openRuntime({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.restApi,
      LOG_LEVEL: 'silent',
    });
    const running = await servePlatforms(runtime);
    if (!running) throw new Error('Discord was not started');
    cleanups.push(() => running.stop());
    expect(running.names).toEqual(['discord']);
    const dm = fake.sendDirectMessage({ content: 'hi' });
    await fake.waitFor(() => fake.botMessages(dm.channel_id).length > 0);
    expect(fake.botMessages(dm.channel_id)[0]?.content).toContain('Trajectory');
    await running.stop();
    await expect(running.done).resolves.toBeUndefined();
    await expect(runtime.stores.sessions.read('discord:1')).rejects.toThrow(/unavailable/);
  });
});

describe('practice scores on Discord', () => {
  it('logs a score with /scores entry:…, and attaches the chart, privately in a server', async () => {
    const { decode } = await import('fast-png');
    const h = await startHarness();
    const { reply } = directMessages(h);
    await reply('I failed step 2 ck once', 1);
    await reply('nbme 9 205 on 1 oct', 2);
    await reply('uwsa 1 212 on 20 oct', 3);
    const logged = h.slash('scores', { entry: 'nbme 11 219 on 10 nov' });
    await h.fake.waitFor(() => answers(h, logged).length > 0);
    expect(plain(answers(h, logged)[0]?.content ?? '')).toMatch(/Logged NBME \(CCSSA\) #11: 219/);
    expect((await h.session())?.scores).toHaveLength(3);
    const chart = h.slash('scores', { entry: 'chart' });
    await h.fake.waitFor(
      () => answers(h, chart).some((m) => componentIds(m).includes('q:scores:add')),
      10000,
      'the chart and the buttons after it',
    );
    expect(h.fake.interactionResponses(chart).ephemeral).toBe(true);
    const uploads = h.fake
      .requests()
      .flatMap((r) => r.files)
      .filter((f) => f.name === 'scores.png');
    expect(uploads).toHaveLength(1);
    const png = decode(uploads[0]!.data);
    expect(png.width).toBeGreaterThan(500);
    expect(png.height).toBeGreaterThan(300);
  });
});
