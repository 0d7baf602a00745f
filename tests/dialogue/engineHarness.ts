import { step } from '../../src/dialogue/engine.ts';
import type { Input } from '../../src/dialogue/input.ts';
import type { Reply } from '../../src/dialogue/reply.ts';
import { freshSession, type Session } from '../../src/dialogue/session.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';

/** The shipped knowledge base. */
export const kb = loadKnowledge();

/** Reads a short script line as an input: `/cmd`, `[question:option]` for a button, else text. */
export function toInput(line: string): Input {
  const button = /^\[(\w+):(\w+)\]$/.exec(line);
  if (button) return { kind: 'choice', question: button[1]!, option: button[2]! };
  if (line.startsWith('/')) return { kind: 'command', name: line.slice(1) };
  return { kind: 'text', text: line };
}

/** A conversation driven through the engine, keeping the session between turns. */
export class Chat {
  session: Session | null = freshSession();
  replies: Reply[] = [];

  /** Sends each line in turn; returns the replies to the last one. */
  say(...lines: string[]): Reply[] {
    for (const line of lines) {
      const result = step(this.session ?? freshSession(), toInput(line), kb);
      this.session = result.session;
      this.replies = result.replies;
    }
    return this.replies;
  }

  /** The verdict of the advice in the last replies, if any. */
  get verdict(): string | undefined {
    const advice = this.replies.find((r) => r.kind === 'advice');
    return advice?.kind === 'advice' ? advice.advice.verdict : undefined;
  }

  /** The id of the question the last replies end on. */
  get asking(): string | undefined {
    const last = this.replies.at(-1);
    return last?.kind === 'question' ? last.id : undefined;
  }

  /** All text of the last replies, joined. */
  get text(): string {
    return this.replies.map((r) => (r.kind === 'advice' ? r.advice.headline : r.text)).join('\n');
  }
}
