import type { Question, QuestionOption } from '../knowledge/schema.ts';

/** A typed answer read against the question it answers. */
export type ParsedAnswer =
  | { kind: 'value'; value: string | number | boolean }
  | { kind: 'unsure' }
  | { kind: 'unparsed'; expected: 'options' | 'number' | 'yes_no' };

const unsurePhrases = new Set([
  'not sure',
  'im not sure',
  'i am not sure',
  'unsure',
  'idk',
  'i dont know',
  'dont know',
  'do not know',
  'no idea',
  'skip',
  'pass',
  'not certain',
  'unknown',
  'dunno',
  '?',
  'unsure',
]);
// "kinda" and "sort of" lean yes: someone half-agreeing with "is fear part of it?"
// is saying it is, and a no would have been said plainly.
const yesWords = new Set([
  'yes',
  'y',
  'ya',
  'yah',
  'yes please',
  'please',
  'kinda',
  'kind of',
  'sort of',
  'somewhat',
  'a bit',
  'i guess',
  'yeah',
  'yea',
  'yep',
  'yup',
  'sure',
  'correct',
  'true',
  'i have',
  'i did',
  'i am',
  'of course',
  'definitely',
  'absolutely',
  'ok',
  'okay',
  'si',
  'right',
  'affirmative',
]);
const noWords = new Set([
  'no',
  'n',
  'nope',
  'no thanks',
  'not at all',
  'nah',
  'not yet',
  'false',
  'never',
  'i havent',
  'i have not',
  'not really',
  'negative',
  'no way',
  'i didnt',
  'not',
]);

/** Lowercases and strips everything but letters, digits, `+` and single spaces. */
export function normalizeAnswer(text: string): string {
  return text
    .slice(0, 300)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}+?]+/gu, ' ')
    .trim();
}

/**
 * Reads a typed answer: "not sure" and its synonyms, a number for numeric
 * questions, an option number for the others, yes/no words for yes/no
 * questions, and option labels or synonyms anywhere in the text.
 */
export function parseAnswer(question: Question, text: string): ParsedAnswer {
  const said = normalizeAnswer(text);
  const yesNo = question.options.every((o) => typeof o.value === 'boolean');
  const expected = question.number ? 'number' : yesNo ? 'yes_no' : 'options';
  if (said === '') return { kind: 'unparsed', expected };
  if (unsurePhrases.has(said) || said === 'not sure about that') return { kind: 'unsure' };

  const exact = question.options.find(
    (o) =>
      o.id === said ||
      normalizeAnswer(o.label) === said ||
      o.synonyms.some((s) => normalizeAnswer(s) === said),
  );
  if (exact) return { kind: 'value', value: exact.value };

  if (question.number) {
    const numbers = said.match(/\d+/g) ?? [];
    if (numbers.length === 1) {
      const n = Number(numbers[0]);
      if (Number.isInteger(n) && n >= question.number.min && n <= question.number.max) {
        return { kind: 'value', value: n };
      }
      return { kind: 'unparsed', expected };
    }
  } else if (/^\d{1,2}$/.test(said)) {
    // Options are offered numbered with "I'm not sure" last, so one past the options means unsure.
    const index = Number(said);
    if (index === question.options.length + 1) return { kind: 'unsure' };
    const option = question.options[index - 1];
    return option ? { kind: 'value', value: option.value } : { kind: 'unparsed', expected };
  }

  if (yesNo) {
    const first = said.split(' ').slice(0, 2);
    const lead = [first.join(' '), first[0] ?? ''];
    const isYes = lead.some((w) => yesWords.has(w));
    const isNo = lead.some((w) => noWords.has(w));
    if (isYes !== isNo) {
      const option = question.options.find((o) => o.value === isYes);
      if (option) return { kind: 'value', value: option.value };
    }
  }

  const contained = bestContained(question.options, said);
  return contained ? { kind: 'value', value: contained.value } : { kind: 'unparsed', expected };
}

// "mostly content, and I ran out of time too": what is marked as the main part wins.
const mainMarker =
  /\b(?:mostly|mainly|primarily|largely|mainly because of|above all|the main (?:thing|problem|issue) (?:was|is)) (.+)$/;

/**
 * The option whose longest label or synonym appears as whole words in the text; none
 * on a tie. When the text marks one part as the main one ("mostly …"), that part is
 * read first.
 */
function bestContained(
  options: readonly QuestionOption[],
  said: string,
): QuestionOption | undefined {
  const main = mainMarker.exec(said)?.[1];
  if (main) {
    const head = main.split(/\b(?:and|but|also|plus|too)\b/)[0] ?? main;
    const inMain = longestContained(options, head.trim());
    if (inMain) return inMain;
  }
  return longestContained(options, said);
}

function longestContained(
  options: readonly QuestionOption[],
  said: string,
): QuestionOption | undefined {
  const padded = ` ${said} `;
  let best: { option: QuestionOption; length: number } | undefined;
  let tie = false;
  for (const option of options) {
    for (const phrase of [option.label, ...option.synonyms].map(normalizeAnswer)) {
      if (phrase.length < 2 || !padded.includes(` ${phrase} `)) continue;
      if (!best || phrase.length > best.length) {
        best = { option, length: phrase.length };
        tie = false;
      } else if (phrase.length === best.length && best.option !== option) {
        tie = true;
      }
    }
  }
  return best && !tie ? best.option : undefined;
}
