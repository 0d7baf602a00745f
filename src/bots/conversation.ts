import { step } from '../dialogue/engine.ts';
import { Input } from '../dialogue/input.ts';
import { decodeOutbox, encodeOutbox } from '../dialogue/outboxCodec.ts';
import type { Reply } from '../dialogue/reply.ts';
import { say } from '../dialogue/say.ts';
import { freshSession, type Session } from '../dialogue/session.ts';
import type { Knowledge } from '../knowledge/schema.ts';
import type { Logger } from '../log.ts';
import type { Counts } from '../metrics/counts.ts';
import {
  type PersonKey,
  type SessionStore,
  StoreConflictError,
  StoreUnavailableError,
} from '../store/sessionStore.ts';

/** What a conversation reports outside itself: counts for metrics, and `forget` to other stores. */
export interface ConversationHooks {
  counts?: Counts;
  /** Deletes what is kept about the person outside the session (their reminder jobs). */
  onForget?: (person: PersonKey) => Promise<void>;
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
    private readonly hooks: ConversationHooks = {},
  ) {}

  /** Handles one input from one person and returns what to send back. */
  async handle(person: PersonKey, input: unknown): Promise<Reply[]> {
    const parsed = Input.safeParse(input);
    if (!parsed.success) {
      this.log.warn({ issues: parsed.error.issues.length }, 'input rejected by schema');
      return [this.text('dialogue.bad_input')];
    }
    // The UTC day: close enough for dating a practice score, and the same on every retry.
    const today = new Date().toISOString().slice(0, 10);
    let logged = 0;
    let forgotten = false;
    try {
      const replies = await this.store.update(person, (current) => {
        const result = step(current ?? freshSession(), parsed.data, this.kb, { today });
        // Set by the run that was saved: the store may re-run the turn on a conflict.
        logged = result.scoresLogged ?? 0;
        forgotten = result.session === null;
        return { session: result.session, result: result.replies };
      });
      if (logged > 0) this.hooks.counts?.increment('scores_logged', logged);
      if (forgotten) await this.forgetElsewhere(person);
      return replies;
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
    const parsed = Input.safeParse(input);
    if (!parsed.success) {
      this.log.warn({ issues: parsed.error.issues.length }, 'input rejected by schema');
      return failed([this.text('dialogue.bad_input')]);
    }
    const today = new Date().toISOString().slice(0, 10);
    let logged = 0;
    let forgotten = false;
    try {
      const delivery = await this.store.deliver(person, updateId, (current) => {
        const result = step(current ?? freshSession(), parsed.data, this.kb, { today });
        // Set by the run that was saved: the store may re-run the turn on a conflict.
        logged = result.scoresLogged ?? 0;
        forgotten = result.session === null;
        return {
          session: result.session,
          outbox: encodeOutbox(result.replies, result.session, this.kb),
        };
      });
      if (delivery.kind === 'done') return { kind: 'done', replies: [], settle: nothingToSettle };
      if (delivery.kind === 'turn') {
        if (logged > 0) this.hooks.counts?.increment('scores_logged', logged);
        if (forgotten) await this.forgetElsewhere(person);
      }
      const replies = [...delivery.earlier, delivery.outbox].flatMap((o) =>
        decodeOutbox(o, this.kb),
      );
      return { kind: delivery.kind, replies, settle: delivery.settle };
    } catch (error) {
      return failed(this.failure(error));
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

  private failure(error: unknown): Reply[] {
    if (error instanceof StoreUnavailableError) {
      this.log.warn(
        { operation: error.operation, reason: error.reason, outcome: error.outcome },
        'session store unavailable',
      );
      // A write that may have landed is not "not recorded": its replies come with the next turn.
      return [
        this.text(error.outcome === 'unknown' ? 'dialogue.store_unsure' : 'dialogue.store_down'),
      ];
    }
    if (error instanceof StoreConflictError) {
      this.log.warn({ attempts: error.attempts }, 'session update kept conflicting');
      return [this.text('dialogue.busy')];
    }
    this.log.error({ err: error }, 'turn failed');
    return [this.text('dialogue.apology')];
  }

  /** A reply for a turn that was not carried out: nothing was saved, so it may be retried. */
  private text(id: string): Reply {
    return { kind: 'text', text: say(this.kb, id), notice: 'not_applied' };
  }
}

function failed(replies: Reply[]): DeliveredTurn {
  return { kind: 'failed', replies, settle: nothingToSettle };
}
