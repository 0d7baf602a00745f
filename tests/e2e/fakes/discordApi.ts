/**
 * A local fake of Discord (REST API + gateway websocket) that the REAL discord.js `Client` can log in
 * to, for end-to-end tests. It listens on 127.0.0.1 only and never contacts anything else.
 *
 * Usage:
 * ```ts
 * const fake = await FakeDiscord.start();
 * const client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.restApi } });
 * const ready = once(client, Events.ClientReady); // register before login()
 * await client.login(fake.token);
 * await ready;
 * fake.sendGuildMessage({ content: 'hello', mentionsBot: true });
 * await fake.waitFor(() => fake.channelMessages(fake.guild.textChannelId).length > 1);
 * await client.destroy(); // destroy the client BEFORE closing the fake
 * await fake.close();
 * ```
 *
 * What it emulates (see the tests next to this file for proof against discord.js):
 * - Gateway: HELLO / heartbeat ACK / IDENTIFY (token, intents, privileged-intent 4014) / READY +
 *   GUILD_CREATE / RESUME with replay of missed dispatches / op 7 / op 9; text JSON frames only.
 * - Intents: GuildMessages / DirectMessages gate MESSAGE_CREATE; without MessageContent guild message
 *   content is empty unless the bot is mentioned or is the author; the bot's own messages are echoed.
 * - Interactions: callbacks (types 4, 5, 6, 7, 8, 9), 40060 on a second acknowledgement, 10062 after
 *   the acknowledgement window (3 s), `?with_response=true`, @original edits, follow-ups (the first
 *   follow-up after a deferred reply fills the loading message, as on Discord).
 * - Validation Discord does server-side: empty messages (50006), content > 2000, embed / component
 *   limits and bad command definitions (50035 Invalid Form Body).
 * - Faults: injected REST errors and 429s with rate-limit headers, gateway disconnects.
 */

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  APIApplicationCommand,
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIDMChannel,
  APIGuildMember,
  APIInteraction,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIMessageComponentSelectMenuInteraction,
  APIModalSubmitInteraction,
  APIRole,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  RoleFlags,
} from 'discord.js';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

/** Gateway intent bits the fake acts on (same values as discord.js `GatewayIntentBits`). */
export const FakeIntents = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** The privileged intents; IDENTIFY asking for one that is not allowed is closed with 4014. */
export const PRIVILEGED_INTENTS =
  FakeIntents.GuildMembers | FakeIntents.GuildPresences | FakeIntents.MessageContent;

/** Message flag bits the fake interprets. */
export const FakeMessageFlags = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

/** Interaction callback types (`InteractionResponseType`). */
export const CallbackType = {
  Reply: 4,
  DeferredReply: 5,
  DeferredUpdate: 6,
  Update: 7,
  Autocomplete: 8,
  Modal: 9,
} as const;

const API_VERSION = 10;
const ALL_INTENTS = (1 << 26) - 1;
const DISCORD_EPOCH = 1420070400000n;
const MAX_LOGGED_DISPATCHES = 2000;

const perm = (bit: number): bigint => 1n << BigInt(bit);
/** @everyone permissions in the fake guild: view, send, embed, attach, history, react, use commands. */
const EVERYONE_PERMISSIONS = (
  perm(6) |
  perm(10) |
  perm(11) |
  perm(14) |
  perm(15) |
  perm(16) |
  perm(18) |
  perm(31) |
  perm(38)
).toString();

// Application flags advertised in READY for the allowed privileged intents.
const APP_FLAG_GATEWAY_PRESENCE = 1 << 12;
const APP_FLAG_GATEWAY_GUILD_MEMBERS = 1 << 14;
const APP_FLAG_GATEWAY_MESSAGE_CONTENT = 1 << 18;

let lastSnowflake = 0n;
/** Returns a new Discord-style snowflake (digits, strictly increasing, timestamp-based). */
export function nextSnowflake(): string {
  let id = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  if (id <= lastSnowflake) id = lastSnowflake + 1n;
  lastSnowflake = id;
  return id.toString();
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string => (typeof v === 'string' ? v : '');
const clone = <T>(v: T): T => structuredClone(v);
const nowIso = (): string => new Date().toISOString();

/** A message as stored and dispatched by the fake (the gateway MESSAGE_CREATE shape). */
export type FakeMessage = Omit<APIMessage, 'flags'> & {
  /** Message flags as a plain number (64 ephemeral, 128 loading). */
  flags: number;
  guild_id?: string;
  channel_type?: number;
  member?: Omit<APIGuildMember, 'user'>;
};

/** A file received in a multipart request. */
export interface RecordedFile {
  field: string;
  name: string;
  size: number;
  contentType: string;
  data: Buffer;
}

/** A file a fake user attaches to a message; served by the fake at the attachment's `url`. */
export interface FakeAttachmentInput {
  name: string;
  content: string | Buffer;
  contentType?: string;
  description?: string;
}

/** One REST request the fake received (the path is decoded and has no `/api/v10` prefix). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (for multipart requests: the parsed `payload_json` field). */
  body: unknown;
  files: RecordedFile[];
  /** Whether the body came as `multipart/form-data`. */
  multipart: boolean;
  status: number;
  response: unknown;
  at: number;
  /** Set when the fake itself threw while handling the request (a bug in the fake). */
  error?: string;
}

/** Filter for {@link FakeDiscord.requests}: all given fields must match. */
export interface RequestFilter {
  method?: string;
  pathIncludes?: string;
  status?: number;
}

/** One interaction callback POST, accepted or not. */
export interface RecordedCallback {
  type: number;
  data: unknown;
  status: number;
  at: number;
}

/** Everything the bot did in answer to one interaction. */
export interface InteractionResponses {
  interaction: APIInteraction;
  /** Every callback POST, including rejected ones (status 400 / 404). */
  callbacks: RecordedCallback[];
  /** Type of the accepted callback, or null if the interaction was never acknowledged. */
  acknowledgedWith: number | null;
  /**
   * What the user finally sees as the response, after all edits: the reply (types 4/5) or, for
   * types 6/7, the message the component was on. Null when nothing is shown (modal, deleted).
   */
  original: FakeMessage | null;
  /** Whether `original` is ephemeral (flag 64). */
  ephemeral: boolean;
  /** Bodies of the PATCH requests to `@original`, in order. */
  originalEdits: unknown[];
  originalDeleted: boolean;
  followups: FakeMessage[];
  /** Data of a type 9 (modal) callback. */
  modal: Obj | null;
  /** Choices of a type 8 (autocomplete result) callback. */
  autocompleteChoices: unknown[] | null;
}

/** Gateway counters. */
export interface GatewayStats {
  connections: number;
  openConnections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
  dispatches: number;
}

/** A REST fault to inject: matching requests get this error instead of being handled. */
export interface RestFault {
  method?: string;
  pathIncludes: string;
  /** HTTP status; 429 adds `retry-after` / `x-ratelimit-*` headers so discord.js retries. */
  status: number;
  /** Discord JSON error code (default 0). */
  code?: number;
  message?: string;
  /** For 429: how long discord.js must wait (default 100 ms). */
  retryAfterMs?: number;
  /** How many requests to fail (default 1). */
  times?: number;
}

/** Options of {@link FakeDiscord.start}. */
export interface FakeDiscordOptions {
  /** Bot token the client must present (default: random). */
  token?: string;
  /** Privileged intents the application is allowed to use (default: all). */
  allowedPrivilegedIntents?: number;
  /** Heartbeat interval sent in HELLO (default 1000 ms). */
  heartbeatIntervalMs?: number;
  /** How long after dispatch an interaction may be acknowledged (default 3000 ms, as Discord). */
  interactionAckTimeoutMs?: number;
  botUsername?: string;
  guildName?: string;
  channelName?: string;
}

/** A slash-command option as sent in the interaction (`type` 3 string, 4 integer, 5 boolean, ...). */
export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: CommandOption[];
  focused?: boolean;
}

/** Who performs an injected action and where. */
export interface ActorOptions {
  /** Acting user (created on first use); default: the fake's default user. */
  userId?: string;
  username?: string;
}

interface Channel {
  payload: APITextChannel | APIDMChannel;
  guildId: string | null;
  recipientId: string | null;
  messageIds: string[];
}

interface InteractionState {
  payload: Obj;
  id: string;
  token: string;
  userId: string;
  channelId: string;
  dispatchedAt: number;
  sourceMessageId: string | null;
  callbacks: RecordedCallback[];
  acknowledgedWith: number | null;
  original: FakeMessage | null;
  originalEdits: unknown[];
  originalDeleted: boolean;
  followups: FakeMessage[];
  modal: Obj | null;
  autocompleteChoices: unknown[] | null;
}

