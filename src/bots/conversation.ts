import { type StepResult, step } from '../dialogue/engine.ts';
import { Input } from '../dialogue/input.ts';
import type { Reply } from '../dialogue/reply.ts';
import { say } from '../dialogue/say.ts';
import { freshSession, type Session } from '../dialogue/session.ts';
import type { Knowledge } from '../knowledge/schema.ts';
import type { Logger } from '../log.ts';
import {
  type PersonKey,
  type SessionStore,
  StoreConflictError,
  StoreUnavailableError,
} from '../store/sessionStore.ts';
import { platformOf, type TurnObserver, type TurnOutcome, unobserved } from './turnObserver.ts';

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
  ) {}

  /** Handles one input from one person and returns what to send back. */
  async handle(person: PersonKey, input: unknown): Promise<Reply[]> {
    const started = performance.now();
    const turn = await this.turn(person, input);
    this.observer.turnHandled({
      platform: platformOf(person),
      outcome: turn.outcome,
      durationMs: performance.now() - started,
      ...(turn.safety ? { safety: turn.safety } : {}),
    });
    return turn.replies;
  }

  private async turn(
    person: PersonKey,
    input: unknown,
  ): Promise<{ replies: Reply[]; outcome: TurnOutcome; safety?: StepResult['safety'] }> {
    const parsed = Input.safeParse(input);
    if (!parsed.success) {
      this.log.warn({ issues: parsed.error.issues.length }, 'input rejected by schema');
      return { replies: [this.text('dialogue.bad_input')], outcome: 'bad_input' };
    }
    try {
      return await this.store.update(person, (current) => {
        const result = step(current ?? freshSession(), parsed.data, this.kb);
        const done = { replies: result.replies, outcome: 'ok' as const };
        return {
          session: result.session,
          result: result.safety ? { ...done, safety: result.safety } : done,
        };
      });
    } catch (error) {
      return this.failure(error);
    }
  }

  /** The knowledge the conversation speaks from. */
  get knowledge(): Knowledge {
    return this.kb;
  }

  private failure(error: unknown): { replies: Reply[]; outcome: TurnOutcome } {
    if (error instanceof StoreUnavailableError) {
      this.log.warn(
        { operation: error.operation, reason: error.reason },
        'session store unavailable',
      );
      return { replies: [this.text('dialogue.store_down')], outcome: 'store_down' };
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
