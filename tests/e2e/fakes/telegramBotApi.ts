/**
 * A local fake of the Telegram Bot API for end-to-end tests that drive the REAL grammY client
 * (`bot.start()` or `@grammyjs/runner`) over HTTP on 127.0.0.1.
 *
 * Behaviour mirrors the real Bot API server (tdlib/telegram-bot-api) where it matters to a bot:
 * - `getUpdates` really long-polls: `timeout` (s), `offset` (confirms delivered updates), `limit`,
 *   `allowed_updates` (server-side state; `[]` = default types). A newer waiting `getUpdates`
 *   terminates the pending one with 409 Conflict, exactly as Telegram does; a `timeout: 0` call (as
 *   sent by `bot.stop()`) is answered at once and leaves a pending poll alone.
 * - Errors are Telegram-shaped: `{ ok: false, error_code, description, parameters? }`, with the
 *   HTTP status equal to `error_code`.
 * - `parse_mode` HTML / MarkdownV2 / Markdown is parsed like Telegram does: the recorded text is the
 *   plain text plus `entities`, and malformed markup fails with
 *   `400 Bad Request: can't parse entities: ...` (the classic production surprise).
 *
 * Only node:http, only loopback. The fake never contacts any other address (webhook URLs and
 * button URLs are stored, never fetched).
 *
 * Usage:
 * ```ts
 * const fake = await FakeTelegramBotApi.start();
 * const bot = new Bot(fake.token, fake.botConfig());
 * // ...register handlers, bot.start({ onStart }) ...
 * fake.sendText({ chatId: 42, text: '/start' });
 * const call = await fake.waitForCall('sendMessage');
 * await bot.stop();
 * await fake.close();
 * ```
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  BotCommand,
  CallbackQuery,
  Chat,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  Update,
  User,
  UserFromGetMe,
} from 'grammy/types';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** Request parameters as received (JSON body, merged over query string / urlencoded form). */
export type Params = Readonly<Record<string, unknown>>;

/** Telegram's `ResponseParameters` (sent with some errors). */
export interface ResponseParameters {
  /** Seconds to wait before repeating a request rate-limited with 429. */
  retry_after?: number;
  /** The group was migrated to a supergroup with this id. */
  migrate_to_chat_id?: number;
}

/** A Telegram-shaped API answer, as written on the wire. */
export type ApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: ResponseParameters };

/** One API request the fake received (after token check), in arrival order. */
export interface RecordedCall {
  /** 1-based arrival order across all methods. */
  readonly seq: number;
  /** Method name; canonical camelCase for known methods (Telegram matches case-insensitively). */
  readonly method: string;
  /** The parameters sent. */
  readonly params: Params;
  /** `Date.now()` when the request arrived. */
  readonly at: number;
  /** What the fake answered; `undefined` while pending (a long poll) or if the client went away. */
  readonly response?: ApiResponse;
  /** `Date.now()` when answered. */
  readonly answeredAt?: number;
  /** True if the client closed the connection before the answer (e.g. `bot.stop()` abort). */
  readonly aborted?: boolean;
}

/** Error injected with {@link FakeTelegramBotApi.failNext}. */
export interface FailSpec {
  /** HTTP/Telegram error code, e.g. 429, 403, 400, 500. */
  error_code: number;
  /** Telegram description, e.g. `'Too Many Requests: retry after 1'`. */
  description: string;
  /** Shorthand for `parameters.retry_after` (429). */
  retry_after?: number;
  /** Extra `parameters` to send. */
  parameters?: ResponseParameters;
}

/** Fake-only bookkeeping attached to a {@link RecordedMessage}. */
export interface MessageMeta {
  /** `parse_mode` the bot used for the current text, if any. */
  readonly parseMode?: string;
  /** The text exactly as the bot sent it (before parse_mode markup was parsed away). */
  readonly rawText: string;
  /** The `reply_markup` the bot sent, of any kind (Telegram echoes only inline keyboards). */
  readonly replyMarkup?: unknown;
  /** How many times the bot edited this message (text or markup). */
  readonly editCount: number;
}

/** A message as it currently stands in the fake chat (edits applied), plus {@link MessageMeta}. */
export type RecordedMessage = Message & { readonly meta: MessageMeta };

/** Options of {@link FakeTelegramBotApi.start}. */
export interface FakeTelegramBotApiOptions {
  /** Bot token to accept; anything else gets 401. Default `'7000000001:AAFakeTokenForEndToEndTests-0000000'`. */
  token?: string;
  /** `getMe().username`. Default `'trajectory_test_bot'`. */
  botUsername?: string;
  /** `getMe().first_name`. Default `'Trajectory Test Bot'`. */
  botFirstName?: string;
  /** Answer 400 `chat not found` for chats the fake has not seen (default: create them lazily). */
  strictChats?: boolean;
  /** Clock in ms used for `date` fields. Default `Date.now`. */
  now?: () => number;
}

/** Options of {@link FakeTelegramBotApi.sendText}. */
export interface SendTextOptions {
  /** Chat id. In private chats it equals the user id. */
  chatId: number;
  /** Sender id. Defaults to `chatId` in private chats; required for groups. */
  userId?: number;
  /** Message text. A leading `/command` gets a `bot_command` entity, `@username` a `mention`. */
  text: string;
  /** Default `'private'` for positive ids, `'group'` for negative ones. */
  chatType?: 'private' | 'group' | 'supergroup';
  /** Group title (groups only). */
  chatTitle?: string;
  /** Make it a reply to this message of the same chat. */
  replyToMessageId?: number;
  /** Sender's first name (remembered per user). Default `'Test'`. */
  firstName?: string;
  /** Sender's last name (remembered per user). */
  lastName?: string;
  /** Sender's username, without `@` (remembered per user). */
  username?: string;
  /** Sender's `language_code` (remembered per user). Default `'en'`. */
  languageCode?: string;
  /** Use these entities instead of the auto-detected ones. */
  entities?: MessageEntity[];
}

/** Options of {@link FakeTelegramBotApi.pressButton}. Give `data` or `text` (the label). */
export interface PressButtonOptions {
  /** Chat of the bot message. */
  chatId: number;
  /** Who presses. Defaults to `chatId` in private chats; required for groups. */
  userId?: number;
  /** The bot message carrying the keyboard; default: the newest bot message with such a button. */
  messageId?: number;
  /** `callback_data` of the button. */
  data?: string;
  /** Label of the button. */
  text?: string;
}

/** Result of injecting a user message. */
export interface InjectedMessage {
  /** The update id. */
  updateId: number;
  /** The new message's id in its chat. */
  messageId: number;
  /** The injected update. */
  update: Update;
}

/** Result of injecting a button press. */
export interface InjectedCallback {
  /** The update id. */
  updateId: number;
  /** `callback_query.id`, to be answered with answerCallbackQuery. */
  callbackQueryId: string;
  /** The injected update. */
  update: Update;
}

/** An update for {@link FakeTelegramBotApi.injectRaw}; `update_id` is assigned when missing. */
export interface RawUpdate {
  /** Optional explicit id (duplicates allowed, to simulate redelivery). */
  update_id?: number;
  /** Any update payload (`message`, `callback_query`, `my_chat_member`, ...). */
  [key: string]: unknown;
}

/** Options of {@link FakeTelegramBotApi.waitForCall}. */
export interface WaitForCallOptions {
  /** Give up after this many ms (default 5000). */
  timeoutMs?: number;
  /** Only consider calls with `seq > since`. Default: calls since the last injection. */
  since?: number;
}

