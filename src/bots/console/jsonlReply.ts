import { adviceMarkup } from '../../dialogue/adviceCard.ts';
import type { Reply } from '../../dialogue/reply.ts';
import { plainText } from './plainText.ts';

/** One reply as a JSON line for scripts: `text`, `choices` with ids and labels, and `advice`. */
export function jsonlReply(reply: Reply): string {
  switch (reply.kind) {
    case 'text':
      return JSON.stringify({ kind: 'text', text: plainText(reply.text) });
    case 'question':
      return JSON.stringify({
        kind: 'question',
        id: reply.id,
        text: plainText(reply.text),
        choices: reply.options.map((o) => ({ id: o.id, label: o.label })),
      });
    case 'chart':
      return JSON.stringify({ kind: 'chart', text: plainText(reply.text), chart: reply.chart });
    case 'advice':
      return JSON.stringify({
        kind: 'advice',
        text: plainText(adviceMarkup(reply.advice)),
        advice: reply.advice,
      });
  }
}
