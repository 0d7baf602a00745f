import { once } from 'node:events';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  LabelBuilder,
  type Message,
  MessageFlags,
  ModalBuilder,
  Partials,
  Routes,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FakeDiscord,
  type FakeDiscordOptions,
  FakeIntents,
  FakeMessageFlags,
} from './discordApi.ts';

const ALL_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  // Destroy the client first: a closed gateway (code 1000) makes discord.js reconnect.
  await client?.destroy();
  client = undefined;
  await fake?.close();
  fake = undefined;
});

/** Starts a fake and logs a real discord.js client in; resolves once ClientReady fired. */
async function start(
  opts: { intents?: GatewayIntentBits[]; fake?: FakeDiscordOptions } = {},
): Promise<{ fake: FakeDiscord; client: Client }> {
  const f = await FakeDiscord.start(opts.fake);
  fake = f;
  const c = new Client({
    intents: opts.intents ?? ALL_INTENTS,
    partials: [Partials.Channel],
    rest: { api: f.restApi },
  });
  client = c;
  const ready = once(c, Events.ClientReady);
  await c.login(f.token);
  await ready;
  return { fake: f, client: c };
}

/** Collects events of one kind so a test can wait for them. */
function collect<T>(
  c: Client,
  event: typeof Events.MessageCreate | typeof Events.InteractionCreate,
) {
  const seen: T[] = [];
  c.on(event, (x: unknown) => seen.push(x as T));
  return seen;
}

/** Waits for the next interaction and runs `handler` on it, surfacing its errors. */
function handleNextInteraction(
  c: Client,
  handler: (interaction: Interaction) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    c.once(Events.InteractionCreate, (interaction) => {
      handler(interaction).then(resolve, reject);
    });
  });
}