interface GatewayDispatch {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

interface Session {
  id: string;
  intents: number;
  seq: number;
  log: GatewayDispatch[];
  conn: Conn | null;
  invalid: boolean;
}

interface Conn {
  ws: WebSocket;
  session: Session | null;
  path: string;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Runs after the HTTP response was written (e.g. gateway echoes). */
  after?: () => void;
}

type FormErrors = { _errors?: { code: string; message: string }[] } & {
  [key: string]: FormErrors | { code: string; message: string }[] | undefined;
};

const jsonError = (status: number, code: number, message: string, errors?: FormErrors): Reply => ({
  status,
  body: errors ? { message, code, errors } : { message, code },
});
const noContent: Reply = { status: 204 };
const ok = (body: unknown): Reply => ({ status: 200, body });
const notFound = (): Reply => jsonError(404, 0, '404: Not Found');
const unknownMessage = (): Reply => jsonError(404, 10008, 'Unknown Message');
const unknownChannel = (): Reply => jsonError(404, 10003, 'Unknown Channel');
const unknownWebhook = (): Reply => jsonError(404, 10015, 'Unknown Webhook');
const unknownInteraction = (): Reply => jsonError(404, 10062, 'Unknown interaction');
const invalidForm = (errors: FormErrors): Reply =>
  jsonError(400, 50035, 'Invalid Form Body', errors);

/** The fake Discord server. Create with {@link FakeDiscord.start}, stop with {@link close}. */
export class FakeDiscord {
  /** `http://127.0.0.1:PORT` (attachment URLs are served below it). */
  readonly origin: string;
  /** Base REST URL to pass as `new Client({ rest: { api } })` (discord.js appends `/v10`). */
  readonly restApi: string;
  /** Gateway URL returned by `GET /gateway/bot`. */
  readonly gatewayUrl: string;
  /** The bot token the client must log in with. */
  readonly token: string;
  /** Application id (equal to the bot user id, as on Discord). */
  readonly applicationId: string;
  /** The bot user. */
  readonly botUser: APIUser;
  /** The user injected messages and interactions come from when no `userId` is given. */
  readonly defaultUser: APIUser;
  /** The one guild the bot is in, with its text channel. */
  readonly guild: { id: string; name: string; textChannelId: string };

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly opts: Required<
    Pick<FakeDiscordOptions, 'allowedPrivilegedIntents' | 'heartbeatIntervalMs'>
  > & { interactionAckTimeoutMs: number };
  private readonly users = new Map<string, APIUser>();
  private readonly memberJoinedAt = new Map<string, string>();
  private readonly channels = new Map<string, Channel>();
  private readonly dmChannelByUser = new Map<string, string>();
  private readonly messages = new Map<string, FakeMessage>();
  /** Ephemeral message id -> the only user who can see it. */
  private readonly ephemeralOwner = new Map<string, string>();
  private readonly attachmentFiles = new Map<string, { data: Buffer; contentType: string }>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();
  private readonly globalCommands: APIApplicationCommand[] = [];
  private readonly guildCommands = new Map<string, APIApplicationCommand[]>();
  private readonly commandIdByName = new Map<string, string>();
  private readonly requestLog: RecordedRequest[] = [];
  private readonly faults: (RestFault & { remaining: number })[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly conns = new Set<Conn>();
  private readonly recentDispatches: string[] = [];
  private readonly roles: APIRole[];
  private readonly guildCreatedAt = nowIso();
  private readonly stats: Omit<GatewayStats, 'openConnections'> = {
    connections: 0,
    identifies: 0,
    resumes: 0,
    heartbeats: 0,
    dispatches: 0,
  };
  private closed = false;

  private constructor(server: Server, port: number, options: FakeDiscordOptions) {
    this.server = server;
    this.origin = `http://127.0.0.1:${port}`;
    this.restApi = `${this.origin}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    this.token = options.token ?? `fake-bot-token.${randomBytes(12).toString('base64url')}`;
    this.opts = {
      allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? PRIVILEGED_INTENTS,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
      interactionAckTimeoutMs: options.interactionAckTimeoutMs ?? 3000,
    };

    const botId = nextSnowflake();
    this.botUser = {
      id: botId,
      username: options.botUsername ?? 'fake-bot',
      discriminator: '0000',
      global_name: null,
      avatar: null,
      bot: true,
    };
    this.applicationId = botId;
    this.users.set(botId, this.botUser);
    this.memberJoinedAt.set(botId, nowIso());
    this.defaultUser = this.ensureUser(nextSnowflake(), 'dr_tester');

    const guildId = nextSnowflake();
    const textChannelId = nextSnowflake();
    this.guild = { id: guildId, name: options.guildName ?? 'Fake Guild', textChannelId };
    this.roles = [
      {
        id: guildId,
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: EVERYONE_PERMISSIONS,
        managed: false,
        mentionable: false,
        flags: 0 as RoleFlags,
      },
    ];
    this.addGuildTextChannel(textChannelId, options.channelName ?? 'general');

    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (ws, req) => this.onConnection(ws, req));
    server.on('request', (req, res) => {
      void this.onHttp(req, res);
    });
  }

  /** Starts the fake on 127.0.0.1 with a random free port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    return new FakeDiscord(server, port, options);
  }

  // ---------------------------------------------------------------------------------------------
  // Injection
  // ---------------------------------------------------------------------------------------------

  /**
   * A user posts in a guild text channel (default: the fake guild's channel). With `mentionsBot`
   * the content is prefixed with `<@botId>` and `mentions` lists the bot.
   */
  sendGuildMessage(
    opts: ActorOptions & {
      content: string;
      mentionsBot?: boolean;
      channelId?: string;
      attachments?: FakeAttachmentInput[];
    },
  ): FakeMessage {
    this.assertOpen();
    const user = this.ensureUser(opts.userId, opts.username);
    const channelId = opts.channelId ?? this.guild.textChannelId;
    const channel = this.channels.get(channelId);
    if (!channel?.guildId) throw new Error(`FakeDiscord: ${channelId} is not a guild text channel`);
    const content = opts.mentionsBot ? `<@${this.botUser.id}> ${opts.content}` : opts.content;
    const message = this.storeMessage({
      ...this.messageBase(channelId, user),
      content,
      mentions: this.mentionedUsers(content, channel.guildId),
      attachments: (opts.attachments ?? []).map((a) => this.storeAttachment(a)),
    });
    this.dispatchMessage('MESSAGE_CREATE', message);
    return message;
  }

  /** A user sends the bot a direct message (the DM channel id is stable per user). */
  sendDirectMessage(
    opts: ActorOptions & { content: string; attachments?: FakeAttachmentInput[] },
  ): FakeMessage {
    this.assertOpen();
    const user = this.ensureUser(opts.userId, opts.username);
    const channelId = this.dmChannelId(user.id);
    const message = this.storeMessage({
      ...this.messageBase(channelId, user),
      content: opts.content,
      mentions: this.mentionedUsers(opts.content, null),
      attachments: (opts.attachments ?? []).map((a) => this.storeAttachment(a)),
    });
    this.dispatchMessage('MESSAGE_CREATE', message);
    return message;
  }

  /**
   * A user runs a slash command (type 2 interaction with a CHAT_INPUT command). The command id is
   * the registered one when the bot registered a command of that name.
   */
  slashCommand(
    opts: ActorOptions & { name: string; options?: CommandOption[]; inGuild?: boolean },
  ): APIChatInputApplicationCommandInteraction {
    this.assertOpen();
    const user = this.ensureUser(opts.userId, opts.username);
    const inGuild = opts.inGuild ?? true;
    const channelId = inGuild ? this.guild.textChannelId : this.dmChannelId(user.id);
    const registered = this.findCommand(opts.name, inGuild ? this.guild.id : null);
    let commandId = registered?.id ?? this.commandIdByName.get(opts.name);
    if (!commandId) {
      commandId = nextSnowflake();
      this.commandIdByName.set(opts.name, commandId);
    }
    const data: Obj = { id: commandId, name: opts.name, type: 1 };
    if (opts.options) data.options = opts.options;
    if (registered?.guild_id) data.guild_id = registered.guild_id;
    return this.dispatchInteraction(2, user, channelId, data, null);
  }

  /**
   * A user clicks a button. Without `messageId` the newest bot message with an enabled button of
   * that `customId` is used; throws if none exists (a user cannot click a button that is not there).
   */
  pressButton(
    opts: ActorOptions & { customId: string; messageId?: string },
  ): APIMessageComponentButtonInteraction {
    this.assertOpen();
    const { message, component } = this.findComponent(opts.customId, opts.messageId, [2]);
    if (component.disabled === true) {
      throw new Error(`FakeDiscord: button ${opts.customId} is disabled`);
    }
    const user = this.componentUser(message, opts);
    return this.dispatchInteraction(
      3,
      user,
      message.channel_id,
      { custom_id: opts.customId, component_type: 2 },
      message,
    );
  }

  /** A user picks options in a string select menu (component type 3); values are checked. */
  selectOption(
    opts: ActorOptions & { customId: string; values: string[]; messageId?: string },
  ): APIMessageComponentSelectMenuInteraction {
    this.assertOpen();
    const { message, component } = this.findComponent(opts.customId, opts.messageId, [3]);
    if (component.disabled === true) {
      throw new Error(`FakeDiscord: select ${opts.customId} is disabled`);
    }
    const allowed = new Set(
      asArray(component.options).map((o) => (isObj(o) ? o.value : undefined)),
    );
    const bad = opts.values.filter((v) => !allowed.has(v));
    if (bad.length) throw new Error(`FakeDiscord: select ${opts.customId} has no option ${bad}`);
    const min = typeof component.min_values === 'number' ? component.min_values : 1;
    const max = typeof component.max_values === 'number' ? component.max_values : 1;
    if (opts.values.length < min || opts.values.length > max) {
      throw new Error(
        `FakeDiscord: select ${opts.customId} takes ${min}..${max} values, got ${opts.values.length}`,
      );
    }
    const user = this.componentUser(message, opts);
    return this.dispatchInteraction(
      3,
      user,
      message.channel_id,
      { custom_id: opts.customId, component_type: 3, values: opts.values },
      message,
    );
  }

  /**
   * A user submits the modal the bot showed (type 9 callback) with that `customId`. `values` maps
   * input custom ids to a text-input value, or to the picked values of a select inside a label.
   * The submitted components mirror the modal's layout (legacy action rows, labels, text
   * displays). Throws if no such modal was shown or a required text input has no value.
   */
  submitModal(
    opts: ActorOptions & { customId: string; values: Record<string, string | string[]> },
  ): APIModalSubmitInteraction {
    this.assertOpen();
    const shown = [...this.interactions.values()]
      .reverse()
      .find((i) => i.modal && i.modal.custom_id === opts.customId);
    if (!shown?.modal) throw new Error(`FakeDiscord: no modal ${opts.customId} was shown`);
    const user = this.ensureUser(opts.userId ?? shown.userId, opts.username);
    const input = (c: unknown): Obj => {
      const comp = isObj(c) ? c : {};
      const id = asString(comp.custom_id);
      const given = opts.values[id];
      if (comp.type === 4) {
        if (given === undefined && comp.required !== false) {
          throw new Error(`FakeDiscord: modal ${opts.customId} requires input ${id}`);
        }
        const value = Array.isArray(given) ? given.join('\n') : (given ?? '');
        return { type: 4, id: comp.id, custom_id: id, value };
      }
      const values = given === undefined ? [] : Array.isArray(given) ? given : [given];
      return { type: comp.type, id: comp.id, custom_id: id, values };
    };
    const components = asArray(shown.modal.components).map((row) => {
      const r = isObj(row) ? row : {};
      if (r.type === 18) return { type: 18, id: r.id, component: input(r.component) };
      if (r.type === 1) return { type: 1, id: r.id, components: asArray(r.components).map(input) };
      return { type: r.type, id: r.id }; // text display and other non-input components
    });
    const source = shown.sourceMessageId ? this.messages.get(shown.sourceMessageId) : undefined;
    return this.dispatchInteraction(
      5,
      user,
      shown.channelId,
      { custom_id: opts.customId, components },
      source ?? null,
    );
  }

  /** A user types in an autocomplete option (type 4 interaction); mark one option `focused`. */
  autocomplete(
    opts: ActorOptions & { name: string; options: CommandOption[]; inGuild?: boolean },
  ): APIApplicationCommandAutocompleteInteraction {
    this.assertOpen();
    const user = this.ensureUser(opts.userId, opts.username);
    const inGuild = opts.inGuild ?? true;
    const channelId = inGuild ? this.guild.textChannelId : this.dmChannelId(user.id);
    const registered = this.findCommand(opts.name, inGuild ? this.guild.id : null);
    const data = {
      id: registered?.id ?? nextSnowflake(),
      name: opts.name,
      type: 1,
      options: opts.options,
    };
    return this.dispatchInteraction(4, user, channelId, data, null);
  }

  /** Adds a guild text channel (dispatches CHANNEL_CREATE) and returns its id. */
  createTextChannel(name: string): string {
    this.assertOpen();
    const id = nextSnowflake();
    const channel = this.addGuildTextChannel(id, name);
    this.dispatch('CHANNEL_CREATE', (s) =>
      s.intents & FakeIntents.Guilds ? clone(channel.payload) : null,
    );
    return id;
  }

  /** The DM channel id between the bot and `userId` (created if needed, stable per user). */
  dmChannelId(userId: string): string {
    const existing = this.dmChannelByUser.get(userId);
    if (existing) return existing;
    const user = this.users.get(userId);
    if (!user) throw new Error(`FakeDiscord: unknown user ${userId}`);
    const id = nextSnowflake();
    const payload: APIDMChannel = {
      id,
      type: 1,
      recipients: [user],
      last_message_id: null,
      name: null,
    };
    this.channels.set(id, { payload, guildId: null, recipientId: userId, messageIds: [] });
    this.dmChannelByUser.set(userId, id);
    return id;
  }

  // ---------------------------------------------------------------------------------------------
  // Observation
  // ---------------------------------------------------------------------------------------------

  /** REST requests received so far, oldest first, optionally filtered. */
  requests(filter: RequestFilter = {}): RecordedRequest[] {
    return this.requestLog.filter((r) => matchesFilter(r, filter));
  }

  /** Waits until a matching request was received and returns the first match. */
  async waitForRequest(filter: RequestFilter, timeoutMs = 5000): Promise<RecordedRequest> {
    await this.waitFor(() => this.requests(filter).length > 0, timeoutMs, JSON.stringify(filter));
    return this.requests(filter)[0]!;
  }

  /** What the bot did in answer to an interaction (throws for an unknown id). */
  interactionResponses(interactionId: string): InteractionResponses {
    const state = this.interactions.get(interactionId);
    if (!state) throw new Error(`FakeDiscord: unknown interaction ${interactionId}`);
    return {
      interaction: state.payload as unknown as APIInteraction,
      callbacks: state.callbacks,
      acknowledgedWith: state.acknowledgedWith,
      original: state.original,
      ephemeral: Boolean((state.original?.flags ?? 0) & FakeMessageFlags.Ephemeral),
      originalEdits: state.originalEdits,
      originalDeleted: state.originalDeleted,
      followups: state.followups,
      modal: state.modal,
      autocompleteChoices: state.autocompleteChoices,
    };
  }

  /** Non-ephemeral messages in a channel, oldest first (user and bot messages; live objects). */
  channelMessages(channelId: string): FakeMessage[] {
    const channel = this.channels.get(channelId);
    if (!channel) return [];
    return channel.messageIds.flatMap((id) => {
      const m = this.messages.get(id);
      return m ? [m] : [];
    });
  }

  /** Messages authored by the bot in a channel (all channels if omitted), oldest first. */
  botMessages(channelId?: string): FakeMessage[] {
    const ids = channelId ? [channelId] : [...this.channels.keys()];
    return ids
      .flatMap((id) => this.channelMessages(id))
      .filter((m) => m.author.id === this.botUser.id)
      .sort((a, b) => compareSnowflakes(a.id, b.id));
  }

  /** A message by id (including ephemeral interaction responses). */
  message(messageId: string): FakeMessage | undefined {
    return this.messages.get(messageId);
  }

  /** Commands registered by bulk overwrite: global, or for a guild id. */
  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return guildId ? (this.guildCommands.get(guildId) ?? []) : this.globalCommands;
  }

  /**
   * Polls `predicate` every 10 ms until it returns a truthy value. On timeout rejects with an error
   * listing the recent REST requests and gateway dispatches. A throwing predicate counts as false.
   */
  async waitFor(predicate: () => unknown, timeoutMs = 5000, label = 'predicate'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        if (predicate()) return;
        lastError = undefined;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() >= deadline) {
        const why = lastError === undefined ? '' : ` Last predicate error: ${String(lastError)}.`;
        throw new Error(
          `FakeDiscord.waitFor(${label}) timed out after ${timeoutMs} ms.${why}\n${this.describeRecent()}`,
        );
      }
      await sleep(10);
    }
  }

  /** Gateway counters (connections, IDENTIFYs, RESUMEs, heartbeats, dispatches). */
  gatewayStats(): GatewayStats {
    let open = 0;
    for (const c of this.conns) if (c.ws.readyState === c.ws.OPEN) open++;
    return { ...this.stats, openConnections: open };
  }

  /** A human-readable summary of recent traffic (used in waitFor errors). */
  describeRecent(count = 20): string {
    const reqs = this.requestLog.slice(-count).map((r) => {
      const body = r.body === undefined ? '' : ` ${truncate(JSON.stringify(r.body), 200)}`;
      return `  ${r.status} ${r.method} ${r.path}${body}${r.error ? ` ERROR ${r.error}` : ''}`;
    });
    const stats = JSON.stringify(this.gatewayStats());
    return [
      `Recent REST requests (${this.requestLog.length} total):`,
      ...(reqs.length ? reqs : ['  (none)']),
      `Recent gateway dispatches: ${this.recentDispatches.slice(-count).join(', ') || '(none)'}`,
      `Gateway: ${stats}`,
    ].join('\n');
  }

  // ---------------------------------------------------------------------------------------------
  // Faults
  // ---------------------------------------------------------------------------------------------

  /**
   * Drops the gateway connection(s): by default closes with `code` (default 4000, resumable);
   * `reconnectOp7` sends op 7 RECONNECT instead; `invalidSession` sends op 9 (not resumable, the
   * client must IDENTIFY again). Dispatches while disconnected are replayed on RESUME.
   */
  disconnectClient(
    opts: { code?: number; reconnectOp7?: boolean; invalidSession?: boolean } = {},
  ): void {
    this.assertOpen();
    for (const conn of [...this.conns]) {
      const session = conn.session;
      if (opts.reconnectOp7) {
        this.send(conn, { op: 7, d: null, s: null, t: null });
      } else if (opts.invalidSession) {
        this.send(conn, { op: 9, d: false, s: null, t: null });
        if (session) session.invalid = true;
      } else {
        conn.ws.close(opts.code ?? 4000, 'FakeDiscord.disconnectClient');
      }
      // Whatever is dispatched from now on is queued for the RESUME.
      if (session) session.conn = null;
      conn.session = null;
    }
  }

  /** Makes the next matching REST request(s) fail (e.g. 429 rate limit, 500, 403 50007). */
  injectRestError(fault: RestFault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Stops the fake. Destroy the discord.js client first, or it will keep reconnecting. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const conn of this.conns) conn.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------------------------------------
  // Gateway
  // ---------------------------------------------------------------------------------------------

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const conn: Conn = { ws, session: null, path: url.pathname };
    this.conns.add(conn);
    this.stats.connections++;
    ws.on('message', (data, isBinary) => this.onGatewayMessage(conn, data, isBinary));
    ws.on('close', (code) => {
      this.conns.delete(conn);
      const session = conn.session;
      if (!session) return;
      if (session.conn === conn) session.conn = null;
      // A client closing with 1000/1001 ends its session (discord.js uses 4200 to resume).
      if (code === 1000 || code === 1001) session.invalid = true;
    });
    ws.on('error', () => {});
    if (url.searchParams.get('v') !== String(API_VERSION)) {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if ((url.searchParams.get('encoding') ?? 'json') !== 'json') {
      ws.close(4002, 'Decode error');
      return;
    }
    this.send(conn, {
      op: 10,
      d: { heartbeat_interval: this.opts.heartbeatIntervalMs },
      s: null,
      t: null,
    });
  }

  private onGatewayMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    let payload: unknown;
    try {
      payload = isBinary ? undefined : JSON.parse(rawToString(data));
    } catch {
      payload = undefined;
    }
    if (!isObj(payload) || typeof payload.op !== 'number') {
      conn.ws.close(4002, 'Decode error');
      return;
    }
    const d = isObj(payload.d) ? payload.d : {};
    switch (payload.op) {
      case 1:
        this.stats.heartbeats++;
        this.send(conn, { op: 11, d: null, s: null, t: null });
        return;
      case 2:
        this.onIdentify(conn, d);
        return;
      case 6:
        this.onResume(conn, d);
        return;
      case 3:
      case 4:
      case 8:
        if (!conn.session) conn.ws.close(4003, 'Not authenticated');
        return;
      default:
        conn.ws.close(4001, 'Unknown opcode');
    }
  }

  private onIdentify(conn: Conn, d: Obj): void {
    if (conn.session) {
      conn.ws.close(4005, 'Already authenticated');
      return;
    }
    if (d.token !== this.token) {
      conn.ws.close(4004, 'Authentication failed');
      return;
    }
    const intents = typeof d.intents === 'number' ? d.intents : -1;
    if (intents < 0 || (intents & ~ALL_INTENTS) !== 0) {
      conn.ws.close(4013, 'Invalid intent(s)');
      return;
    }
    if (intents & PRIVILEGED_INTENTS & ~this.opts.allowedPrivilegedIntents) {
      conn.ws.close(4014, 'Disallowed intent(s)');
      return;
    }
    this.stats.identifies++;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      intents,
      seq: 0,
      log: [],
      conn,
      invalid: false,
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    const allowed = this.opts.allowedPrivilegedIntents;
    const appFlags =
      (allowed & FakeIntents.GuildPresences ? APP_FLAG_GATEWAY_PRESENCE : 0) |
      (allowed & FakeIntents.GuildMembers ? APP_FLAG_GATEWAY_GUILD_MEMBERS : 0) |
      (allowed & FakeIntents.MessageContent ? APP_FLAG_GATEWAY_MESSAGE_CONTENT : 0);
    const ready: GatewayReadyDispatchData = {
      v: API_VERSION,
      user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
      guilds: [{ id: this.guild.id, unavailable: true }],
      session_id: session.id,
      resume_gateway_url: this.gatewayUrl.replace(/\/gateway$/, '/resume'),
      shard: [0, 1],
      application: { id: this.applicationId, flags: appFlags, flags_new: String(appFlags) },
    };
    this.dispatchTo(session, 'READY', ready);
    // Discord only sends GUILD_CREATE with the Guilds intent (discord.js then waits 15 s for it).
    if (intents & FakeIntents.Guilds) this.dispatchTo(session, 'GUILD_CREATE', this.guildCreate());
  }

  private onResume(conn: Conn, d: Obj): void {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (!session || session.invalid || d.token !== this.token) {
      this.send(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    this.stats.resumes++;
    if (session.conn && session.conn !== conn) session.conn.session = null;
    session.conn = conn;
    conn.session = session;
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    for (const event of session.log) if (event.s > seq) this.send(conn, event);
    this.dispatchTo(session, 'RESUMED', null);
  }

  private send(conn: Conn, payload: unknown): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private dispatchTo(session: Session, t: string, d: unknown): void {
    session.seq++;
    const event: GatewayDispatch = { op: 0, t, s: session.seq, d: clone(d) };
    session.log.push(event);
    if (session.log.length > MAX_LOGGED_DISPATCHES) session.log.shift();
    this.stats.dispatches++;
    this.recentDispatches.push(`${t}#${session.seq}`);
    if (this.recentDispatches.length > 50) this.recentDispatches.shift();
    if (session.conn) this.send(session.conn, event);
  }

  /** Dispatches to every live session; `payloadFor` returns null to skip a session (intents). */
  private dispatch(t: string, payloadFor: (session: Session) => unknown): void {
    for (const session of this.sessions.values()) {
      if (session.invalid) continue;
      const d = payloadFor(session);
      if (d !== null) this.dispatchTo(session, t, d);
    }
  }

  /** MESSAGE_CREATE / MESSAGE_UPDATE with Discord's intent rules. */
  private dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: FakeMessage): void {
    this.dispatch(t, (session) => {
      const inGuild = message.guild_id !== undefined;
      const needed = inGuild ? FakeIntents.GuildMessages : FakeIntents.DirectMessages;
      if (!(session.intents & needed)) return null;
      const exempt =
        !inGuild ||
        session.intents & FakeIntents.MessageContent ||
        message.author.id === this.botUser.id ||
        message.mentions.some((u) => u.id === this.botUser.id);
      if (exempt) return message;
      const { poll: _poll, ...rest } = message;
      return { ...rest, content: '', embeds: [], attachments: [], components: [] };
    });
  }

