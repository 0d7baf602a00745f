/**
 * The outbox as the Redis store keeps it: a header naming who is sending it, since when, and
 * the update ids whose replies it holds; and the replies of each, joined by one separator.
 */

/** Joins the held turns' encoded replies; JSON escapes every control character, so never in one. */
export const OUTBOX_SEPARATOR = '\u001e';

/** The owner of an outbox nobody is sending: its send failed. */
export const NOBODY = '-';

/** What an outbox header says. */
export interface OutboxHeader {
  /** The process sending it, or {@link NOBODY}. */
  owner: string;
  /** When it was saved or taken over, ms since 1970. */
  savedAt: number;
  /** The update ids whose replies it holds, oldest first, space-separated. */
  held: string;
}

/** The stored header: '<owner> <saved at, base 36> <id> …' (base 36 keeps it short). */
export function formatHeader(header: OutboxHeader): string {
  return `${header.owner} ${header.savedAt.toString(36)} ${header.held}`;
}

/** Reads a stored header; undefined for anything else (e.g. the one-id field of older versions). */
export function parseHeader(raw: string | null | undefined): OutboxHeader | undefined {
  if (!raw) return undefined;
  const first = raw.indexOf(' ');
  const second = raw.indexOf(' ', first + 1);
  if (first <= 0 || second <= first + 1 || second === raw.length - 1) return undefined;
  const savedAt = Number.parseInt(raw.slice(first + 1, second), 36);
  if (!Number.isFinite(savedAt)) return undefined;
  return { owner: raw.slice(0, first), savedAt, held: raw.slice(second + 1) };
}
