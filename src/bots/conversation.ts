import { type CheckInRequest, checkInTiming } from '../dialogue/checkIns.ts';
import { type StepResult, step } from '../dialogue/engine.ts';
import { Input } from '../dialogue/input.ts';
import { decodeOutbox, encodeOutbox } from '../dialogue/outboxCodec.ts';
import type { Reply } from '../dialogue/reply.ts';
import { say } from '../dialogue/say.ts';
import { freshSession, type Session } from '../dialogue/session.ts';
import { dayIn, defaultTimeZone, momentIn } from '../dialogue/timeZone.ts';
import type { Knowledge } from '../knowledge/schema.ts';
import type { Logger } from '../log.ts';
import type { Counts } from '../metrics/counts.ts';
import type { QuietHours } from '../reminders/quietHours.ts';
import { ReminderKind } from '../reminders/reminderJob.ts';
import {
  type PersonKey,
  type SessionStore,
  StoreConflictError,
  StoreUnavailableError,
} from '../store/sessionStore.ts';
import { platformOf, type TurnObserver, type TurnOutcome, unobserved } from './turnObserver.ts';

/** What a conversation reports outside itself: counts for metrics, and `forget` to other stores. */
export interface ConversationHooks {
  counts?: Counts;
  /** Deletes what is kept about the person outside the session (their reminder jobs). */
  onForget?: (person: PersonKey) => Promise<void>;
  /** Cancels the person's reminders of one kind: the stop button on a delivered reminder. */
  stopReminders?: (person: PersonKey, kind: ReminderKind) => Promise<number>;
  /**
   * The person's pending reminders, soonest first, for `/reminders`; `timeZone` is the zone each
   * was scheduled in (its quiet hours), so its time is shown as the person reads it.
   */
  listReminders?: (
    person: PersonKey,
  ) => Promise<{ kind: ReminderKind; at: Date; timeZone?: string }[]>;
  /**
   * Puts a check-in the person chose on the reminder queue, delivered to their private chat on
   * the platform of the person key; resolves with when it will be sent (after quiet hours).
   */
  scheduleReminder?: (person: PersonKey, checkIn: CheckInSchedule) => Promise<Date>;
  /** The clock, in ms since 1970 (Date.now unless a test moves it). */
  now?: () => number;
}

/** A check-in to put on the queue: its kind, when it is due, its repeat and the quiet hours. */
export interface CheckInSchedule {
  kind: ReminderKind;
  /** When it is due, before any move out of the quiet hours. */
  at: Date;
  everyDays?: number;
  quiet: QuietHours;
}

/** The platforms a check-in can be sent through later: a private chat or a DM. */
const checkInPlatforms: readonly string[] = ['telegram', 'discord'];

/** The question id of the stop button a delivered reminder carries; its option is the kind. */
export const reminderStopQuestion = 'reminder_stop';
/** The question id of the cancel buttons `/reminders` shows; each option is a kind. */
export const reminderCancelQuestion = 'reminder_cancel';

/** Inputs answered from the reminder queue alone, never by a turn of the session. */
function isAboutReminders(input: Input): boolean {
  if (asksForReminders(input)) return true;
  return (
    input.kind === 'choice' &&
    (input.question === reminderStopQuestion || input.question === reminderCancelQuestion)
  );
}

/** `/reminders` typed as a command, or `reminders` as text (the terminal). */
function asksForReminders(input: Input): boolean {
  if (input.kind === 'command') return input.name === 'reminders';
  return input.kind === 'text' && /^\s*\/?reminders\s*$/i.test(input.text);
}

// Minutes are enough for a check-in, in the zone it was scheduled in (UTC for one without).
function whenLocal(at: Date, timeZone = defaultTimeZone): string {
  try {
    return `${momentIn(timeZone, at)} (${timeZone})`;
  } catch {
    return `${momentIn(defaultTimeZone, at)} (${defaultTimeZone})`;
  }
}

// The person's calendar day; a zone the runtime no longer knows falls back to UTC.
function todayIn(timeZone: string | undefined, now: number): string {
  try {
    return dayIn(timeZone ?? defaultTimeZone, new Date(now));
  } catch {
    return dayIn(defaultTimeZone, new Date(now));
  }
}

/**
 * The replies to one platform update, and how to report whether they were sent. `kind` says
 * whether the turn ran now, was an unsent earlier run being sent again, was already handled
 * (no replies), or failed (replies explain, nothing to settle).
 */
export interface DeliveredTurn {
  kind: 'turn' | 'resend' | 'done' | 'failed';
  replies: Reply[];
  /** Call with true once every reply was sent, false if sending failed. */
  settle(sent: boolean): void;
}

