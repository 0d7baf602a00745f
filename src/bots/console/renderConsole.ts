import { adviceMarkup } from '../../dialogue/adviceCard.ts';
import type { Reply } from '../../dialogue/reply.ts';
import type { Knowledge } from '../../knowledge/schema.ts';
import { plainText } from './plainText.ts';

/** A question the console shows with numbered choices, remembered to map a typed number back. */
export interface NumberedQuestion {
  id: string;
  optionIds: string[];
}

// The engine's words are written for chat apps with buttons; a terminal has numbers.
const terminalWording: readonly [RegExp, string][] = [
  [/\bTap a button, or reply with a number\b/g, 'Type a number'],
  [/, tap a button,/g, ','],
  [
    /\bAnswer with the buttons or type your answer\b/g,
    'Type the number of a choice, or your own words',
  ],
  [/ or use the buttons\b/g, ''],
  [/\btap a button\b/gi, 'type a number'],
];

/** A reply's text as a terminal should say it: numbers to type, not buttons to tap. */
export function forTerminal(text: string): string {
  return terminalWording.reduce((t, [pattern, instead]) => t.replace(pattern, instead), text);
}

/**
 * Renders replies for a terminal. Choices are numbered unless the question takes a
 * number as its answer (then a typed number is the value, not a choice index).
 */
export function renderConsole(
  replies: readonly Reply[],
  kb: Knowledge,
): { text: string; numbered?: NumberedQuestion } {
  const blocks: string[] = [];
  let numbered: NumberedQuestion | undefined;
  for (const reply of replies) {
    if (reply.kind === 'text') blocks.push(forTerminal(plainText(reply.text)));
    else if (reply.kind === 'advice')
      blocks.push(plainText(adviceMarkup(reply.advice, { sources: true })));
    // A terminal shows no picture: the caption carries the sparkline and the readiness.
    else if (reply.kind === 'chart') blocks.push(plainText(reply.text));
    else {
      const takesNumber = kb.questions.get(reply.id as never)?.number !== undefined;
      const lines = reply.options.map((o, i) =>
        takesNumber ? `   • ${o.label}` : `  ${i + 1}. ${o.label}`,
      );
      blocks.push(
        `${forTerminal(plainText(reply.text))}${takesNumber ? ' (type a number)' : ''}\n${lines.join('\n')}`,
      );
      numbered = takesNumber
        ? undefined
        : { id: reply.id, optionIds: reply.options.map((o) => o.id) };
    }
  }
  return { text: blocks.join('\n\n'), ...(numbered ? { numbered } : {}) };
}