describe('FakeDiscord with a real discord.js Client', () => {
  it('logs in and reaches ClientReady quickly, with the guild and channel cached', async () => {
    const t0 = Date.now();
    const { fake, client } = await start();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guild.id);
    expect(guild?.name).toBe(fake.guild.name);
    expect(guild?.available).toBe(true);
    const channel = client.channels.cache.get(fake.guild.textChannelId);
    expect(channel?.isTextBased()).toBe(true);
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    expect(fake.gatewayStats()).toMatchObject({ identifies: 1, resumes: 0, openConnections: 1 });
    expect(fake.requests({ method: 'GET', pathIncludes: '/gateway/bot' })).toHaveLength(1);
  });

  it('delivers guild messages with content when MessageContent is granted', async () => {
    const { fake, client } = await start();
    const seen = collect<Message>(client, Events.MessageCreate);
    fake.sendGuildMessage({ content: 'my Step 2 CK score came back', mentionsBot: true });
    fake.sendGuildMessage({ content: 'no mention here', username: 'dr_b' });
    await fake.waitFor(() => seen.length === 2, 2000, 'two messages');
    expect(seen[0]?.content).toBe(`<@${fake.botUser.id}> my Step 2 CK score came back`);
    expect(seen[0]?.mentions.users.has(fake.botUser.id)).toBe(true);
    expect(seen[0]?.inGuild()).toBe(true);
    expect(seen[0]?.member?.id).toBe(fake.defaultUser.id);
    expect(seen[1]?.content).toBe('no mention here');
    expect(seen[1]?.author.username).toBe('dr_b');
    // Without allowed_mentions a reply pings the replied-to author, as on Discord.
    const reply = await seen[1]!.reply('noted');
    expect(reply.reference?.messageId).toBe(seen[1]?.id);
    const stored = fake.message(reply.id);
    expect(stored?.mentions.map((u) => u.id)).toEqual([seen[1]?.author.id]);
    expect(stored?.type).toBe(19);
  });

  it('without MessageContent, guild content is empty unless the bot is mentioned; DMs keep it', async () => {
    const { fake, client } = await start({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.DirectMessages,
      ],
    });
    const seen = collect<Message>(client, Events.MessageCreate);
    fake.sendGuildMessage({ content: 'plain' });
    fake.sendGuildMessage({ content: 'hey bot', mentionsBot: true });
    fake.sendDirectMessage({ content: 'dm text' });
    await fake.waitFor(() => seen.length === 3, 2000, 'three messages');
    expect(seen.map((m) => m.content)).toEqual(['', `<@${fake.botUser.id}> hey bot`, 'dm text']);
  });

  it('without GuildMessages / DirectMessages intents those messages never arrive', async () => {
    const { fake, client } = await start({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    });
    const seen = collect<Message>(client, Events.MessageCreate);
    fake.sendGuildMessage({ content: 'lost', mentionsBot: true });
    fake.sendDirectMessage({ content: 'sentinel' }); // gateway order: arrives after the first
    await fake.waitFor(() => seen.length >= 1, 2000, 'sentinel DM');
    expect(seen.map((m) => m.content)).toEqual(['sentinel']);
  });

  it('delivers DMs; message.reply() and channel.send() are recorded and echoed', async () => {
    const { fake, client } = await start();
    const seen = collect<Message>(client, Events.MessageCreate);
    const userId = '123456789012345678';
    const dm = fake.sendDirectMessage({ content: 'should I retake?', userId, username: 'dr_x' });
    await fake.waitFor(() => seen.length === 1, 2000, 'DM');
    const msg = seen[0]!;
    expect(msg.channel.isDMBased()).toBe(true);
    expect(msg.channelId).toBe(fake.dmChannelId(userId));
    expect(msg.author.id).toBe(userId);
    expect(msg.content).toBe('should I retake?');

    if (!msg.channel.isSendable()) throw new Error('DM channel not sendable');
    const sent = await msg.reply({ content: 'Let us look at your timeline.', allowedMentions: {} });
    await msg.channel.send({ content: 'Second message', allowedMentions: { parse: [] } });
    expect(sent.id).toMatch(/^\d+$/);
    expect(sent.author.id).toBe(fake.botUser.id);
    expect(sent.content).toBe('Let us look at your timeline.');

    const posts = fake.requests({
      method: 'POST',
      pathIncludes: `/channels/${dm.channel_id}/messages`,
    });
    expect(posts).toHaveLength(2);
    expect(posts[0]?.body).toMatchObject({
      content: 'Let us look at your timeline.',
      allowed_mentions: {},
      message_reference: { message_id: dm.id },
    });
    expect(posts[1]?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    // Discord echoes the bot's own messages over the gateway.
    await fake.waitFor(() => seen.length === 3, 2000, 'echoes');
    expect(seen.slice(1).every((m) => m.author.id === fake.botUser.id)).toBe(true);
    expect(fake.channelMessages(dm.channel_id).map((m) => m.content)).toEqual([
      'should I retake?',
      'Let us look at your timeline.',
      'Second message',
    ]);
    // replied_user was not allowed, so the user was not pinged.
    expect(fake.channelMessages(dm.channel_id)[1]?.mentions).toEqual([]);

    // User attachments are served by the fake itself.
    fake.sendDirectMessage({
      content: 'my CV',
      userId,
      attachments: [{ name: 'cv.txt', content: 'MBBS 2019', contentType: 'text/plain' }],
    });
    await fake.waitFor(() => seen.length === 4, 2000, 'DM with attachment');
    const attachment = seen[3]?.attachments.first();
    expect(attachment?.name).toBe('cv.txt');
    expect(attachment?.url.startsWith(fake.origin)).toBe(true);
    expect(await (await fetch(attachment!.url)).text()).toBe('MBBS 2019');
  });

  it('delivers slash commands; an ephemeral reply with a button is recorded, a second fails', async () => {
    const { fake, client } = await start();
    const done = handleNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      const i: ChatInputCommandInteraction = interaction;
      expect(i.commandName).toBe('retake');
      expect(i.options.getString('exam')).toBe('step1');
      expect(i.options.getInteger('attempts')).toBe(2);
      expect(i.inGuild()).toBe(true);
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId('plan:yes')
          .setLabel('Make a plan')
          .setStyle(ButtonStyle.Primary),
      );
      await i.reply({ content: 'Wait 6 weeks.', flags: MessageFlags.Ephemeral, components: [row] });
      // discord.js refuses a second reply locally...
      await expect(i.reply({ content: 'again' })).rejects.toThrow(/already been sent or deferred/);
      // ...and Discord (the fake) refuses a second callback with 40060.
      const second = i.client.rest.post(Routes.interactionCallback(i.id, i.token), {
        body: { type: 4, data: { content: 'again' } },
        auth: false,
      });
      await expect(second).rejects.toMatchObject({ code: 40060, status: 400 });
    });
    const sent = fake.slashCommand({
      name: 'retake',
      options: [
        { name: 'exam', type: 3, value: 'step1' },
        { name: 'attempts', type: 4, value: 2 },
      ],
    });
    await done;
    const r = fake.interactionResponses(sent.id);
    expect(r.acknowledgedWith).toBe(4);
    expect(r.ephemeral).toBe(true);
    expect(r.original?.content).toBe('Wait 6 weeks.');
    expect((r.original?.flags ?? 0) & FakeMessageFlags.Ephemeral).toBe(64);
    expect(r.original?.components).toMatchObject([
      { type: 1, components: [{ type: 2, custom_id: 'plan:yes', label: 'Make a plan' }] },
    ]);
    expect(r.callbacks.map((c) => c.status)).toEqual([204, 400]);
    // Ephemeral replies are not channel messages.
    expect(fake.channelMessages(fake.guild.textChannelId)).toEqual([]);
  });

  it('deferReply() then editReply() and followUp() are recorded', async () => {
    const { fake, client } = await start();
    const done = handleNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.deferReply();
      const edited = await i.editReply({ content: 'Your plan: 1) ... 2) ...' });
      expect(edited.content).toBe('Your plan: 1) ... 2) ...');
      const follow = await i.followUp({ content: 'Anything else?', flags: MessageFlags.Ephemeral });
      expect(follow.flags.has(MessageFlags.Ephemeral)).toBe(true);
    });
    const sent = fake.slashCommand({ name: 'plan', inGuild: false });
    await done;
    const patch = fake.requests({ method: 'PATCH', pathIncludes: '/messages/@original' });
    expect(patch).toHaveLength(1);
    expect(patch[0]?.path).toBe(`/webhooks/${fake.applicationId}/${sent.token}/messages/@original`);
    const r = fake.interactionResponses(sent.id);
    expect(r.acknowledgedWith).toBe(5);
    expect(r.ephemeral).toBe(false);
    expect(r.original?.content).toBe('Your plan: 1) ... 2) ...');
    expect((r.original?.flags ?? 0) & FakeMessageFlags.Loading).toBe(0);
    expect(r.originalEdits).toMatchObject([{ content: 'Your plan: 1) ... 2) ...' }]);
    expect(r.followups.map((m) => [m.content, m.flags])).toEqual([['Anything else?', 64]]);
    // Non-ephemeral interaction responses appear in the channel (a DM here).
    const dmId = fake.dmChannelId(fake.defaultUser.id);
    expect(fake.channelMessages(dmId).map((m) => m.content)).toEqual(['Your plan: 1) ... 2) ...']);
  });

  it('the first follow-up after deferReply() fills the deferred message, as on Discord', async () => {
    const { fake, client } = await start();
    const done = handleNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.followUp({ content: 'done' });
    });
    const sent = fake.slashCommand({ name: 'plan' });
    await done;
    const r = fake.interactionResponses(sent.id);
    expect(r.original?.content).toBe('done');
    expect(r.ephemeral).toBe(true);
    expect(r.followups).toEqual([]);
  });

  it('button presses reach isButton(); update() (type 7) edits the message', async () => {
    const { fake, client } = await start();
    const channel = client.channels.cache.get(fake.guild.textChannelId);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    await channel.send({
      content: 'Ready for a plan?',
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('plan:go').setLabel('Go').setStyle(ButtonStyle.Success),
        ),
      ],
    });
    const done = handleNextInteraction(client, async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      expect(i.customId).toBe('plan:go');
      expect(i.message.content).toBe('Ready for a plan?');
      await i.update({ content: 'Plan started.', components: [] });
    });
    const sent = fake.pressButton({ customId: 'plan:go' });
    await done;
    const r = fake.interactionResponses(sent.id);
    expect(r.acknowledgedWith).toBe(7);
    expect(r.original).toMatchObject({ content: 'Plan started.', components: [] });
    const [botMessage] = fake.botMessages(fake.guild.textChannelId);
    expect(botMessage?.content).toBe('Plan started.');
    expect(() => fake.pressButton({ customId: 'nope' })).toThrow(/no component nope/);
  });

  it('select menus and modals round-trip', async () => {
    const { fake, client } = await start();
    const channel = client.channels.cache.get(fake.guild.textChannelId);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const menu = new StringSelectMenuBuilder()
      .setCustomId('exam')
      .addOptions({ label: 'Step 1', value: 'step1' }, { label: 'Step 2 CK', value: 'step2' });
    await channel.send({
      content: 'Which exam?',
      components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
    });
    const picked = handleNextInteraction(client, async (i) => {
      if (!i.isStringSelectMenu()) throw new Error('expected a select');
      expect(i.values).toEqual(['step2']);
      const modal = new ModalBuilder()
        .setCustomId('statement')
        .setTitle('Personal statement')
        .addLabelComponents(
          new LabelBuilder()
            .setLabel('Paste your draft')
            .setTextInputComponent(
              new TextInputBuilder().setCustomId('draft').setStyle(TextInputStyle.Paragraph),
            ),
          new LabelBuilder()
            .setLabel('Specialty')
            .setStringSelectMenuComponent(
              new StringSelectMenuBuilder()
                .setCustomId('specialty')
                .addOptions({ label: 'IM', value: 'im' }, { label: 'FM', value: 'fm' }),
            ),
        )
        // Legacy action rows still work too.
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder()
              .setCustomId('notes')
              .setLabel('Notes')
              .setStyle(TextInputStyle.Short)
              .setRequired(false),
          ),
        );
      await i.showModal(modal);
    });
    const select = fake.selectOption({ customId: 'exam', values: ['step2'] });
    await picked;
    expect(fake.interactionResponses(select.id).modal).toMatchObject({ custom_id: 'statement' });
    expect(() => fake.selectOption({ customId: 'exam', values: ['step3'] })).toThrow(/no option/);

    const submitted = handleNextInteraction(client, async (i) => {
      if (!i.isModalSubmit()) throw new Error('expected a modal submit');
      expect(i.fields.getTextInputValue('draft')).toBe('I am an IMG who...');
      expect(i.fields.getStringSelectValues('specialty')).toEqual(['im']);
      expect(i.fields.getTextInputValue('notes')).toBe('');
      await i.reply({ content: 'Thanks', flags: MessageFlags.Ephemeral });
    });
    expect(() => fake.submitModal({ customId: 'statement', values: {} })).toThrow(/requires/);
    const modal = fake.submitModal({
      customId: 'statement',
      values: { draft: 'I am an IMG who...', specialty: ['im'] },
    });
    await submitted;
    expect(fake.interactionResponses(modal.id).original?.content).toBe('Thanks');
  });

  it('withResponse returns the callback resource; files are sent as multipart', async () => {
    const { fake, client } = await start();
    const seen = collect<Message>(client, Events.MessageCreate);
    const done = handleNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      const res = await i.reply({
        content: 'Your plan is attached.',
        files: [new AttachmentBuilder(Buffer.from('week 1: ...'), { name: 'plan.txt' })],
        withResponse: true,
      });
      expect(res.resource?.message?.content).toBe('Your plan is attached.');
      expect(res.resource?.message?.attachments.first()?.name).toBe('plan.txt');
      expect(res.interaction.responseMessageEphemeral).toBe(false);
    });
    fake.slashCommand({ name: 'plan' });
    await done;
    const [callback] = fake.requests({ pathIncludes: '/callback' });
    expect(callback?.multipart).toBe(true);
    expect(callback?.query).toEqual({ with_response: 'true' });
    expect(callback?.files).toMatchObject([{ name: 'plan.txt', size: 11 }]);
    expect(callback?.files[0]?.data.toString()).toBe('week 1: ...');
    expect(callback?.body).toMatchObject({ type: 4, data: { content: 'Your plan is attached.' } });
    // A non-ephemeral reply is a channel message (type 20) and is dispatched to the bot.
    const [message] = fake.channelMessages(fake.guild.textChannelId);
    expect(message).toMatchObject({ type: 20, content: 'Your plan is attached.' });
    await fake.waitFor(() => seen.some((m) => m.id === message?.id), 2000, 'echo of the reply');
  });

  it('rejects an acknowledgement after the interaction window with 10062', async () => {
    const { fake, client } = await start({ fake: { interactionAckTimeoutMs: 100 } });
    const done = handleNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await new Promise((r) => setTimeout(r, 200));
      const err = await i.reply('too late').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DiscordAPIError);
      expect(err).toMatchObject({ code: 10062, status: 404 });
    });
    const sent = fake.slashCommand({ name: 'slow' });
    await done;
    expect(fake.interactionResponses(sent.id).acknowledgedWith).toBeNull();
  });

  it('enforces Discord limits: too-long content is 50035, empty messages 50006', async () => {
    const { fake, client } = await start();
    const channel = client.channels.cache.get(fake.guild.textChannelId);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    await expect(channel.send('x'.repeat(2001))).rejects.toMatchObject({
      code: 50035,
      rawError: { errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
    await expect(channel.send({ content: '' })).rejects.toMatchObject({ code: 50006 });
    expect(fake.botMessages()).toEqual([]);
  });

  it('resumes after a 4000 close and after op 7, replaying missed dispatches', async () => {
    const { fake, client } = await start();
    const seen = collect<Message>(client, Events.MessageCreate);
    const resumed = () =>
      new Promise<void>((r) => client.ws.shards.first()?.once('resumed', () => r()));

    let wait = resumed();
    fake.disconnectClient({ code: 4000 });
    fake.sendGuildMessage({ content: 'sent while disconnected', mentionsBot: true });
    await wait;
    await fake.waitFor(() => seen.length === 1, 3000, 'replayed message');
    expect(seen[0]?.content).toContain('sent while disconnected');

    wait = resumed();
    fake.disconnectClient({ reconnectOp7: true });
    fake.sendDirectMessage({ content: 'sent during op 7' });
    await wait;
    await fake.waitFor(() => seen.length === 2, 3000, 'second replayed message');
    expect(seen[1]?.content).toBe('sent during op 7');
    expect(fake.gatewayStats()).toMatchObject({ identifies: 1, resumes: 2, openConnections: 1 });

    // Still fully working afterwards.
    fake.sendGuildMessage({ content: 'after', mentionsBot: true });
    await fake.waitFor(() => seen.length === 3, 2000, 'message after resume');
  });

  it('answers heartbeats, re-identifies after op 9 and adds channels', async () => {
    const { fake, client } = await start({ fake: { heartbeatIntervalMs: 50 } });
    await fake.waitFor(() => fake.gatewayStats().heartbeats >= 3, 2000, 'heartbeats');
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);

    const channelId = fake.createTextChannel('retakes');
    await fake.waitFor(() => client.channels.cache.has(channelId), 2000, 'CHANNEL_CREATE');

    const seen = collect<Message>(client, Events.MessageCreate);
    fake.disconnectClient({ invalidSession: true });
    // discord.js throttles IDENTIFY to one per 5 s, so the new session can take a while.
    await fake.waitFor(() => fake.gatewayStats().identifies === 2, 8000, 'second IDENTIFY');
    fake.sendGuildMessage({ content: 'in the new session', channelId, mentionsBot: true });
    await fake.waitFor(() => seen.length === 1, 2000, 'message in new session');
    expect(seen[0]?.channelId).toBe(channelId);
    expect(fake.gatewayStats()).toMatchObject({ identifies: 2, resumes: 0, openConnections: 1 });
  });

  it('autocomplete choices, fetchReply() and deleteReply() are recorded', async () => {
    const { fake, client } = await start();
    const suggested = handleNextInteraction(client, async (i) => {
      if (!i.isAutocomplete()) throw new Error('expected autocomplete');
      expect(i.options.getFocused()).toBe('ste');
      await i.respond([{ name: 'Step 1', value: 'step1' }]);
    });
    const auto = fake.autocomplete({
      name: 'retake',
      options: [{ name: 'exam', type: 3, value: 'ste', focused: true }],
    });
    await suggested;
    expect(fake.interactionResponses(auto.id).autocompleteChoices).toEqual([
      { name: 'Step 1', value: 'step1' },
    ]);

    const done = handleNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.reply('temporary');
      expect((await i.fetchReply()).content).toBe('temporary');
      await i.deleteReply();
    });
    const sent = fake.slashCommand({ name: 'plan' });
    await done;
    const r = fake.interactionResponses(sent.id);
    expect(r.originalDeleted).toBe(true);
    expect(r.original).toBeNull();
    expect(fake.channelMessages(fake.guild.textChannelId)).toEqual([]);
  });

  it('records command registration (bulk overwrite) and rejects invalid commands', async () => {
    const { fake, client } = await start();
    const commands = await client.application!.commands.set([
      {
        name: 'retake',
        description: 'When to retake an exam',
        options: [{ name: 'exam', description: 'Which exam', type: 3, required: true }],
      },
      { name: 'plan', description: 'Build an action plan' },
    ]);
    expect(commands.map((c) => c.name).sort()).toEqual(['plan', 'retake']);
    const put = fake.requests({ method: 'PUT', pathIncludes: '/commands' });
    expect(put[0]?.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(fake.registeredCommands().map((c) => c.name)).toEqual(['retake', 'plan']);
    // Slash commands then carry the registered id.
    const sent = fake.slashCommand({ name: 'plan' });
    expect(sent.data.id).toBe(commands.find((c) => c.name === 'plan')?.id);

    await client.application!.commands.set(
      [{ name: 'guild-only', description: 'In one guild' }],
      fake.guild.id,
    );
    expect(fake.registeredCommands(fake.guild.id).map((c) => c.name)).toEqual(['guild-only']);

    await expect(
      client.application!.commands.set([{ name: 'Bad Name', description: 'x' }]),
    ).rejects.toMatchObject({ code: 50035 });
  });

  it('rejects disallowed privileged intents (4014) and a wrong token', async () => {
    fake = await FakeDiscord.start({ allowedPrivilegedIntents: 0 });
    client = new Client({ intents: ALL_INTENTS, rest: { api: fake.restApi } });
    await expect(client.login(fake.token)).rejects.toThrow(/disallowed intents/i);
    await client.destroy();

    client = new Client({ intents: ALL_INTENTS, rest: { api: fake.restApi } });
    await expect(client.login('wrong-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(fake.requests({ status: 401 })).toHaveLength(1);
    expect(FakeIntents.MessageContent).toBe(GatewayIntentBits.MessageContent);
  });

  it('injected 429s are retried by discord.js; unknown routes are 404', async () => {
    const { fake, client } = await start();
    fake.injectRestError({
      method: 'POST',
      pathIncludes: '/messages',
      status: 429,
      retryAfterMs: 50,
    });
    const channel = client.channels.cache.get(fake.guild.textChannelId);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const rateLimited: unknown[] = [];
    client.rest.on('rateLimited', (info) => rateLimited.push(info));
    await channel.send('after a rate limit');
    expect(
      fake.requests({ method: 'POST', pathIncludes: '/messages' }).map((r) => r.status),
    ).toEqual([429, 200]);
    expect(rateLimited).toHaveLength(1);

    const res = await fetch(`${fake.restApi}/v10/nowhere`, {
      headers: { authorization: `Bot ${fake.token}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: '404: Not Found', code: 0 });
    const unauthorized = await fetch(`${fake.restApi}/v10/users/@me`);
    expect(unauthorized.status).toBe(401);

    // waitFor failures explain what the bot did.
    await expect(fake.waitFor(() => false, 30, 'never')).rejects.toThrow(
      /waitFor\(never\) timed out[\s\S]*404 GET \/nowhere/,
    );
  });
});
