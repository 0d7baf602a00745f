import { z } from 'zod';

/** Telegram rejects a button whose `callback_data` is longer than this many bytes. */
export const maxCallbackDataBytes = 64;

// Question ids are fact names (camelCase) or `menu`/`next`/`forget`; option ids are lowercase.
const QuestionId = z
  .string()
  .regex(/^[A-Za-z0-9_]{1,24}$/, 'question ids are 1–24 letters, digits or _');
const OptionId = z
  .string()
  .regex(/^[a-z0-9_]{1,24}$/, 'option ids are 1–24 lowercase letters, digits or _');

/** A pressed option as the engine needs it: which question, which option. */
export const ChoiceData = z.object({ question: QuestionId, option: OptionId });
/** One decoded button press. */
export type ChoiceData = z.infer<typeof ChoiceData>;

const prefix = 'q';

/** A question or option id that can't be packed into a button; a content bug, not user input. */
export class CallbackDataError extends Error {
  override readonly name = 'CallbackDataError';

  /** @param problem what is wrong, naming the offending id */
  constructor(readonly problem: string) {
    super(`cannot encode button data: ${problem}`);
  }
}

/**
 * Packs a choice as `q:<questionId>:<optionId>`. The id rules keep it within 51 ASCII bytes,
 * well under Telegram's 64.
 */
export function encodeChoice(question: string, option: string): string {
  const parsed = ChoiceData.safeParse({ question, option });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] === 'question' ? 'question' : 'option';
    const id = field === 'question' ? question : option;
    throw new CallbackDataError(`${field} id "${id}": ${issue?.message}`);
  }
  return `${prefix}:${question}:${option}`;
}

/**
 * Reads `callback_data` from a press. Anything this bot could not have sent — missing, too long,
 * another shape, ids outside the allowed alphabet — gives undefined, so forged data never reaches
 * the engine.
 */
export function decodeChoice(data: string | undefined): ChoiceData | undefined {
  if (data === undefined || Buffer.byteLength(data, 'utf8') > maxCallbackDataBytes)
    return undefined;
  const parts = data.split(':');
  if (parts.length !== 3 || parts[0] !== prefix) return undefined;
  const parsed = ChoiceData.safeParse({ question: parts[1], option: parts[2] });
  return parsed.success ? parsed.data : undefined;
}