/** Custom method implementation: return the `result`, or throw {@link FakeApiError}. */
export type MethodHandler = (params: Params, call: RecordedCall) => unknown;

/** Throw from a {@link MethodHandler} to answer with a Telegram-shaped error. */
export class FakeApiError extends Error {
  /** Creates an error answered as `{ ok: false, error_code, description, parameters }`. */
  constructor(
    readonly error_code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(`${error_code}: ${description}`);
    this.name = 'FakeApiError';
  }

  /** The wire form of this error. */
  toResponse(): ApiResponse {
    return {
      ok: false,
      error_code: this.error_code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Internal types and helpers
// ---------------------------------------------------------------------------------------------

interface MutableCall {
  seq: number;
  method: string;
  params: Params;
  at: number;
  response?: ApiResponse;
  answeredAt?: number;
  aborted?: boolean;
}

interface QueuedUpdate {
  update: Update;
  /** Written to a live socket at least once; only delivered updates are dropped by `offset`. */
  delivered: boolean;
}

interface PendingPoll {
  call: MutableCall;
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout;
}

interface StoredMessage {
  message: Message;
  fromBot: boolean;
  deleted: boolean;
  meta: { parseMode?: string; rawText: string; replyMarkup?: unknown; editCount: number };
}

interface ChatState {
  chat: Chat;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
}

interface Parsed {
  text: string;
  entities: MessageEntity[];
}

const DEFAULT_TOKEN = '7000000001:AAFakeTokenForEndToEndTests-0000000';
const CONFLICT_OTHER_POLL =
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
/** Update types not delivered unless explicitly listed in `allowed_updates`. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
const BUTTON_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'disabled',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;
const MAX_TEXT_LENGTH = 4096;

function bad(description: string): FakeApiError {
  return new FakeApiError(400, `Bad Request: ${description}`);
}

function parseError(detail: string): FakeApiError {
  return bad(`can't parse entities: ${detail}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Fields that form-encoded clients send as JSON strings. */
function jsonish(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    throw bad(`can't parse JSON object`);
  }
}

function optInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw bad(`invalid ${name} specified`);
}

function optBool(v: unknown): boolean {
  return v === true || v === 'true' || v === 1 || v === '1';
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function isGone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded || res.socket === null || res.socket.destroyed;
}

function utf8Offset(s: string, index: number): number {
  return Buffer.byteLength(s.slice(0, index), 'utf8');
}

function updateType(u: Update): string {
  return Object.keys(u).find((k) => k !== 'update_id') ?? 'unknown';
}

function short(v: unknown, max = 160): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A file uploaded in a multipart request (e.g. the photo of sendPhoto). */
export interface UploadedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

function parseParams(url: URL, contentType: string, body: Buffer): Record<string, unknown> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (body.length === 0) return params;
  if (contentType.startsWith('multipart/form-data')) {
    // Uploads arrive as form fields; a file field becomes an UploadedFile value. Parsed by
    // hand: grammY's multipart body is valid but stricter parsers (undici's) refuse it.
    const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
    if (!boundary) throw bad(`can't parse multipart/form-data`);
    const delimiter = Buffer.from(`--${boundary}`);
    let at = body.indexOf(delimiter);
    while (at >= 0) {
      const next = body.indexOf(delimiter, at + delimiter.length);
      if (next < 0) break;
      const part = body.subarray(at + delimiter.length, next);
      at = next;
      const headerEnd = part.indexOf('\r\n\r\n');
      if (headerEnd < 0) continue;
      const headers = part.subarray(0, headerEnd).toString('utf8');
      let data = part.subarray(headerEnd + 4);
      if (data.subarray(-2).toString() === '\r\n') data = data.subarray(0, -2);
      const field = /\bname="?([^";\r\n]*)"?/.exec(headers)?.[1];
      if (field === undefined) continue;
      const filename = /\bfilename="?([^";\r\n]*)"?/.exec(headers)?.[1];
      if (filename === undefined) params[field] = data.toString('utf8');
      else
        params[field] = {
          name: filename,
          contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? '',
          data: Buffer.from(data),
        } satisfies UploadedFile;
    }
    return params;
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw bad(`can't parse JSON object`);
  }
  if (!isRecord(parsed)) throw bad(`can't parse JSON object`);
  return { ...params, ...parsed };
}

/** Entities Telegram would auto-detect in a user's text: bot commands and @mentions. */
function detectEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const re =
    /(^|[\s(])(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?|@[A-Za-z0-9_]{4,32})(?![A-Za-z0-9_@])/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const token = m[2] ?? '';
    const offset = m.index + (m[1] ?? '').length;
    entities.push({
      type: token.startsWith('/') ? 'bot_command' : 'mention',
      offset,
      length: token.length,
    });
  }
  return entities;
}

// --- parse_mode ------------------------------------------------------------------------------

function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities
    .filter((e) => e.length > 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
}

const HTML_TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

function parseAttributes(s: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([A-Za-z][A-Za-z0-9_-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    attrs[(m[1] ?? '').toLowerCase()] = decodeHtmlEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function decodeHtmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    const code = e.startsWith('#x') ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return String.fromCodePoint(code);
  });
}

/** Telegram's HTML style: supported tags only, properly nested, `&lt;` `&gt;` `&amp;` `&quot;`. */
function parseHtml(src: string): Parsed {
  let out = '';
  const entities: MessageEntity[] = [];
  const stack: { tag: string; start: number; entity?: Record<string, unknown> }[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '<') {
      const end = src.indexOf('>', i);
      if (end === -1) throw parseError(`Unclosed start tag at byte offset ${utf8Offset(src, i)}`);
      const inner = src.slice(i + 1, end);
      if (inner.startsWith('/')) {
        const name = inner.slice(1).trim().toLowerCase();
        const open = stack.pop();
        if (!open) throw parseError(`Unexpected end tag at byte offset ${utf8Offset(src, i)}`);
        if (name !== open.tag) {
          throw parseError(
            `Unmatched end tag at byte offset ${utf8Offset(src, i)}, expected "</${open.tag}>", found "</${name}>"`,
          );
        }
        if (open.entity) {
          entities.push({
            ...open.entity,
            offset: open.start,
            length: out.length - open.start,
          } as MessageEntity);
        }
      } else {
        const m = /^([A-Za-z][A-Za-z0-9-]*)([\s\S]*)$/.exec(inner);
        const tag = (m?.[1] ?? '').toLowerCase();
        const type = HTML_TAGS[tag];
        if (!m || !type) {
          throw parseError(`Unsupported start tag "${tag}" at byte offset ${utf8Offset(src, i)}`);
        }
        const attrs = parseAttributes(m[2] ?? '');
        let entity: Record<string, unknown> | undefined = { type };
        if (tag === 'span' && attrs.class !== 'tg-spoiler') {
          throw parseError(
            `Tag "span" must have class "tg-spoiler" at byte offset ${utf8Offset(src, i)}`,
          );
        }
        if (tag === 'a') entity = attrs.href ? { type, url: attrs.href } : undefined;
        if (tag === 'blockquote' && 'expandable' in attrs)
          entity = { type: 'expandable_blockquote' };
        if (tag === 'tg-emoji') entity = { type, custom_emoji_id: attrs['emoji-id'] ?? '' };
        const parent = stack[stack.length - 1];
        if (tag === 'code' && parent?.tag === 'pre' && parent.entity) {
          const lang = /^language-(.+)$/.exec(attrs.class ?? '')?.[1];
          if (lang) parent.entity.language = lang;
          entity = undefined;
        }
        stack.push({ tag, start: out.length, ...(entity ? { entity } : {}) });
      }
      i = end + 1;
      continue;
    }
    if (c === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot);/.exec(src.slice(i, i + 12));
      if (m) {
        out += decodeHtmlEntities(m[0]);
        i += m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  const open = stack[stack.length - 1];
  if (open) throw parseError(`Can't find end tag corresponding to start tag "${open.tag}"`);
  return { text: out, entities: sortEntities(entities) };
}

const MDV2_RESERVED = new Set('_*[]()~`>#+-=|{}.!'.split(''));
const MDV2_NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  code: 'Code',
  pre: 'PreCode',
  text_link: 'TextUrl',
  custom_emoji: 'CustomEmoji',
};