  private guildCreate(): GatewayGuildCreateDispatchData {
    const textChannels = [...this.channels.values()]
      .filter((c) => c.guildId === this.guild.id)
      .map((c) => {
        const { guild_id: _gid, ...rest } = c.payload as APITextChannel;
        return rest as APITextChannel;
      });
    return {
      id: this.guild.id,
      name: this.guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: this.defaultUser.id,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: this.roles,
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US' as GatewayGuildCreateDispatchData['preferred_locale'],
      public_updates_channel_id: null,
      max_members: 500000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      widget_enabled: false,
      joined_at: this.guildCreatedAt,
      large: false,
      unavailable: false,
      member_count: this.users.size,
      voice_states: [],
      members: [this.member(this.botUser.id)],
      channels: textChannels,
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---------------------------------------------------------------------------------------------
  // REST
  // ---------------------------------------------------------------------------------------------

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const segments = url.pathname
      .split('/')
      .filter(Boolean)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
    const record: RecordedRequest = {
      method,
      path: `/${segments.slice(2).join('/')}`,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      files: [],
      multipart: false,
      status: 0,
      response: undefined,
      at: Date.now(),
    };
    this.requestLog.push(record);

    let reply: Reply;
    try {
      const parsed = await parseBody(raw, req.headers['content-type']);
      record.body = parsed.body;
      record.files = parsed.files;
      record.multipart = parsed.multipart;
      if (segments[0] === 'attachments' && method === 'GET') {
        record.path = url.pathname;
        const file = this.attachmentFiles.get(segments[1] ?? '');
        if (file) {
          record.status = 200;
          res.writeHead(200, { 'content-type': file.contentType });
          res.end(file.data);
          return;
        }
        reply = notFound();
      } else if (segments[0] !== 'api' || segments[1] !== `v${API_VERSION}`) {
        record.path = url.pathname;
        reply = notFound();
      } else {
        reply = this.handleRest(method, segments.slice(2), record, req.headers.authorization);
      }
    } catch (error) {
      record.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
      reply = jsonError(500, 0, '500: Internal Server Error');
    }
    record.status = reply.status;
    record.response = reply.body;
    const headers: Record<string, string> = { ...reply.headers };
    let payload: string | undefined;
    if (reply.body !== undefined && reply.status !== 204) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] = 'application/json';
    }
    res.writeHead(reply.status, headers);
    res.end(payload, () => reply.after?.());
  }

