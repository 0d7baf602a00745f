import { step } from '../dialogue/engine.ts';
import { Input } from '../dialogue/input.ts';
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
        { operation: error.operation, reason: error.reason },
        'session store unavailable',
      );
      return [this.text('dialogue.store_down')];
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