/** Telegram's MarkdownV2: every reserved character outside markup must be escaped with `\`. */
function parseMarkdownV2(src: string): Parsed {
  let out = '';
  const entities: MessageEntity[] = [];
  const stack: { type: string; start: number; at: number; language?: string }[] = [];
  let quote: { start: number; expandable: boolean } | undefined;
  let lineStart = true;
  const closeQuote = () => {
    if (!quote) return;
    let end = out.length;
    while (end > quote.start && out[end - 1] === '\n') end--;
    entities.push({
      type: quote.expandable ? 'expandable_blockquote' : 'blockquote',
      offset: quote.start,
      length: end - quote.start,
    });
    quote = undefined;
  };
  const close = () => {
    const open = stack.pop() as { type: string; start: number; language?: string };
    const e: Record<string, unknown> = {
      type: open.type,
      offset: open.start,
      length: out.length - open.start,
    };
    if (open.language) e.language = open.language;
    entities.push(e as unknown as MessageEntity);
  };
  const toggle = (type: string, at: number) => {
    const top = stack[stack.length - 1];
    if (top?.type === type) return close();
    const inner = stack.find((s) => s.type === type);
    if (inner && top) {
      throw parseError(
        `Can't find end of ${MDV2_NAMES[top.type]} entity at byte offset ${utf8Offset(src, top.at)}`,
      );
    }
    stack.push({ type, start: out.length, at });
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const top = stack[stack.length - 1];
    const escaped = src[i + 1];
    const escapable =
      c === '\\' &&
      escaped !== undefined &&
      escaped.charCodeAt(0) >= 1 &&
      escaped.charCodeAt(0) <= 126;
    if (top?.type === 'code' || top?.type === 'pre') {
      if (escapable) {
        out += escaped;
        i += 2;
      } else if (top.type === 'pre' && src.startsWith('```', i)) {
        close();
        i += 3;
      } else if (top.type === 'code' && c === '`') {
        close();
        i++;
      } else {
        out += c;
        i++;
      }
      continue;
    }
    if (lineStart) {
      lineStart = false;
      if (src.startsWith('**>', i)) {
        if (!quote) quote = { start: out.length, expandable: true };
        i += 3;
        continue;
      }
      if (c === '>') {
        if (!quote) quote = { start: out.length, expandable: false };
        i++;
        continue;
      }
      closeQuote();
    }
    if (escapable) {
      out += escaped;
      i += 2;
      continue;
    }
    if (c === '\n') {
      out += c;
      i++;
      lineStart = true;
      continue;
    }
    if (quote && src.startsWith('||', i) && (i + 2 === src.length || src[i + 2] === '\n')) {
      if (top?.type !== 'spoiler') {
        quote.expandable = true;
        i += 2;
        continue;
      }
    }
    if (c === '*') {
      toggle('bold', i);
      i++;
    } else if (c === '_' && src[i + 1] === '_') {
      toggle('underline', i);
      i += 2;
    } else if (c === '_') {
      toggle('italic', i);
      i++;
    } else if (c === '~') {
      toggle('strikethrough', i);
      i++;
    } else if (c === '|' && src[i + 1] === '|') {
      toggle('spoiler', i);
      i += 2;
    } else if (src.startsWith('```', i)) {
      const nl = src.indexOf('\n', i + 3);
      const firstLine = nl === -1 ? '' : src.slice(i + 3, nl);
      const language = /^[^\s`]+$/.test(firstLine) ? firstLine : undefined;
      stack.push({ type: 'pre', start: out.length, at: i, ...(language ? { language } : {}) });
      i = language !== undefined ? nl + 1 : src[i + 3] === '\n' ? i + 4 : i + 3;
    } else if (c === '`') {
      stack.push({ type: 'code', start: out.length, at: i });
      i++;
    } else if (c === '[' || (c === '!' && src[i + 1] === '[')) {
      stack.push({ type: c === '!' ? 'custom_emoji' : 'text_link', start: out.length, at: i });
      i += c === '!' ? 2 : 1;
    } else if (
      c === ']' &&
      (top?.type === 'text_link' || top?.type === 'custom_emoji') &&
      src[i + 1] === '('
    ) {
      let j = i + 2;
      let url = '';
      while (j < src.length && src[j] !== ')') {
        if (src[j] === '\\' && j + 1 < src.length) {
          url += src[j + 1];
          j += 2;
        } else {
          url += src[j];
          j++;
        }
      }
      if (j >= src.length) {
        throw parseError(`Can't find end of a URL at byte offset ${utf8Offset(src, i + 1)}`);
      }
      const open = stack.pop() as { type: string; start: number };
      const e: Record<string, unknown> = {
        type: open.type,
        offset: open.start,
        length: out.length - open.start,
      };
      if (open.type === 'custom_emoji') {
        e.custom_emoji_id = /[?&]id=([^&]*)/.exec(url)?.[1] ?? '';
      } else {
        e.url = url;
      }
      entities.push(e as unknown as MessageEntity);
      i = j + 1;
    } else if (MDV2_RESERVED.has(c)) {
      throw parseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    } else {
      out += c;
      i++;
    }
  }
  const open = stack[stack.length - 1];
  if (open) {
    throw parseError(
      `Can't find end of ${MDV2_NAMES[open.type] ?? open.type} entity at byte offset ${utf8Offset(src, open.at)}`,
    );
  }
  closeQuote();
  return { text: out, entities: sortEntities(entities) };
}

/** Telegram's legacy Markdown: `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````, `[t](url)`. */
function parseMarkdownLegacy(src: string): Parsed {
  let out = '';
  const entities: MessageEntity[] = [];
  let i = 0;
  const unclosed = (at: number) =>
    parseError(`Can't find end of the entity starting at byte offset ${utf8Offset(src, at)}`);
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\\' && '_*`['.includes(src[i + 1] ?? 'x')) {
      out += src[i + 1];
      i += 2;
    } else if (src.startsWith('```', i)) {
      const end = src.indexOf('```', i + 3);
      if (end === -1) throw unclosed(i);
      const body = src.slice(i + 3, end);
      const nl = body.indexOf('\n');
      const language = nl > 0 && /^[^\s]+$/.test(body.slice(0, nl)) ? body.slice(0, nl) : undefined;
      const text = language !== undefined ? body.slice(nl + 1) : body;
      entities.push({
        type: 'pre',
        offset: out.length,
        length: text.length,
        ...(language ? { language } : {}),
      });
      out += text;
      i = end + 3;
    } else if (c === '*' || c === '_' || c === '`') {
      const end = src.indexOf(c, i + 1);
      if (end === -1) throw unclosed(i);
      const text = src.slice(i + 1, end);
      const type = c === '*' ? 'bold' : c === '_' ? 'italic' : 'code';
      entities.push({ type, offset: out.length, length: text.length });
      out += text;
      i = end + 1;
    } else if (c === '[') {
      const close = src.indexOf('](', i + 1);
      const end = close === -1 ? -1 : src.indexOf(')', close + 2);
      if (end === -1) throw unclosed(i);
      const text = src.slice(i + 1, close);
      entities.push({
        type: 'text_link',
        offset: out.length,
        length: text.length,
        url: src.slice(close + 2, end),
      });
      out += text;
      i = end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, entities: sortEntities(entities) };
}