  private handleRest(
    method: string,
    seg: string[],
    record: RecordedRequest,
    authorization: string | undefined,
  ): Reply {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        record.path.includes(f.pathIncludes),
    );
    if (fault) {
      fault.remaining--;
      return faultReply(fault);
    }
    const tokenAuthed = seg[0] === 'interactions' || seg[0] === 'webhooks';
    const publicRoute = method === 'GET' && seg.length === 1 && seg[0] === 'gateway';
    if (!tokenAuthed && !publicRoute && authorization !== `Bot ${this.token}`) {
      return jsonError(401, 0, '401: Unauthorized');
    }
    const body = record.body;
    const route = `${method} ${seg
      .map((s, i) => (i > 0 && /^\d+$/.test(s) ? ':id' : s))
      .join('/')}`;
    const [a, b, c, d, e] = seg;

    // Gateway discovery.
    if (route === 'GET gateway') return ok({ url: this.gatewayUrl });
    if (route === 'GET gateway/bot') {
      return ok({
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }

    // Users and DMs.
    if (route === 'GET users/@me') return ok(this.botUser);
    if (route === 'GET users/:id') {
      const user = this.users.get(b!);
      return user ? ok(user) : jsonError(404, 10013, 'Unknown User');
    }
    if (route === 'POST users/@me/channels') {
      const recipient = isObj(body) ? asString(body.recipient_id) : '';
      if (!this.users.has(recipient)) return jsonError(404, 10013, 'Unknown User');
      return ok(this.channels.get(this.dmChannelId(recipient))!.payload);
    }

    // Application and commands.
    if (a === 'applications' && b !== this.applicationId && b !== '@me') {
      return jsonError(404, 10002, 'Unknown Application');
    }
    if (route === 'GET applications/@me') {
      return ok({
        id: this.applicationId,
        name: this.botUser.username,
        icon: null,
        description: '',
        bot_public: false,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        bot: this.botUser,
      });
    }
    if (a === 'applications' && (route.endsWith('/commands') || route.includes('/commands/'))) {
      const guildId = c === 'guilds' ? d! : null;
      if (guildId && guildId !== this.guild.id) return jsonError(404, 10004, 'Unknown Guild');
      const list = guildId ? (this.guildCommands.get(guildId) ?? []) : this.globalCommands;
      const commandId = guildId ? seg[5] : d;
      if (method === 'GET' && !commandId) return ok(list);
      if (method === 'PUT' && !commandId) return this.overwriteCommands(body, guildId);
      if (method === 'POST' && !commandId) {
        return this.overwriteCommands(
          [...list.filter((cmd) => isObj(body) && cmd.name !== body.name), body],
          guildId,
          isObj(body) ? asString(body.name) : undefined,
        );
      }
      const found = list.find((cmd) => cmd.id === commandId);
      if (!found) return jsonError(404, 10063, 'Unknown application command');
      if (method === 'GET') return ok(found);
      if (method === 'DELETE') {
        list.splice(list.indexOf(found), 1);
        return noContent;
      }
      return notFound();
    }

    // Channels and messages.
    if (a === 'channels') {
      const channel = this.channels.get(b!);
      if (!channel) return unknownChannel();
      if (route === 'GET channels/:id') return ok(channel.payload);
      if (route === 'POST channels/:id/typing') return noContent;
      if (route === 'POST channels/:id/messages') return this.createChannelMessage(channel, body);
      if (route === 'GET channels/:id/messages') {
        const limit = Number(record.query.limit ?? 50);
        return ok(this.channelMessages(channel.payload.id).slice(-limit).reverse());
      }
      if (c === 'messages' && d) {
        const message = this.messages.get(d);
        // Ephemeral messages only exist for their interaction's webhook.
        if (!message || message.channel_id !== channel.payload.id) return unknownMessage();
        if (this.ephemeralOwner.has(message.id)) return unknownMessage();
        if (e === 'reactions' && (method === 'PUT' || method === 'DELETE')) return noContent;
        if (seg.length === 4) {
          if (method === 'GET') return ok(message);
          if (method === 'PATCH') return this.editChannelMessage(message, body);
          if (method === 'DELETE') {
            if (message.author.id === this.botUser.id) return this.deleteChannelMessage(message);
            return channel.guildId
              ? jsonError(403, 50013, 'Missing Permissions')
              : jsonError(403, 50003, 'Cannot execute action on a DM channel');
          }
        }
      }
      return notFound();
    }

    // Interactions.
    if (method === 'POST' && a === 'interactions' && seg.length === 4 && d === 'callback') {
      const files = record.files.length ? record.files : undefined;
      return this.interactionCallback(b!, c!, body, record.query.with_response === 'true', files);
    }
    if (a === 'webhooks' && b && c) return this.webhookRoute(method, b, c, seg.slice(3), body);

    return notFound();
  }

  private overwriteCommands(body: unknown, guildId: string | null, single?: string): Reply {
    const errors = validateCommands(body);
    if (errors) return invalidForm(errors);
    const existing = guildId ? (this.guildCommands.get(guildId) ?? []) : this.globalCommands;
    const next = asArray(body).map((raw) => {
      const cmd = raw as Obj;
      const type = typeof cmd.type === 'number' ? cmd.type : 1;
      const name = asString(cmd.name);
      const prev = existing.find((p) => p.name === name && p.type === type);
      const id = prev?.id ?? this.commandIdByName.get(name) ?? nextSnowflake();
      this.commandIdByName.set(name, id);
      return {
        name_localizations: null,
        description_localizations: null,
        default_member_permissions: null,
        nsfw: false,
        integration_types: [0],
        contexts: null,
        ...cmd,
        id,
        application_id: this.applicationId,
        ...(guildId ? { guild_id: guildId } : {}),
        type,
        description: asString(cmd.description),
        version: nextSnowflake(),
      } as unknown as APIApplicationCommand;
    });
    if (guildId) this.guildCommands.set(guildId, next);
    else this.globalCommands.splice(0, this.globalCommands.length, ...next);
    if (single !== undefined) return ok(next.find((cmd) => cmd.name === single));
    return ok(next);
  }

  private createChannelMessage(channel: Channel, body: unknown): Reply {
    if (!isObj(body)) return jsonError(400, 50109, 'The request body contains invalid JSON.');
    const errors = validateMessageBody(body);
    if (errors) return invalidForm(errors);
    if (isEmptyMessage(body)) return jsonError(400, 50006, 'Cannot send an empty message');
    let referenced: FakeMessage | undefined;
    if (isObj(body.message_reference)) {
      const refId = asString(body.message_reference.message_id);
      referenced = this.messages.get(refId);
      if (!referenced && body.message_reference.fail_if_not_exists !== false) {
        return invalidForm({
          message_reference: {
            _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }],
          },
        });
      }
    }
    const message = this.storeMessage({
      ...this.messageBase(channel.payload.id, this.botUser),
      ...this.messageFields(body, channel.guildId, referenced),
      ...(referenced
        ? {
            type: 19,
            message_reference: {
              type: 0,
              message_id: referenced.id,
              channel_id: referenced.channel_id,
              ...(referenced.guild_id ? { guild_id: referenced.guild_id } : {}),
            },
            referenced_message: clone(referenced),
          }
        : {}),
    });
    return { ...ok(message), after: () => this.dispatchMessage('MESSAGE_CREATE', message) };
  }

  private editChannelMessage(message: FakeMessage, body: unknown): Reply {
    if (message.author.id !== this.botUser.id) {
      return jsonError(403, 50005, 'Cannot edit a message authored by another user');
    }
    if (!isObj(body)) return jsonError(400, 50109, 'The request body contains invalid JSON.');
    const errors = validateMessageBody(body);
    if (errors) return invalidForm(errors);
    this.applyEdit(message, body);
    return { ...ok(message), after: () => this.dispatchMessage('MESSAGE_UPDATE', message) };
  }

  private deleteChannelMessage(message: FakeMessage): Reply {
    const channel = this.channels.get(message.channel_id);
    if (channel) channel.messageIds = channel.messageIds.filter((id) => id !== message.id);
    this.messages.delete(message.id);
    const d = {
      id: message.id,
      channel_id: message.channel_id,
      ...(message.guild_id ? { guild_id: message.guild_id } : {}),
    };
    const needed = message.guild_id ? FakeIntents.GuildMessages : FakeIntents.DirectMessages;
    return {
      ...noContent,
      after: () => this.dispatch('MESSAGE_DELETE', (s) => (s.intents & needed ? d : null)),
    };
  }

  private interactionCallback(
    id: string,
    token: string,
    body: unknown,
    withResponse: boolean,
    files: RecordedFile[] | undefined,
  ): Reply {
    const state = this.interactions.get(id);
    if (!state || state.token !== token) return unknownInteraction();
    const type = isObj(body) && typeof body.type === 'number' ? body.type : -1;
    const data = isObj(body) && isObj(body.data) ? body.data : {};
    if (files) uploadedFiles.set(data, files);
    const callback: RecordedCallback = { type, data, status: 0, at: Date.now() };
    state.callbacks.push(callback);
    const finish = (reply: Reply): Reply => {
      callback.status = reply.status;
      return reply;
    };
    if (state.acknowledgedWith !== null) {
      return finish(jsonError(400, 40060, 'Interaction has already been acknowledged.'));
    }
    if (Date.now() - state.dispatchedAt > this.opts.interactionAckTimeoutMs) {
      return finish(unknownInteraction());
    }
    const itype = state.payload.type as number;
    const allowed: Record<number, number[]> = {
      2: [4, 5, 9],
      3: [4, 5, 6, 7, 9],
      4: [8],
      5: state.sourceMessageId ? [4, 5, 6, 7] : [4, 5],
    };
    if (!allowed[itype]?.includes(type)) {
      return finish(
        invalidForm({ type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: 'Bad type' }] } }),
      );
    }
    if (type === CallbackType.Reply || type === CallbackType.Update) {
      const errors = validateMessageBody(data, 'data');
      if (errors) return finish(invalidForm(errors));
      if (type === CallbackType.Reply && isEmptyMessage(data)) {
        return finish(jsonError(400, 50006, 'Cannot send an empty message'));
      }
    }
    if (type === CallbackType.Modal) {
      const errors = validateModal(data);
      if (errors) return finish(invalidForm(errors));
    }

    state.acknowledgedWith = type;
    let after: (() => void) | undefined;
    const source = state.sourceMessageId ? this.messages.get(state.sourceMessageId) : undefined;
    if (type === CallbackType.Reply || type === CallbackType.DeferredReply) {
      const flags = typeof data.flags === 'number' ? data.flags : 0;
      const loading = type === CallbackType.DeferredReply;
      const message = this.createInteractionMessage(state, loading ? { flags } : data, loading);
      state.original = message;
      if (!(message.flags & FakeMessageFlags.Ephemeral)) {
        after = () => this.dispatchMessage('MESSAGE_CREATE', message);
      }
    } else if (type === CallbackType.DeferredUpdate || type === CallbackType.Update) {
      state.original = source ?? null;
      if (type === CallbackType.Update && source) {
        this.applyEdit(source, data);
        if (!this.ephemeralOwner.has(source.id)) {
          after = () => this.dispatchMessage('MESSAGE_UPDATE', source);
        }
      }
    } else if (type === CallbackType.Modal) {
      state.modal = data;
    } else if (type === CallbackType.Autocomplete) {
      state.autocompleteChoices = asArray(data.choices);
    }

    if (!withResponse) return finish({ ...noContent, after });
    const message = state.original;
    return finish({
      status: 200,
      after,
      body: {
        interaction: {
          id: state.id,
          type: itype,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: Boolean(message.flags & FakeMessageFlags.Loading),
                response_message_ephemeral: Boolean(message.flags & FakeMessageFlags.Ephemeral),
              }
            : {}),
        },
        resource: { type, ...(message && type !== CallbackType.DeferredUpdate ? { message } : {}) },
      },
    });
  }

  private webhookRoute(
    method: string,
    appId: string,
    token: string,
    rest: string[],
    body: unknown,
  ): Reply {
    const state = this.interactionsByToken.get(token);
    if (appId !== this.applicationId || !state || state.acknowledgedWith === null) {
      return unknownWebhook();
    }
    // POST /webhooks/:app/:token -> follow-up message.
    if (rest.length === 0 && method === 'POST') {
      if (!isObj(body)) return jsonError(400, 50109, 'The request body contains invalid JSON.');
      const errors = validateMessageBody(body);
      if (errors) return invalidForm(errors);
      if (isEmptyMessage(body)) return jsonError(400, 50006, 'Cannot send an empty message');
      const original = state.original;
      // On Discord the first follow-up after a deferred reply replaces the loading message.
      if (
        state.acknowledgedWith === CallbackType.DeferredReply &&
        original &&
        original.flags & FakeMessageFlags.Loading
      ) {
        return this.editOriginal(state, original, body);
      }
      const message = this.createInteractionMessage(state, body, false);
      state.followups.push(message);
      const after = message.flags & FakeMessageFlags.Ephemeral ? undefined : message;
      return {
        ...ok(message),
        after: after ? () => this.dispatchMessage('MESSAGE_CREATE', after) : undefined,
      };
    }
    if (rest[0] !== 'messages' || !rest[1] || rest.length !== 2) return notFound();
    const target =
      rest[1] === '@original'
        ? state.original
        : (state.followups.find((m) => m.id === rest[1]) ?? null);
    if (!target) return unknownMessage();
    if (method === 'GET') return ok(target);
    if (method === 'PATCH') {
      if (!isObj(body)) return jsonError(400, 50109, 'The request body contains invalid JSON.');
      const errors = validateMessageBody(body);
      if (errors) return invalidForm(errors);
      if (rest[1] === '@original') state.originalEdits.push(body);
      return this.editOriginal(state, target, body);
    }
    if (method === 'DELETE') {
      if (rest[1] === '@original') {
        state.original = null;
        state.originalDeleted = true;
      } else {
        state.followups = state.followups.filter((m) => m.id !== target.id);
      }
      if (this.ephemeralOwner.has(target.id)) {
        this.messages.delete(target.id);
        return noContent;
      }
      return this.deleteChannelMessage(target);
    }
    return notFound();
  }

  private editOriginal(state: InteractionState, target: FakeMessage, body: Obj): Reply {
    const wasLoading = Boolean(target.flags & FakeMessageFlags.Loading);
    this.applyEdit(target, body);
    if (wasLoading && state.original === target) {
      target.flags = target.flags & ~FakeMessageFlags.Loading;
      target.edited_timestamp = null;
    }
    if (this.ephemeralOwner.has(target.id)) return ok(target);
    return { ...ok(target), after: () => this.dispatchMessage('MESSAGE_UPDATE', target) };
  }

  // ---------------------------------------------------------------------------------------------
  // Model helpers
  // ---------------------------------------------------------------------------------------------

  /** Stores a file and returns the attachment object; its URL is served by this fake. */
  private storeAttachment(input: FakeAttachmentInput): APIMessage['attachments'][number] {
    const id = nextSnowflake();
    const data = typeof input.content === 'string' ? Buffer.from(input.content) : input.content;
    const contentType = input.contentType || 'application/octet-stream';
    this.attachmentFiles.set(id, { data, contentType });
    const url = `${this.origin}/attachments/${id}/${encodeURIComponent(input.name)}`;
    return {
      id,
      filename: input.name,
      size: data.length,
      content_type: contentType,
      url,
      proxy_url: url,
      ...(input.description ? { description: input.description } : {}),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('FakeDiscord is closed');
  }

  private ensureUser(userId: string | undefined, username: string | undefined): APIUser {
    if (userId === undefined) {
      if (!username) return this.defaultUser;
      const byName = [...this.users.values()].find((u) => !u.bot && u.username === username);
      if (byName) return byName;
    }
    const id = userId ?? nextSnowflake();
    let user: APIUser | undefined = this.users.get(id);
    if (!user) {
      const name = username ?? `user${id.slice(-6)}`;
      user = {
        id,
        username: name,
        discriminator: '0',
        global_name: name,
        avatar: null,
      };
      this.users.set(id, user);
      this.memberJoinedAt.set(id, nowIso());
    } else if (username && user.username !== username) {
      user.username = username;
      user.global_name = username;
    }
    return user;
  }

  private member(userId: string): APIGuildMember {
    const user = this.users.get(userId)!;
    return {
      user,
      nick: null,
      avatar: null,
      banner: null,
      roles: [],
      joined_at: this.memberJoinedAt.get(userId) ?? nowIso(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  private addGuildTextChannel(id: string, name: string): Channel {
    const payload: APITextChannel = {
      id,
      type: 0,
      guild_id: this.guild.id,
      name,
      position: this.channels.size,
      permission_overwrites: [],
      nsfw: false,
      topic: null,
      last_message_id: null,
      parent_id: null,
      rate_limit_per_user: 0,
    };
    const channel: Channel = { payload, guildId: this.guild.id, recipientId: null, messageIds: [] };
    this.channels.set(id, channel);
    return channel;
  }

  private findCommand(name: string, guildId: string | null): APIApplicationCommand | undefined {
    const isChat = (c: APIApplicationCommand) => c.name === name && (c.type ?? 1) === 1;
    return (
      (guildId ? this.guildCommands.get(guildId)?.find(isChat) : undefined) ??
      this.globalCommands.find(isChat)
    );
  }

  private messageBase(channelId: string, author: APIUser): FakeMessage {
    const channel = this.channels.get(channelId)!;
    const guildId = channel.guildId;
    const base: FakeMessage = {
      id: nextSnowflake(),
      channel_id: channelId,
      author,
      content: '',
      timestamp: nowIso(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
      components: [],
      channel_type: channel.payload.type,
    };
    if (guildId) {
      const { user: _user, ...member } = this.member(author.id);
      base.guild_id = guildId;
      base.member = member;
    }
    return base;
  }

  private storeMessage(message: FakeMessage, ephemeralFor?: string): FakeMessage {
    this.messages.set(message.id, message);
    if (ephemeralFor) {
      this.ephemeralOwner.set(message.id, ephemeralFor);
      return message;
    }
    const channel = this.channels.get(message.channel_id);
    if (channel) {
      channel.messageIds.push(message.id);
      channel.payload.last_message_id = message.id;
    }
    return message;
  }

  /** Users mentioned with `<@id>` in content (known users only), as Discord resolves them. */
  private mentionedUsers(content: string, guildId: string | null, allowed?: unknown): APIUser[] {
    const allow = isObj(allowed) ? allowed : null;
    const parse = allow ? asArray(allow.parse) : ['users'];
    const listed = allow ? asArray(allow.users) : [];
    const ids = new Set<string>();
    for (const match of content.matchAll(/<@!?(\d+)>/g)) ids.add(match[1]!);
    return [...ids].flatMap((id) => {
      const user = this.users.get(id);
      if (!user || !(parse.includes('users') || listed.includes(id))) return [];
      if (!guildId) return [user];
      const { user: _u, ...member } = this.member(id);
      return [{ ...user, member }];
    });
  }

  /** Message fields from a REST body (content, embeds, components, flags, mentions, files). */
  private messageFields(body: Obj, guildId: string | null, replyTo?: FakeMessage) {
    const content = asString(body.content);
    const allowed = body.allowed_mentions;
    const mentions = this.mentionedUsers(content, guildId, allowed);
    // The replied-to author is pinged unless allowed_mentions.replied_user is false (or absent
    // while allowed_mentions is given).
    const pingReplied = !isObj(allowed) || allowed.replied_user === true;
    if (replyTo && pingReplied && !mentions.some((u) => u.id === replyTo.author.id)) {
      mentions.push(replyTo.author);
    }
    const parse = isObj(allowed) ? asArray(allowed.parse) : ['everyone'];
    return {
      content,
      tts: body.tts === true,
      embeds: asArray(body.embeds).map((e) => ({ type: 'rich', ...(e as Obj) })),
      components: asArray(body.components),
      attachments: (uploadedFiles.get(body) ?? []).map((file, index) => {
        const meta = asArray(body.attachments).find((x) => isObj(x) && String(x.id) === `${index}`);
        const m = isObj(meta) ? meta : {};
        return this.storeAttachment({
          name: typeof m.filename === 'string' ? m.filename : file.name,
          content: file.data,
          contentType: file.contentType,
          description: typeof m.description === 'string' ? m.description : undefined,
        });
      }),
      mentions,
      mention_everyone: /@(everyone|here)\b/.test(content) && parse.includes('everyone'),
      flags:
        (typeof body.flags === 'number' ? body.flags : 0) &
        (FakeMessageFlags.SuppressEmbeds |
          FakeMessageFlags.SuppressNotifications |
          FakeMessageFlags.IsComponentsV2 |
          FakeMessageFlags.Ephemeral),
    } as Partial<FakeMessage>;
  }

  private applyEdit(message: FakeMessage, body: Obj): void {
    const channel = this.channels.get(message.channel_id);
    const fields = this.messageFields(body, channel?.guildId ?? null);
    const target = message as unknown as Obj;
    for (const key of ['content', 'embeds', 'components', 'attachments'] as const) {
      if (key in body || (key === 'attachments' && uploadedFiles.has(body)))
        target[key] = fields[key];
    }
    if ('content' in body) message.mentions = fields.mentions ?? [];
    if (typeof body.flags === 'number') {
      const fixed = FakeMessageFlags.Ephemeral | FakeMessageFlags.Loading;
      message.flags = ((message.flags ?? 0) & fixed) | ((fields.flags ?? 0) & ~fixed);
    }
    message.edited_timestamp = nowIso();
  }

  private createInteractionMessage(state: InteractionState, data: Obj, loading: boolean) {
    const channel = this.channels.get(state.channelId)!;
    const ephemeral = typeof data.flags === 'number' && data.flags & FakeMessageFlags.Ephemeral;
    const base = this.messageBase(state.channelId, this.botUser);
    const fields = loading ? {} : this.messageFields(data, channel.guildId);
    const message: FakeMessage = {
      ...base,
      ...fields,
      type: state.payload.type === 2 ? 20 : 0,
      webhook_id: this.applicationId,
      application_id: this.applicationId,
      flags:
        (fields.flags ?? 0) |
        (ephemeral ? FakeMessageFlags.Ephemeral : 0) |
        (loading ? FakeMessageFlags.Loading : 0),
      interaction_metadata: {
        id: state.id,
        type: state.payload.type,
        user: this.users.get(state.userId)!,
        authorizing_integration_owners: state.payload.authorizing_integration_owners,
        ...(state.sourceMessageId ? { interacted_message_id: state.sourceMessageId } : {}),
      } as FakeMessage['interaction_metadata'],
    };
    return this.storeMessage(message, ephemeral ? state.userId : undefined);
  }

  private findComponent(customId: string, messageId: string | undefined, types: number[]) {
    const candidates = messageId
      ? [this.messages.get(messageId)].filter((m): m is FakeMessage => Boolean(m))
      : [...this.messages.values()].reverse();
    if (messageId && !candidates.length) throw new Error(`FakeDiscord: no message ${messageId}`);
    for (const message of candidates) {
      if (message.author.id !== this.botUser.id) continue;
      const component = findComponentIn(message.components, customId);
      if (component && types.includes(component.type as number)) return { message, component };
    }
    const where = messageId ? `message ${messageId}` : 'any bot message';
    throw new Error(`FakeDiscord: no component ${customId} (types ${types}) in ${where}`);
  }

  private componentUser(message: FakeMessage, opts: ActorOptions): APIUser {
    const owner = this.ephemeralOwner.get(message.id);
    if (owner && opts.userId && opts.userId !== owner) {
      throw new Error(
        `FakeDiscord: user ${opts.userId} cannot see ephemeral message ${message.id}`,
      );
    }
    const channel = this.channels.get(message.channel_id);
    return this.ensureUser(
      opts.userId ?? owner ?? channel?.recipientId ?? undefined,
      opts.username,
    );
  }

  private dispatchInteraction<T extends APIInteraction>(
    type: number,
    user: APIUser,
    channelId: string,
    data: Obj,
    message: FakeMessage | null,
  ): T {
    const channel = this.channels.get(channelId)!;
    const id = nextSnowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;
    const payload: Obj = {
      id,
      application_id: this.applicationId,
      type,
      data,
      token,
      version: 1,
      locale: 'en-US',
      app_permissions: EVERYONE_PERMISSIONS,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      channel_id: channelId,
    };
    if (channel.guildId) {
      payload.guild_id = channel.guildId;
      payload.guild = { id: channel.guildId, locale: 'en-US', features: [] };
      payload.guild_locale = 'en-US';
      payload.channel = { ...channel.payload, permissions: EVERYONE_PERMISSIONS };
      payload.member = { ...this.member(user.id), permissions: EVERYONE_PERMISSIONS };
      payload.authorizing_integration_owners = { '0': channel.guildId };
      payload.context = 0;
    } else {
      payload.user = user;
      payload.channel = { ...channel.payload, recipients: [user] };
      payload.authorizing_integration_owners = { '0': '0' };
      payload.context = 1;
    }
    if (message) payload.message = message;
    const state: InteractionState = {
      payload,
      id,
      token,
      userId: user.id,
      channelId,
      dispatchedAt: Date.now(),
      sourceMessageId: message?.id ?? null,
      callbacks: [],
      acknowledgedWith: null,
      original: null,
      originalEdits: [],
      originalDeleted: false,
      followups: [],
      modal: null,
      autocompleteChoices: null,
    };
    this.interactions.set(id, state);
    this.interactionsByToken.set(token, state);
    this.dispatch('INTERACTION_CREATE', () => payload);
    return clone(payload) as unknown as T;
  }
}

// -----------------------------------------------------------------------------------------------
// Free helpers
// -----------------------------------------------------------------------------------------------

function matchesFilter(r: RecordedRequest, f: RequestFilter): boolean {
  return (
    (!f.method || r.method === f.method.toUpperCase()) &&
    (!f.pathIncludes || r.path.includes(f.pathIncludes)) &&
    (f.status === undefined || r.status === f.status)
  );
}

function compareSnowflakes(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function faultReply(fault: RestFault): Reply {
  if (fault.status !== 429) {
    return jsonError(fault.status, fault.code ?? 0, fault.message ?? `${fault.status}: Injected`);
  }
  const seconds = (fault.retryAfterMs ?? 100) / 1000;
  return {
    status: 429,
    body: {
      message: fault.message ?? 'You are being rate limited.',
      retry_after: seconds,
      global: false,
      code: fault.code ?? 0,
    },
    headers: {
      'retry-after': String(seconds),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(seconds),
      'x-ratelimit-bucket': 'fake-bucket',
      'x-ratelimit-scope': 'user',
    },
  };
}

async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: RecordedFile[]; multipart: boolean }> {
  if (raw.length === 0) return { body: undefined, files: [], multipart: false };
  const type = contentType ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    let body: unknown;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ field, name: value.name, size: data.length, contentType: value.type, data });
      }
    }
    if (isObj(body) && files.length) uploadedFiles.set(body, files);
    return { body, files, multipart: true };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [], multipart: false };
  } catch {
    return { body: text, files: [], multipart: false };
  }
}