const nothingToSettle = () => {};

/** One turn's replies with what the metrics count about it. */
interface TurnReport {
  replies: Reply[];
  outcome: TurnOutcome;
  safety?: StepResult['safety'];
}

/** What the saved run of a turn leaves for after the save. */
interface SavedRun {
  /** The replies of the run the store saved. */
  replies: Reply[];
  logged: number;
  forgotten: boolean;
  safety?: StepResult['safety'];
  checkIn?: CheckInRequest;
}

function reportOf(result: StepResult): TurnReport {
  const done: TurnReport = { replies: result.replies, outcome: 'ok' };
  return result.safety ? { ...done, safety: result.safety } : done;
}

/**
 * The one path every adapter takes for a turn: validate the input, run the pure
 * engine inside the store's atomic update, and turn every failure into a plain
 * reply. Nothing here throws, so one bad update never takes an adapter down.
 */
export class Conversation {
  constructor(
    private readonly store: SessionStore<Session>,
    private readonly kb: Knowledge,
    private readonly log: Logger,
    private readonly observer: TurnObserver = unobserved,
    private readonly hooks: ConversationHooks = {},
  ) {}

  /** Handles one input from one person and returns what to send back. */
  async handle(person: PersonKey, input: unknown): Promise<Reply[]> {
    const started = performance.now();
    const turn = await this.turn(person, input);
    this.observe(person, started, turn);
    return turn.replies;
  }

  private async turn(person: PersonKey, input: unknown): Promise<TurnReport> {
    const parsed = this.parse(input);
    if ('outcome' in parsed) return parsed;
    const stop = await this.reminderStop(person, parsed.input);
    if (stop) return stop;
    const run = this.runner(person, parsed.input);
    try {
      const report = await this.store.update(person, (current) => {
        const result = run.step(current);
        return { session: result.session, result: reportOf(result) };
      });
      const outcome = await this.afterSaved(person, run.saved);
      return { ...report, replies: withOutcome(report.replies, outcome) };
    } catch (error) {
      return this.failure(error);
    }
  }

  /**
   * Handles one platform update exactly once: `updateId` (unique per platform and bot, e.g.
   * `t<bot>.<update_id>`) is claimed in the person's session together with the turn's result,
   * and a redelivered update gets the stored replies again instead of a second run.
   */
  async deliver(person: PersonKey, updateId: string, input: unknown): Promise<DeliveredTurn> {
    const started = performance.now();
    const parsed = this.parse(input);
    if ('outcome' in parsed) {
      this.observe(person, started, parsed);
      return failed(parsed.replies);
    }
    // Reminders live only in the queue: listing and a stop press (twice cancels nothing more)
    // don't touch the session; the update is only claimed, so a redelivery says nothing.
    if (isAboutReminders(parsed.input) && !(await this.claim(person, updateId)))
      return { kind: 'done', replies: [], settle: nothingToSettle };
    const stop = await this.reminderStop(person, parsed.input);
    if (stop) {
      this.observe(person, started, stop);
      return { kind: 'turn', replies: stop.replies, settle: nothingToSettle };
    }
    const run = this.runner(person, parsed.input);
    try {
      const delivery = await this.store.deliver(person, updateId, (current) => {
        const result = run.step(current);
        return {
          session: result.session,
          outbox: encodeOutbox(result.replies, result.session, this.kb),
        };
      });
      if (delivery.kind === 'done') return { kind: 'done', replies: [], settle: nothingToSettle };
      const outcome = delivery.kind === 'turn' ? await this.afterSaved(person, run.saved) : [];
      // A turn that ran here has its replies in hand (the outbox decodes to exactly them), so
      // only outboxes saved earlier are decoded: rebuilding advice costs a run of the rules.
      // A check-in's outcome is known only after the save, so it travels beside the outbox: a
      // re-sent turn repeats what was saved, not the scheduling.
      const replies = withOutcome(
        [
          ...delivery.earlier.flatMap((o) => decodeOutbox(o, this.kb)),
          ...(delivery.kind === 'turn'
            ? run.saved.replies
            : decodeOutbox(delivery.outbox, this.kb)),
        ],
        outcome,
      );
      // A re-sent turn was counted when it ran.
      if (delivery.kind === 'turn') {
        const { safety } = run.saved;
        this.observe(person, started, { replies, outcome: 'ok', ...(safety ? { safety } : {}) });
      }
      return { kind: delivery.kind, replies, settle: delivery.settle };
    } catch (error) {
      const report = this.failure(error);
      this.observe(person, started, report);
      return failed(report.replies);
    }
  }

