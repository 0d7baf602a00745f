import type { Knowledge } from './schema.ts';

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A YYYY-MM month as people write it ("December 2026"). */
export function spokenMonth(month: string): string {
  const [year, number] = month.split('-');
  return `${monthNames[Number(number) - 1] ?? number} ${year}`;
}

/**
 * When the fact behind a knowledge entry was last confirmed: the entry's own month if it
 * was re-checked on its own, else its source's. Undefined for the seed article and the
 * bot's own guidance, which don't go out of date the way a passing score or a phone
 * number does.
 */
export function lastChecked(
  kb: Pick<Knowledge, 'entries' | 'sources'>,
  entryId: string,
  sourceId: string,
): string | undefined {
  const source = kb.sources.get(sourceId);
  if (!source || source.kind === 'article' || source.id === 'trajectory') return undefined;
  return kb.entries.get(entryId)?.checked ?? source.checked;
}