/** Files uploaded with a (multipart) body, keyed by the parsed body / callback data object. */
const uploadedFiles = new WeakMap<object, RecordedFile[]>();

function findComponentIn(components: unknown, customId: string): Obj | undefined {
  for (const c of asArray(components)) {
    if (!isObj(c)) continue;
    if (c.custom_id === customId) return c;
    const nested =
      findComponentIn(c.components, customId) ??
      (isObj(c.accessory) ? findComponentIn([c.accessory], customId) : undefined) ??
      (isObj(c.component) ? findComponentIn([c.component], customId) : undefined);
    if (nested) return nested;
  }
  return undefined;
}

function isEmptyMessage(body: Obj): boolean {
  return (
    !asString(body.content) &&
    !asArray(body.embeds).length &&
    !asArray(body.components).length &&
    !uploadedFiles.get(body)?.length &&
    !asArray(body.sticker_ids).length &&
    !isObj(body.poll)
  );
}

function addError(errors: FormErrors, path: (string | number)[], code: string, message: string) {
  let node: FormErrors = errors;
  for (const key of path) {
    const k = String(key);
    const next = node[k];
    if (!next || Array.isArray(next)) node[k] = {};
    node = node[k] as FormErrors;
  }
  node._errors = [...(node._errors ?? []), { code, message }];
}