  /**
   * Claims a platform update that runs no turn (a notice, a pointer to a private chat), so a
   * redelivery sends nothing: true the first time, false for a duplicate. When the store can't
   * say (Redis down), true: a notice sent twice is better than a person left unanswered.
   */
  async claim(person: PersonKey, updateId: string): Promise<boolean> {
    try {
      return await this.store.claim(person, updateId);
    } catch (error) {
      this.log.warn({ err: error }, 'could not claim a notice; sending it anyway');
      return true;
    }
  }

  /**
   * The stop button of a delivered reminder, answered outside the engine (the session is not
   * involved; the queue is the only thing kept about reminders). Undefined for any other input.
   */
  private async reminderStop(person: PersonKey, input: Input): Promise<TurnReport | undefined> {
    // Without a queue the engine answers `reminders` itself (where check-ins live, then the
    // question that was open).
    if (asksForReminders(input) && this.hooks.listReminders) return this.reminderList(person);
    if (
      input.kind !== 'choice' ||
      (input.question !== reminderStopQuestion && input.question !== reminderCancelQuestion)
    )
      return undefined;
    const kind = ReminderKind.safeParse(input.option);
    if (!kind.success || !this.hooks.stopReminders)
      return { replies: [this.text('reminders.stop_unavailable')], outcome: 'bad_input' };
    try {
      await this.hooks.stopReminders(person, kind.data);
      return {
        replies: [{ kind: 'text', text: say(this.kb, 'reminders.stopped') }],
        outcome: 'ok',
      };
    } catch (error) {
      this.log.warn({ err: error }, 'could not stop reminders');
      return { replies: [this.text('reminders.stop_failed')], outcome: 'store_down' };
    }
  }

  /** `/reminders`: what is scheduled, with a cancel button per kind. */
  private async reminderList(person: PersonKey): Promise<TurnReport> {
    const list = this.hooks.listReminders;
    if (!list) return { replies: [this.text('reminders.unavailable')], outcome: 'bad_input' };
    try {
      const pending = await list(person);
      if (pending.length === 0)
        return { replies: [{ kind: 'text', text: say(this.kb, 'reminders.none') }], outcome: 'ok' };
      const lines = pending.map(
        (r) => `• ${say(this.kb, `reminders.kind.${r.kind}`)} — ${whenLocal(r.at, r.timeZone)}`,
      );
      const kinds = [...new Set(pending.map((r) => r.kind))];
      const question: Reply = {
        kind: 'question',
        id: reminderCancelQuestion,
        text: `${say(this.kb, 'reminders.list_title')}\n${lines.join('\n')}`,
        options: kinds.map((kind) => ({
          id: kind,
          label: say(this.kb, 'reminders.cancel_button', {
            kind: say(this.kb, `reminders.kind.${kind}`),
          }),
        })),
      };
      return { replies: [question], outcome: 'ok' };
    } catch (error) {
      this.log.warn({ err: error }, 'could not list reminders');
      return { replies: [this.text('reminders.stop_failed')], outcome: 'store_down' };
    }
  }

  private observe(person: PersonKey, started: number, turn: TurnReport): void {
    this.observer.turnHandled({
      platform: platformOf(person),
      outcome: turn.outcome,
      durationMs: performance.now() - started,
      ...(turn.safety ? { safety: turn.safety } : {}),
    });
  }

  /** The input as the engine takes it, or the reply saying it was not understood. */
  private parse(input: unknown): { input: Input } | TurnReport {
    const parsed = Input.safeParse(input);
    if (parsed.success) return { input: parsed.data };
    this.log.warn({ issues: parsed.error.issues.length }, 'input rejected by schema');
    return { replies: [this.text('dialogue.bad_input')], outcome: 'bad_input' };
  }

  /**
   * Runs the engine on one input as often as the store asks (it re-runs a turn on a version
   * conflict); `saved` describes the last run, which is the one the store saved.
   */
  private runner(
    person: PersonKey,
    input: Input,
  ): {
    step(current: Session | undefined): StepResult;
    saved: SavedRun;
  } {
    // One clock reading per turn, so a re-run on a version conflict sees the same day.
    const now = (this.hooks.now ?? Date.now)();
    const checkIns =
      this.hooks.scheduleReminder !== undefined && checkInPlatforms.includes(platformOf(person));
    const saved: SavedRun = { replies: [], logged: 0, forgotten: false };
    return {
      saved,
      step: (current) => {
        const session = current ?? freshSession();
        // "Today" is the person's day once their zone is known.
        const today = todayIn(session.timeZone, now);
        const result = step(session, input, this.kb, { today, checkIns });
        saved.replies = result.replies;
        saved.logged = result.scoresLogged ?? 0;
        saved.forgotten = result.session === null;
        if (result.safety) saved.safety = result.safety;
        else delete saved.safety;
        if (result.checkIn) saved.checkIn = result.checkIn;
        else delete saved.checkIn;
        return result;
      },
    };
  }