function parseFormatted(text: string, parseMode: unknown, entities: unknown): Parsed {
  const explicit = jsonish(entities);
  if (Array.isArray(explicit)) return { text, entities: explicit as MessageEntity[] };
  if (parseMode === undefined || parseMode === null || parseMode === '') {
    return { text, entities: [] };
  }
  const mode = String(parseMode).toLowerCase();
  if (mode === 'html') return parseHtml(text);
  if (mode === 'markdownv2') return parseMarkdownV2(text);
  if (mode === 'markdown') return parseMarkdownLegacy(text);
  throw bad(`unsupported parse_mode`);
}

function validateText(parsed: Parsed): void {
  if (parsed.text.trim().length === 0) throw bad('message text is empty');
  if (parsed.text.length > MAX_TEXT_LENGTH) throw bad('message is too long');
}

/** Validates reply_markup; returns the inline keyboard Telegram would echo in the Message. */
function validateReplyMarkup(raw: unknown): {
  inline?: InlineKeyboardMarkup;
  sent?: unknown;
} {
  const markup = jsonish(raw);
  if (markup === undefined || markup === null) return {};
  if (!isRecord(markup)) throw bad(`can't parse reply keyboard markup JSON object`);
  if ('inline_keyboard' in markup) {
    const rows = markup.inline_keyboard;
    if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) {
      throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    }
    for (const row of rows as unknown[][]) {
      for (const button of row) {
        if (!isRecord(button)) throw bad(`can't parse inline keyboard button: object expected`);
        if (typeof button.text !== 'string') {
          throw bad(`can't parse inline keyboard button: Field "text" must be of type String`);
        }
        const actions = BUTTON_ACTIONS.filter((k) => button[k] !== undefined);
        if (actions.length === 0) throw bad('text buttons are unallowed in the inline keyboard');
        if (typeof button.callback_data === 'string') {
          const bytes = Buffer.byteLength(button.callback_data, 'utf8');
          if (bytes < 1 || bytes > 64) throw bad('BUTTON_DATA_INVALID');
        }
        if (typeof button.url === 'string' && !URL.canParse(button.url)) {
          throw bad('inline keyboard button URL is invalid');
        }
      }
    }
    return { inline: clone(markup) as unknown as InlineKeyboardMarkup, sent: clone(markup) };
  }
  if ('keyboard' in markup || 'remove_keyboard' in markup || 'force_reply' in markup) {
    return { sent: clone(markup) };
  }
  throw bad(`can't parse reply keyboard markup JSON object`);
}