function maxLength(
  errors: FormErrors,
  path: (string | number)[],
  value: unknown,
  max: number,
  min = 0,
): void {
  if (value === undefined || value === null) return;
  const s = String(value);
  if ([...s].length > max) {
    addError(errors, path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  } else if ([...s].length < min) {
    addError(errors, path, 'BASE_TYPE_MIN_LENGTH', `Must be ${min} or more in length.`);
  }
}

/** Discord's server-side limits for message bodies (content, embeds, components). */
function validateMessageBody(body: Obj, prefix?: string): FormErrors | null {
  const errors: FormErrors = {};
  const p = (...rest: (string | number)[]) => (prefix ? [prefix, ...rest] : rest);
  maxLength(errors, p('content'), body.content, 2000);
  const embeds = asArray(body.embeds);
  if (embeds.length > 10) {
    addError(errors, p('embeds'), 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  }
  let total = 0;
  embeds.forEach((raw, i) => {
    const e = isObj(raw) ? raw : {};
    maxLength(errors, p('embeds', i, 'title'), e.title, 256);
    maxLength(errors, p('embeds', i, 'description'), e.description, 4096);
    if (isObj(e.footer)) maxLength(errors, p('embeds', i, 'footer', 'text'), e.footer.text, 2048);
    if (isObj(e.author)) maxLength(errors, p('embeds', i, 'author', 'name'), e.author.name, 256);
    const fields = asArray(e.fields);
    if (fields.length > 25) {
      addError(errors, p('embeds', i, 'fields'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer.');
    }
    fields.forEach((rawField, j) => {
      const f = isObj(rawField) ? rawField : {};
      maxLength(errors, p('embeds', i, 'fields', j, 'name'), f.name, 256, 1);
      maxLength(errors, p('embeds', i, 'fields', j, 'value'), f.value, 1024, 1);
      total += asString(f.name).length + asString(f.value).length;
    });
    total += asString(e.title).length + asString(e.description).length;
    if (isObj(e.footer)) total += asString(e.footer.text).length;
    if (isObj(e.author)) total += asString(e.author.name).length;
  });
  if (total > 6000) {
    addError(
      errors,
      p('embeds'),
      'MAX_EMBED_SIZE_EXCEEDED',
      'Embed size exceeds maximum size of 6000',
    );
  }
  const v2 = typeof body.flags === 'number' && body.flags & FakeMessageFlags.IsComponentsV2;
  const rows = asArray(body.components);
  if (!v2) {
    if (rows.length > 5) {
      addError(errors, p('components'), 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
    }
    const seen = new Set<string>();
    rows.forEach((rawRow, i) => {
      const row = isObj(rawRow) ? rawRow : {};
      const children = asArray(row.components);
      if (row.type !== 1) {
        addError(
          errors,
          p('components', i),
          'UNION_TYPE_CHOICES',
          'Value of field "type" must be 1.',
        );
        return;
      }
      const selects = children.filter((c) => isObj(c) && c.type !== 2).length;
      if (children.length < 1 || children.length > 5 || (selects > 0 && children.length > 1)) {
        addError(
          errors,
          p('components', i, 'components'),
          'BASE_TYPE_BAD_LENGTH',
          'Must be between 1 and 5 in length (one select menu per row).',
        );
      }
      children.forEach((rawChild, j) => {
        const c = isObj(rawChild) ? rawChild : {};
        const path = p('components', i, 'components', j);
        const isLink = c.type === 2 && (c.style === 5 || c.style === 6);
        if (!isLink) {
          const id = asString(c.custom_id);
          if (!id) addError(errors, [...path, 'custom_id'], 'BASE_TYPE_REQUIRED', 'Required');
          maxLength(errors, [...path, 'custom_id'], c.custom_id, 100);
          if (id && seen.has(id)) {
            addError(errors, [...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Dupe');
          }
          seen.add(id);
        }
        maxLength(errors, [...path, 'label'], c.label, 80);
        maxLength(errors, [...path, 'placeholder'], c.placeholder, 150);
        const options = asArray(c.options);
        if (c.type === 3 && (options.length < 1 || options.length > 25)) {
          addError(errors, [...path, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be 1 to 25.');
        }
        options.forEach((rawOpt, k) => {
          const o = isObj(rawOpt) ? rawOpt : {};
          maxLength(errors, [...path, 'options', k, 'label'], o.label, 100, 1);
          maxLength(errors, [...path, 'options', k, 'value'], o.value, 100, 1);
          maxLength(errors, [...path, 'options', k, 'description'], o.description, 100);
        });
      });
    });
  } else if (asString(body.content) || embeds.length) {
    addError(
      errors,
      p('content'),
      'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      'The content and embeds fields cannot be used when using components v2',
    );
  }
  return Object.keys(errors).length ? errors : null;
}

function validateModal(data: Obj): FormErrors | null {
  const errors: FormErrors = {};
  maxLength(errors, ['data', 'title'], data.title, 45, 1);
  const id = asString(data.custom_id);
  if (!id) addError(errors, ['data', 'custom_id'], 'BASE_TYPE_REQUIRED', 'Required');
  maxLength(errors, ['data', 'custom_id'], id, 100);
  const components = asArray(data.components);
  if (components.length < 1 || components.length > 5) {
    addError(errors, ['data', 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be 1 to 5.');
  }
  return Object.keys(errors).length ? errors : null;
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Discord's checks on application command definitions (bulk overwrite body). */
function validateCommands(body: unknown): FormErrors | null {
  const errors: FormErrors = {};
  if (!Array.isArray(body)) {
    addError(errors, [], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return errors;
  }
  if (body.filter((c) => !isObj(c) || (c.type ?? 1) === 1).length > 100) {
    addError(errors, [], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer chat input commands.');
  }
  const names = new Set<string>();
  body.forEach((raw, i) => {
    const cmd = isObj(raw) ? raw : {};
    const type = cmd.type ?? 1;
    const name = asString(cmd.name);
    if (names.has(`${type}:${name}`)) {
      addError(errors, [i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Duplicate ${name}`);
    }
    names.add(`${type}:${name}`);
    if (type === 1) {
      if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
        addError(
          errors,
          [i, 'name'],
          'APPLICATION_COMMAND_INVALID_NAME',
          'Command name is invalid',
        );
      }
      maxLength(errors, [i, 'description'], cmd.description ?? '', 100, 1);
      validateOptions(errors, [i, 'options'], asArray(cmd.options));
    } else {
      maxLength(errors, [i, 'name'], name, 32, 1);
      if (asString(cmd.description)) {
        addError(errors, [i, 'description'], 'APPLICATION_COMMAND_DESCRIPTION', 'Must be empty');
      }
    }
  });
  return Object.keys(errors).length ? errors : null;
}

function validateOptions(errors: FormErrors, path: (string | number)[], options: unknown[]) {
  if (options.length > 25) {
    addError(errors, path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  }
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((raw, i) => {
    const o = isObj(raw) ? raw : {};
    const name = asString(o.name);
    if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
      addError(errors, [...path, i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Invalid name');
    }
    if (names.has(name)) {
      addError(
        errors,
        [...path, i, 'name'],
        'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
        name,
      );
    }
    names.add(name);
    maxLength(errors, [...path, i, 'description'], o.description ?? '', 100, 1);
    const isSub = o.type === 1 || o.type === 2;
    if (!isSub) {
      if (o.required === true && sawOptional) {
        addError(
          errors,
          [...path, i, 'required'],
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
      }
      if (o.required !== true) sawOptional = true;
    }
    const choices = asArray(o.choices);
    if (choices.length > 25) {
      addError(errors, [...path, i, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer.');
    }
    choices.forEach((rawChoice, j) => {
      const ch = isObj(rawChoice) ? rawChoice : {};
      maxLength(errors, [...path, i, 'choices', j, 'name'], ch.name, 100, 1);
    });
    if (isSub) validateOptions(errors, [...path, i, 'options'], asArray(o.options));
  });
}