  /**
   * What follows a saved turn outside the session: counts, `forget` elsewhere, and a chosen
   * check-in put on the queue; returns what to tell the person about the check-in.
   */
  private async afterSaved(person: PersonKey, saved: SavedRun): Promise<Reply[]> {
    if (saved.logged > 0) this.hooks.counts?.increment('scores_logged', saved.logged);
    if (saved.forgotten) await this.forgetElsewhere(person);
    return saved.checkIn ? [await this.scheduleCheckIn(person, saved.checkIn)] : [];
  }

  /** Schedules a chosen check-in and says when it falls, in the person's zone, or that it failed. */
  private async scheduleCheckIn(person: PersonKey, checkIn: CheckInRequest): Promise<Reply> {
    const schedule = this.hooks.scheduleReminder;
    if (!schedule) return { kind: 'text', text: say(this.kb, 'checkins.unavailable_here') };
    const timing = checkInTiming(this.kb);
    const quiet = { timeZone: checkIn.timeZone, start: timing.quietStart, end: timing.quietEnd };
    const now = (this.hooks.now ?? Date.now)();
    try {
      const at = await schedule(person, {
        kind: checkIn.kind,
        at: new Date(now + checkIn.inDays * 86_400_000),
        ...(checkIn.everyDays !== undefined ? { everyDays: checkIn.everyDays } : {}),
        quiet,
      });
      const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
      const values = {
        kind: say(this.kb, `reminders.kind.${checkIn.kind}`),
        when: momentIn(checkIn.timeZone, at),
        zone: checkIn.timeZone,
        quiet: `${hour(quiet.start)} and ${hour(quiet.end)}`,
        days: checkIn.everyDays ?? 0,
      };
      const id = checkIn.everyDays ? 'checkins.scheduled_repeat' : 'checkins.scheduled';
      return { kind: 'text', text: say(this.kb, id, values) };
    } catch (error) {
      this.log.warn({ err: error }, 'could not schedule a check-in');
      return { kind: 'text', text: say(this.kb, 'checkins.failed') };
    }
  }

  /** What else `forget` deletes (reminder jobs); a failure there is logged, the reply stands. */
  private async forgetElsewhere(person: PersonKey): Promise<void> {
    try {
      await this.hooks.onForget?.(person);
    } catch (error) {
      this.log.error({ err: error }, 'forget: could not delete everything kept elsewhere');
    }
  }

  /** The knowledge the conversation speaks from. */
  get knowledge(): Knowledge {
    return this.kb;
  }

  private failure(error: unknown): TurnReport {
    if (error instanceof StoreUnavailableError) {
      this.log.warn(
        { operation: error.operation, reason: error.reason, outcome: error.outcome },
        'session store unavailable',
      );
      // A write that may have landed is not "not recorded": its replies come with the next turn.
      const id = error.outcome === 'unknown' ? 'dialogue.store_unsure' : 'dialogue.store_down';
      return { replies: [this.text(id)], outcome: 'store_down' };
    }
    if (error instanceof StoreConflictError) {
      this.log.warn({ attempts: error.attempts }, 'session update kept conflicting');
      return { replies: [this.text('dialogue.busy')], outcome: 'busy' };
    }
    this.log.error({ err: error }, 'turn failed');
    return { replies: [this.text('dialogue.apology')], outcome: 'error' };
  }

  /** A reply for a turn that was not carried out: nothing was saved, so it may be retried. */
  private text(id: string): Reply {
    return { kind: 'text', text: say(this.kb, id), notice: 'not_applied' };
  }
}

/**
 * The turn's replies with what happened outside the session said before the question the turn
 * ends on ("Done: a check-in on …", then "What next?").
 */
function withOutcome(replies: Reply[], outcome: Reply[]): Reply[] {
  if (outcome.length === 0) return replies;
  const at = replies.findIndex((r) => r.kind === 'question');
  if (at < 0) return [...replies, ...outcome];
  return [...replies.slice(0, at), ...outcome, ...replies.slice(at)];
}

function failed(replies: Reply[]): DeliveredTurn {
  return { kind: 'failed', replies, settle: nothingToSettle };
}