function findButton(
  markup: InlineKeyboardMarkup | undefined,
  by: { data?: string; text?: string },
): InlineKeyboardButton.CallbackButton | undefined {
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if (!('callback_data' in button)) continue;
      if (by.data !== undefined && button.callback_data !== by.data) continue;
      if (by.text !== undefined && button.text !== by.text) continue;
      return button;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

/** A fake Telegram Bot API server on 127.0.0.1 (free port) for one test (or one suite). */
export class FakeTelegramBotApi {
  /** Base URL to pass as grammY's `client.apiRoot` (no trailing slash). */
  readonly apiRoot: string;
  /** The only token the fake accepts. */
  readonly token: string;
  /** What `getMe` answers; pass it as grammY's `botInfo` to skip the `getMe` call. */
  readonly botInfo: UserFromGetMe;
  /** Requests rejected with 401 (wrong token). */
  unauthorizedRequests = 0;

  private readonly server: Server;
  private readonly opts: FakeTelegramBotApiOptions;
  private readonly started = Date.now();
  private readonly handlers = new Map<string, { name: string; fn: MethodHandler }>();
  private readonly failures = new Map<string, FailSpec[]>();
  private readonly recorded: MutableCall[] = [];
  /** Photos the bot sent, in order, with the uploaded bytes. */
  readonly photos: { chatId: number; fileId: string; file: UploadedFile; caption: string }[] = [];
  private readonly chats = new Map<number, ChatState>();
  private readonly users = new Map<number, User>();
  private readonly callbackQueries = new Map<string, { answered: boolean; chatId: number }>();
  private readonly commands = new Map<string, BotCommand[]>();
  private queue: QueuedUpdate[] = [];
  private poll: PendingPoll | undefined;
  private allowedUpdates: Set<string> | undefined;
  private webhookUrl = '';
  private nextUpdateId = 100_000;
  private nextCallbackId = 1;
  private lastInjectionSeq = 0;
  private batchDepth = 0;
  private inFlight = 0;
  private closing: Promise<void> | undefined;

  private constructor(server: Server, port: number, opts: FakeTelegramBotApiOptions) {
    this.server = server;
    this.opts = opts;
    this.apiRoot = `http://127.0.0.1:${port}`;
    this.token = opts.token ?? DEFAULT_TOKEN;
    const idFromToken = Number(/^(\d+):/.exec(this.token)?.[1]);
    this.botInfo = {
      id: Number.isSafeInteger(idFromToken) && idFromToken > 0 ? idFromToken : 7_000_000_001,
      is_bot: true,
      first_name: opts.botFirstName ?? 'Trajectory Test Bot',
      username: opts.botUsername ?? 'trajectory_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.registerBuiltins();
  }

  /** Starts a fake on 127.0.0.1 with a free port. */
  static async start(opts: FakeTelegramBotApiOptions = {}): Promise<FakeTelegramBotApi> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const fake = new FakeTelegramBotApi(server, (server.address() as AddressInfo).port, opts);
    server.on('request', (req, res) => {
      fake.onRequest(req, res).catch((err: unknown) => {
        try {
          fake.reply(undefined, res, new FakeApiError(500, `Internal Server Error: ${err}`));
        } catch {
          res.destroy();
        }
      });
    });
    return fake;
  }

  /** Options for `new Bot(fake.token, fake.botConfig())`: fixed botInfo + this apiRoot. */
  botConfig(): { botInfo: UserFromGetMe; client: { apiRoot: string } } {
    return { botInfo: clone(this.botInfo), client: { apiRoot: this.apiRoot } };
  }

  /** The bot as a `User` (the `from` of its messages). */
  get botUser(): User {
    return {
      id: this.botInfo.id,
      is_bot: true,
      first_name: this.botInfo.first_name,
      username: this.botInfo.username,
    };
  }

  /** True while a `getUpdates` long poll is waiting. */
  get isPolling(): boolean {
    return this.poll !== undefined;
  }

  // --- injection ------------------------------------------------------------------------------

  /** Injects a text message from a user; commands and @mentions get their entities. */
  sendText(opts: SendTextOptions): InjectedMessage {
    const chatType = opts.chatType ?? (opts.chatId > 0 ? 'private' : 'group');
    const userId = this.defaultUserId(opts.chatId, chatType, opts.userId);
    const user = this.rememberUser(userId, opts);
    const state = this.rememberChat(opts.chatId, chatType, user, opts.chatTitle);
    const message: Record<string, unknown> = {
      message_id: state.nextMessageId++,
      from: clone(user),
      chat: clone(state.chat),
      date: this.nowSeconds(),
      text: opts.text,
    };
    const entities = opts.entities ?? detectEntities(opts.text);
    if (entities.length > 0) message.entities = clone(entities);
    if (opts.replyToMessageId !== undefined) {
      const replied = state.messages.get(opts.replyToMessageId);
      if (!replied || replied.deleted) {
        throw new Error(`sendText: chat ${opts.chatId} has no message ${opts.replyToMessageId}`);
      }
      message.reply_to_message = clone(replied.message);
    }
    const stored = message as unknown as Message;
    state.messages.set(stored.message_id, {
      message: stored,
      fromBot: false,
      deleted: false,
      meta: { rawText: opts.text, editCount: 0 },
    });
    const update = this.enqueue({ message: clone(stored) });
    return { updateId: update.update_id, messageId: stored.message_id, update: clone(update) };
  }

  /** Injects a press of an inline button (callback_query whose `message` is the bot message). */
  pressButton(opts: PressButtonOptions): InjectedCallback {
    if (opts.data === undefined && opts.text === undefined) {
      throw new Error('pressButton: give the button `data` or `text`');
    }
    const state = this.chats.get(opts.chatId);
    if (!state) throw new Error(`pressButton: unknown chat ${opts.chatId}`);
    const candidates = [...state.messages.values()]
      .filter((m) => m.fromBot && !m.deleted)
      .filter((m) => opts.messageId === undefined || m.message.message_id === opts.messageId)
      .reverse();
    if (opts.messageId !== undefined && candidates.length === 0) {
      throw new Error(`pressButton: chat ${opts.chatId} has no bot message ${opts.messageId}`);
    }
    const by = {
      ...(opts.data !== undefined ? { data: opts.data } : {}),
      ...(opts.text !== undefined ? { text: opts.text } : {}),
    };
    const target = candidates.find((m) => findButton(m.message.reply_markup, by));
    const button = target && findButton(target.message.reply_markup, by);
    if (!target || !button) {
      const shown = candidates
        .map(
          (m) =>
            `#${m.message.message_id}: ${short(
              (m.message.reply_markup?.inline_keyboard ?? []).flat().map((b) => ({
                text: b.text,
                data: 'callback_data' in b ? b.callback_data : undefined,
              })),
              300,
            )}`,
        )
        .join('\n  ');
      throw new Error(
        `pressButton: no callback button ${short(by)} in chat ${opts.chatId}. Buttons shown:\n  ${shown || '(none)'}`,
      );
    }
    const userId = this.defaultUserId(opts.chatId, state.chat.type, opts.userId);
    const user = this.rememberUser(userId, {});
    const id = `${this.botInfo.id}${String(this.nextCallbackId++).padStart(8, '0')}`;
    this.callbackQueries.set(id, { answered: false, chatId: opts.chatId });
    const callbackQuery: CallbackQuery = {
      id,
      from: clone(user),
      message: clone(target.message),
      chat_instance: String(BigInt(opts.chatId) * 7919n + 104_729n),
      data: button.callback_data,
    };
    const update = this.enqueue({ callback_query: callbackQuery });
    return { updateId: update.update_id, callbackQueryId: id, update: clone(update) };
  }

  /** Injects any update as is; `update_id` is assigned if missing (duplicates allowed). */
  injectRaw(update: RawUpdate): number {
    return this.enqueue(update).update_id;
  }

  /** Injects several raw updates at once: a waiting poll gets them in one answer. */
  injectBatch(updates: RawUpdate[]): number[] {
    return this.batch(() => updates.map((u) => this.injectRaw(u)));
  }

  /** Runs `fn` (e.g. several `sendText`) so that all its injections are delivered together. */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      this.batchDepth--;
      this.wake();
    }
  }

  // --- observation ----------------------------------------------------------------------------

  /** Recorded calls, oldest first, optionally only of one method. */
  calls(method?: string): RecordedCall[] {
    const m = method?.toLowerCase();
    return this.recorded.filter((c) => m === undefined || c.method.toLowerCase() === m);
  }

  /** Sequence number of the latest recorded call (0 if none); use as `since` in waitForCall. */
  get lastCallSeq(): number {
    return this.recorded.length;
  }

  /** The bot's messages (current state, edits applied, deleted ones left out), oldest first. */
  sentMessages(chatId?: number): RecordedMessage[] {
    return this.messagesWhere((m) => m.fromBot, chatId);
  }

  /** Every live message of a chat, from users and from the bot, in message_id order. */
  chatHistory(chatId: number): RecordedMessage[] {
    return this.messagesWhere(() => true, chatId);
  }

  /** The bot's latest live message in a chat, if any. */
  lastSentMessage(chatId: number): RecordedMessage | undefined {
    return this.sentMessages(chatId).at(-1);
  }

  /** Commands stored by setMyCommands for a scope (default `{type:'default'}`) and language. */
  myCommands(opts: { scope?: Record<string, unknown>; languageCode?: string } = {}): BotCommand[] {
    return clone(this.commands.get(this.commandsKey(opts.scope, opts.languageCode)) ?? []);
  }

  /** Updates not yet confirmed by the bot (via a later `offset`), oldest first. */
  pendingUpdates(): Update[] {
    return this.queue.map((q) => clone(q.update));
  }

  /** Polls `predicate` every 10 ms; rejects after `timeoutMs` with the recent calls listed. */
  async waitFor(predicate: () => boolean, timeoutMs = 5000, description?: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        if (predicate()) return;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() >= deadline) {
        const what = description ? ` for ${description}` : '';
        const why = lastError ? `\nLast predicate error: ${lastError}` : '';
        throw new Error(
          `waitFor timed out after ${timeoutMs} ms${what}.${why}\n${this.debugSummary()}`,
        );
      }
      await sleep(10);
    }
  }

  /**
   * Resolves with the first answered call of `method` matching `predicate`, among calls recorded
   * after the last injection (or after `since`). A number as third argument is the timeout.
   */
  async waitForCall(
    method: string,
    predicate: (params: Params, call: RecordedCall) => boolean = () => true,
    options: number | WaitForCallOptions = {},
  ): Promise<RecordedCall> {
    const o = typeof options === 'number' ? { timeoutMs: options } : options;
    const since = o.since ?? this.lastInjectionSeq;
    const m = method.toLowerCase();
    let found: RecordedCall | undefined;
    await this.waitFor(
      () => {
        found = this.recorded.find(
          (c) =>
            c.seq > since &&
            c.method.toLowerCase() === m &&
            (c.response !== undefined || c.aborted === true) &&
            predicate(c.params, c),
        );
        return found !== undefined;
      },
      o.timeoutMs ?? 5000,
      `a ${method} call after #${since}`,
    );
    return found as RecordedCall;
  }

  /**
   * Resolves when the bot is idle: every update confirmed, a long poll waiting, nothing else in
   * flight. Reliable with `bot.start()` (it confirms a batch only after handling it); with the
   * runner, handlers may still be running.
   */
  async waitForIdle(timeoutMs = 5000): Promise<void> {
    await this.waitFor(
      () => this.queue.length === 0 && this.poll !== undefined && this.inFlight === 1,
      timeoutMs,
      'the bot to be idle (all updates confirmed, long poll waiting)',
    );
  }

  /** Human-readable state and the last `count` calls, for failure messages. */
  debugSummary(count = 20): string {
    const undelivered = this.queue.filter((q) => !q.delivered).length;
    const lines = [
      `FakeTelegramBotApi ${this.apiRoot}: long poll ${this.poll ? 'waiting' : 'not waiting'}, ` +
        `${this.queue.length} unconfirmed update(s) (${undelivered} never delivered), ` +
        `${this.inFlight} request(s) in flight, ${this.unauthorizedRequests} unauthorized.`,
      `Last ${Math.min(count, this.recorded.length)} of ${this.recorded.length} call(s):`,
    ];
    for (const c of this.recorded.slice(-count)) {
      const r = c.response;
      const outcome = c.aborted
        ? 'aborted by client'
        : r === undefined
          ? 'pending'
          : r.ok
            ? `ok ${short(r.result, 120)}`
            : `${r.error_code} ${r.description}`;
      lines.push(
        `  #${c.seq} +${c.at - this.started}ms ${c.method} ${short(c.params)} → ${outcome}`,
      );
    }
    return lines.join('\n');
  }

  // --- control --------------------------------------------------------------------------------

  /** The next `times` calls of `method` fail with `error` (e.g. 429 with `retry_after`). */
  failNext(method: string, error: FailSpec, times = 1): void {
    const key = method.toLowerCase();
    const list = this.failures.get(key) ?? [];
    for (let i = 0; i < times; i++) list.push(error);
    this.failures.set(key, list);
  }

  /** Adds or overrides a method; `undefined` restores the built-in (or the 404). */
  setMethodHandler(method: string, handler: MethodHandler | undefined): void {
    const key = method.toLowerCase();
    if (handler) {
      this.handlers.set(key, { name: method, fn: handler });
    } else {
      this.handlers.delete(key);
      this.registerBuiltins(key);
    }
  }

  /**
   * Answers a waiting long poll with `[]`, drops all connections and stops the server. Stop the bot
   * first (`await bot.stop()` / `await handle.stop()`): a bot still polling a closed fake retries
   * every few seconds and keeps the test process alive.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = new Promise<void>((resolve) => {
      const poll = this.poll;
      this.poll = undefined;
      if (poll) {
        clearTimeout(poll.timer);
        this.answerPoll(poll, []);
      }
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  // --- HTTP -----------------------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    res.on('close', () => {
      this.inFlight--;
    });
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (!match) {
      this.reply(undefined, res, new FakeApiError(404, 'Not Found'));
      return;
    }
    const token = decodeURIComponent(match[1] ?? '');
    const requested = match[2] ?? '';
    if (token !== this.token) {
      this.unauthorizedRequests++;
      this.reply(undefined, res, new FakeApiError(401, 'Unauthorized'));
      return;
    }
    if (requested === '') {
      this.reply(undefined, res, new FakeApiError(404, 'Not Found'));
      return;
    }
    const key = requested.toLowerCase();
    const handler = this.handlers.get(key);
    let params: Record<string, unknown> = {};
    let parseFailure: FakeApiError | undefined;
    try {
      params = parseParams(url, String(req.headers['content-type'] ?? '').toLowerCase(), body);
    } catch (err) {
      parseFailure = err instanceof FakeApiError ? err : bad(String(err));
    }
    const call: MutableCall = {
      seq: this.recorded.length + 1,
      method: handler?.name ?? requested,
      params,
      at: Date.now(),
    };
    this.recorded.push(call);
    if (parseFailure) {
      this.reply(call, res, parseFailure);
      return;
    }
    const failure = this.failures.get(key)?.shift();
    if (failure) {
      const parameters = {
        ...failure.parameters,
        ...(failure.retry_after !== undefined ? { retry_after: failure.retry_after } : {}),
      };
      this.reply(
        call,
        res,
        new FakeApiError(
          failure.error_code,
          failure.description,
          Object.keys(parameters).length > 0 ? parameters : undefined,
        ),
      );
      return;
    }
    if (!handler) {
      this.reply(call, res, new FakeApiError(404, 'Not Found: method not found'));
      return;
    }
    if (handler.fn === this.getUpdatesMarker) {
      try {
        this.getUpdates(call, res);
      } catch (err) {
        this.reply(call, res, err instanceof FakeApiError ? err : bad(String(err)));
      }
      return;
    }
    try {
      const result = await handler.fn(params, call);
      this.reply(call, res, { ok: true, result });
    } catch (err) {
      this.reply(
        call,
        res,
        err instanceof FakeApiError
          ? err
          : new FakeApiError(500, `Internal Server Error: ${(err as Error)?.message ?? err}`),
      );
    }
  }

  /** Writes an answer; returns false if the client already went away. */
  private reply(
    call: MutableCall | undefined,
    res: ServerResponse,
    answer: ApiResponse | FakeApiError,
  ): boolean {
    const body = answer instanceof FakeApiError ? answer.toResponse() : answer;
    if (isGone(res)) {
      if (call && call.response === undefined) call.aborted = true;
      return false;
    }
    const json = JSON.stringify(body);
    const status = body.ok
      ? 200
      : body.error_code >= 400 && body.error_code <= 599
        ? body.error_code
        : 400;
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json);
    if (call) {
      call.response = body;
      call.answeredAt = Date.now();
    }
    return true;
  }

  // --- getUpdates -----------------------------------------------------------------------------

  /** Placeholder handler identity for getUpdates, which needs the raw response (long poll). */
  private readonly getUpdatesMarker: MethodHandler = () => undefined;

  private getUpdates(call: MutableCall, res: ServerResponse): void {
    const p = call.params;
    if (this.webhookUrl !== '') {
      throw new FakeApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = optInt(p.offset, 'offset') ?? 0;
    const limit = Math.min(100, Math.max(1, optInt(p.limit, 'limit') ?? 100));
    const timeout = Math.max(0, optInt(p.timeout, 'timeout') ?? 0);
    const allowed = jsonish(p.allowed_updates);
    if (allowed !== undefined && allowed !== null) {
      if (!Array.isArray(allowed)) throw bad('allowed_updates must be an Array');
      this.allowedUpdates = allowed.length === 0 ? undefined : new Set(allowed.map(String));
    }
    if (offset > 0) {
      this.queue = this.queue.filter((q) => !(q.delivered && q.update.update_id < offset));
    } else if (offset < 0) {
      this.queue = this.queue.slice(offset);
    }
    const batch = this.deliverable(limit);
    const poll: PendingPoll = {
      call,
      res,
      limit,
      timer: undefined as unknown as NodeJS.Timeout,
    };
    if (batch.length > 0 || timeout === 0 || this.closing) {
      this.answerPoll(poll, batch);
      return;
    }
    if (isGone(res)) {
      call.aborted = true;
      return;
    }
    // Like Telegram: a newer waiting getUpdates terminates the pending one with 409.
    this.abortPoll(CONFLICT_OTHER_POLL);
    poll.timer = setTimeout(() => {
      if (this.poll !== poll) return;
      this.poll = undefined;
      this.answerPoll(poll, this.deliverable(limit));
    }, timeout * 1000);
    this.poll = poll;
    res.on('close', () => {
      if (this.poll !== poll) return;
      clearTimeout(poll.timer);
      this.poll = undefined;
      if (call.response === undefined) call.aborted = true;
    });
  }

  private abortPoll(description: string): void {
    const old = this.poll;
    if (!old) return;
    this.poll = undefined;
    clearTimeout(old.timer);
    this.reply(old.call, old.res, new FakeApiError(409, description));
  }

  private deliverable(limit: number): QueuedUpdate[] {
    this.queue = this.queue.filter((q) => q.delivered || this.isAllowed(q.update));
    return this.queue.slice(0, limit);
  }

  private isAllowed(update: Update): boolean {
    const type = updateType(update);
    return this.allowedUpdates ? this.allowedUpdates.has(type) : !OPT_IN_UPDATES.has(type);
  }

  private answerPoll(poll: PendingPoll, batch: QueuedUpdate[]): void {
    const sent = this.reply(poll.call, poll.res, {
      ok: true,
      result: batch.map((q) => clone(q.update)),
    });
    if (sent) for (const q of batch) q.delivered = true;
  }

  private wake(): void {
    const poll = this.poll;
    if (!poll || this.batchDepth > 0) return;
    const batch = this.deliverable(poll.limit);
    if (batch.length === 0) return;
    this.poll = undefined;
    clearTimeout(poll.timer);
    this.answerPoll(poll, batch);
  }

  private enqueue(raw: RawUpdate): Update {
    const update = clone(raw) as RawUpdate;
    if (update.update_id === undefined) {
      update.update_id = this.nextUpdateId++;
    } else {
      this.nextUpdateId = Math.max(this.nextUpdateId, update.update_id + 1);
    }
    const typed = update as unknown as Update;
    this.queue.push({ update: typed, delivered: false });
    this.lastInjectionSeq = this.recorded.length;
    this.wake();
    return typed;
  }

  // --- chats and users ------------------------------------------------------------------------

  private nowSeconds(): number {
    return Math.floor((this.opts.now ?? Date.now)() / 1000);
  }

  private defaultUserId(chatId: number, chatType: string, userId: number | undefined): number {
    if (userId !== undefined) {
      if (chatType === 'private' && userId !== chatId) {
        throw new Error(`private chat ${chatId}: the user id must equal the chat id`);
      }
      return userId;
    }
    if (chatType === 'private') return chatId;
    throw new Error(`chat ${chatId} is a ${chatType}: give userId`);
  }

  private rememberUser(id: number, o: Partial<SendTextOptions>): User {
    const known = this.users.get(id);
    const user: User = {
      id,
      is_bot: false,
      first_name: o.firstName ?? known?.first_name ?? 'Test',
    };
    const lastName = o.lastName ?? known?.last_name;
    const username = o.username ?? known?.username;
    if (lastName !== undefined) user.last_name = lastName;
    if (username !== undefined) user.username = username;
    user.language_code = o.languageCode ?? known?.language_code ?? 'en';
    this.users.set(id, user);
    return user;
  }

  private rememberChat(id: number, type: string, user: User, title?: string): ChatState {
    const known = this.chats.get(id);
    if (known) {
      if (known.chat.type !== type) {
        throw new Error(`chat ${id} is a ${known.chat.type}, not a ${type}`);
      }
      if (type === 'private') known.chat = this.privateChat(user);
      return known;
    }
    const chat =
      type === 'private'
        ? this.privateChat(user)
        : ({ id, type, title: title ?? `Test ${type} ${id}` } as Chat);
    const state: ChatState = { chat, nextMessageId: 1, messages: new Map() };
    this.chats.set(id, state);
    return state;
  }

  private privateChat(user: User): Chat {
    const chat: Record<string, unknown> = {
      id: user.id,
      type: 'private',
      first_name: user.first_name,
    };
    if (user.last_name !== undefined) chat.last_name = user.last_name;
    if (user.username !== undefined) chat.username = user.username;
    return chat as unknown as Chat;
  }

  /** The chat a method addresses; unknown chats are created unless `strictChats`. */
  private chatFor(chatId: unknown): ChatState {
    if (chatId === undefined || chatId === null || chatId === '') throw bad('chat_id is empty');
    let id: number | undefined;
    if (typeof chatId === 'number' && Number.isInteger(chatId)) id = chatId;
    else if (typeof chatId === 'string' && /^-?\d+$/.test(chatId)) id = Number(chatId);
    else if (typeof chatId === 'string' && chatId.startsWith('@')) {
      const name = chatId.slice(1).toLowerCase();
      for (const state of this.chats.values()) {
        const username = (state.chat as { username?: string }).username;
        if (username?.toLowerCase() === name) return state;
      }
    }
    if (id === undefined) throw bad('chat not found');
    const known = this.chats.get(id);
    if (known) return known;
    if (this.opts.strictChats) throw bad('chat not found');
    const chat =
      id > 0
        ? ({ id, type: 'private', first_name: `User ${id}` } as Chat)
        : ({ id, type: 'group', title: `Test group ${id}` } as Chat);
    const state: ChatState = { chat, nextMessageId: 1, messages: new Map() };
    this.chats.set(id, state);
    return state;
  }

  private messagesWhere(keep: (m: StoredMessage) => boolean, chatId?: number): RecordedMessage[] {
    const states =
      chatId === undefined ? [...this.chats.values()] : [this.chats.get(chatId)].filter((s) => s);
    const out: RecordedMessage[] = [];
    for (const state of states as ChatState[]) {
      for (const m of state.messages.values()) {
        if (m.deleted || !keep(m)) continue;
        out.push({ ...clone(m.message), meta: clone(m.meta) });
      }
    }
    return out;
  }

  private botMessage(params: Params, verb: 'edit' | 'delete'): StoredMessage {
    const state = this.chatFor(params.chat_id);
    const messageId = optInt(params.message_id, 'message_id');
    if (messageId === undefined) throw bad('message identifier is not specified');
    const stored = state.messages.get(messageId);
    if (!stored || stored.deleted) throw bad(`message to ${verb} not found`);
    if (verb === 'edit' && !stored.fromBot) throw bad(`message can't be edited`);
    return stored;
  }

  private commandsKey(scope: unknown, languageCode: unknown): string {
    const s = jsonish(scope);
    return `${JSON.stringify(isRecord(s) ? s : { type: 'default' })}|${languageCode ?? ''}`;
  }

  // --- methods --------------------------------------------------------------------------------

  private registerBuiltins(only?: string): void {
    const add = (name: string, fn: MethodHandler) => {
      if (only === undefined || only === name.toLowerCase()) {
        this.handlers.set(name.toLowerCase(), { name, fn });
      }
    };
    add('getMe', () => clone(this.botInfo));
    add('getUpdates', this.getUpdatesMarker);
    add('sendMessage', (p) => this.sendMessage(p));
    add('sendPhoto', (p) => this.sendPhoto(p));
    add('editMessageText', (p) => this.editMessageText(p));
    add('editMessageReplyMarkup', (p) => this.editMessageReplyMarkup(p));
    add('deleteMessage', (p) => {
      this.botMessage(p, 'delete').deleted = true;
      return true;
    });
    add('answerCallbackQuery', (p) => {
      const id = String(p.callback_query_id ?? '');
      const query = this.callbackQueries.get(id);
      if (!query || query.answered) {
        throw bad('query is too old and response timeout expired or query ID is invalid');
      }
      query.answered = true;
      return true;
    });
    add('sendChatAction', (p) => {
      this.chatFor(p.chat_id);
      if (!CHAT_ACTIONS.has(String(p.action ?? ''))) {
        throw bad('wrong parameter action in request');
      }
      return true;
    });
    add('setMyCommands', (p) => {
      const commands = jsonish(p.commands);
      if (!Array.isArray(commands)) throw bad('parameter "commands" is required');
      if (commands.length > 100) throw bad('too many commands specified');
      for (const c of commands) {
        if (!isRecord(c) || typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
          throw bad('BOT_COMMAND_INVALID');
        }
        const d = c.description;
        if (typeof d !== 'string' || d.trim().length === 0 || d.length > 256) {
          throw bad('BOT_COMMAND_DESCRIPTION_INVALID');
        }
      }
      const key = this.commandsKey(p.scope, p.language_code);
      if (commands.length === 0) this.commands.delete(key);
      else {
        this.commands.set(
          key,
          (commands as BotCommand[]).map((c) => ({
            command: c.command,
            description: c.description,
          })),
        );
      }
      return true;
    });
    add('getMyCommands', (p) =>
      clone(this.commands.get(this.commandsKey(p.scope, p.language_code)) ?? []),
    );
    add('deleteMyCommands', (p) => {
      this.commands.delete(this.commandsKey(p.scope, p.language_code));
      return true;
    });
    add('setWebhook', (p) => {
      const url = String(p.url ?? '');
      if (url !== '' && !/^https:\/\//i.test(url)) {
        throw bad('bad webhook: An HTTPS URL must be provided for webhook');
      }
      if (url !== '') this.abortPoll('Conflict: terminated by setWebhook request');
      this.webhookUrl = url;
      if (optBool(p.drop_pending_updates)) this.queue = [];
      return true;
    });
    add('deleteWebhook', (p) => {
      this.webhookUrl = '';
      if (optBool(p.drop_pending_updates)) this.queue = [];
      return true;
    });
    add('getWebhookInfo', () => ({
      url: this.webhookUrl,
      has_custom_certificate: false,
      pending_update_count: this.queue.filter((q) => !q.delivered).length,
      ...(this.allowedUpdates ? { allowed_updates: [...this.allowedUpdates] } : {}),
    }));
  }

  private sendMessage(p: Params): Message {
    const state = this.chatFor(p.chat_id);
    if (p.text === undefined || p.text === null) throw bad('message text is empty');
    const rawText = String(p.text);
    const parsed = parseFormatted(rawText, p.parse_mode, p.entities);
    validateText(parsed);
    const markup = validateReplyMarkup(p.reply_markup);
    const replyParams = jsonish(p.reply_parameters);
    const replyTo = isRecord(replyParams)
      ? optInt(replyParams.message_id, 'message_id')
      : optInt(p.reply_to_message_id, 'reply_to_message_id');
    const message: Record<string, unknown> = {
      message_id: state.nextMessageId++,
      from: this.botUser,
      chat: clone(state.chat),
      date: this.nowSeconds(),
      text: parsed.text,
    };
    if (parsed.entities.length > 0) message.entities = parsed.entities;
    if (markup.inline) message.reply_markup = markup.inline;
    if (replyTo !== undefined) {
      const replied = state.messages.get(replyTo);
      const allow =
        optBool(p.allow_sending_without_reply) ||
        (isRecord(replyParams) && optBool(replyParams.allow_sending_without_reply));
      if (replied && !replied.deleted) message.reply_to_message = clone(replied.message);
      else if (!allow) throw bad('message to be replied not found');
    }
    const stored = message as unknown as Message;
    state.messages.set(stored.message_id, {
      message: stored,
      fromBot: true,
      deleted: false,
      meta: {
        rawText,
        editCount: 0,
        ...(p.parse_mode ? { parseMode: String(p.parse_mode) } : {}),
        ...(markup.sent !== undefined ? { replyMarkup: markup.sent } : {}),
      },
    });
    return clone(stored);
  }

  /**
   * sendPhoto with an uploaded file (attach://name, or the field itself): the photo is kept
   * as sent, for tests to decode; the message carries one PhotoSize and the caption.
   */
  private sendPhoto(p: Params): Message {
    const state = this.chatFor(p.chat_id);
    const ref = typeof p.photo === 'string' ? /^attach:\/\/(.+)$/.exec(p.photo)?.[1] : undefined;
    const file = (ref !== undefined ? p[ref] : p.photo) as UploadedFile | undefined;
    if (!file || !Buffer.isBuffer(file.data)) throw bad('there is no photo in the request');
    const rawCaption = p.caption === undefined ? '' : String(p.caption);
    const parsed = parseFormatted(rawCaption, p.parse_mode, p.caption_entities);
    if (parsed.text.length > 1024) throw bad('message caption is too long');
    const markup = validateReplyMarkup(p.reply_markup);
    const fileId = `photo-${this.photos.length + 1}`;
    this.photos.push({ chatId: state.chat.id, fileId, file, caption: parsed.text });
    const message: Record<string, unknown> = {
      message_id: state.nextMessageId++,
      from: this.botUser,
      chat: clone(state.chat),
      date: this.nowSeconds(),
      photo: [
        {
          file_id: fileId,
          file_unique_id: fileId,
          width: 1,
          height: 1,
          file_size: file.data.length,
        },
      ],
    };
    if (parsed.text !== '') message.caption = parsed.text;
    if (parsed.entities.length > 0) message.caption_entities = parsed.entities;
    if (markup.inline) message.reply_markup = markup.inline;
    const stored = message as unknown as Message;
    state.messages.set(stored.message_id, {
      message: stored,
      fromBot: true,
      deleted: false,
      meta: { rawText: rawCaption, editCount: 0 },
    });
    return clone(stored);
  }

  private editMessageText(p: Params): Message | true {
    const rawText = String(p.text ?? '');
    const parsed = parseFormatted(rawText, p.parse_mode, p.entities);
    validateText(parsed);
    const markup = validateReplyMarkup(p.reply_markup);
    if (p.inline_message_id !== undefined) return true;
    const stored = this.botMessage(p, 'edit');
    const m = stored.message as Message & Record<string, unknown>;
    const same =
      m.text === parsed.text &&
      JSON.stringify(m.entities ?? []) === JSON.stringify(parsed.entities) &&
      JSON.stringify(m.reply_markup) === JSON.stringify(markup.inline);
    if (same) throw bad(NOT_MODIFIED);
    m.text = parsed.text;
    if (parsed.entities.length > 0) m.entities = parsed.entities;
    else delete m.entities;
    if (markup.inline) m.reply_markup = markup.inline;
    else delete m.reply_markup;
    m.edit_date = this.nowSeconds();
    stored.meta.rawText = rawText;
    if (p.parse_mode) stored.meta.parseMode = String(p.parse_mode);
    else delete stored.meta.parseMode;
    stored.meta.replyMarkup = markup.sent;
    stored.meta.editCount++;
    return clone(stored.message);
  }

  private editMessageReplyMarkup(p: Params): Message | true {
    const markup = validateReplyMarkup(p.reply_markup);
    if (markup.sent !== undefined && !markup.inline) {
      throw bad('only inline keyboards can be set with editMessageReplyMarkup');
    }
    if (p.inline_message_id !== undefined) return true;
    const stored = this.botMessage(p, 'edit');
    const m = stored.message as Message & Record<string, unknown>;
    if (JSON.stringify(m.reply_markup) === JSON.stringify(markup.inline)) throw bad(NOT_MODIFIED);
    if (markup.inline) m.reply_markup = markup.inline;
    else delete m.reply_markup;
    m.edit_date = this.nowSeconds();
    stored.meta.replyMarkup = markup.sent;
    stored.meta.editCount++;
    return clone(stored.message);
  }
}
