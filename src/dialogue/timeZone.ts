import { z } from 'zod';
import type { Knowledge } from '../knowledge/schema.ts';
import { isTimeZone } from '../reminders/quietHours.ts';

/**
 * A person's time zone: an IANA name the runtime knows ("Asia/Kolkata", "Etc/GMT-5", "UTC").
 * Asked once, when the first check-in is chosen; quiet hours, the dates shown and "today" for
 * the score log follow it.
 */
export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'not a known time zone');
/** One time zone. */
export type TimeZone = z.infer<typeof TimeZone>;

/** The zone used until the person names one: UTC, said as such wherever a time is shown. */
export const defaultTimeZone = 'UTC';

// Every zone the runtime knows, by lower-case name and by its city ("new york"), built once.
let zoneIndex: Map<string, string> | undefined;
function zonesByName(): Map<string, string> {
  if (zoneIndex) return zoneIndex;
  const index = new Map<string, string>();
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    index.set(zone.toLowerCase(), zone);
    const city = zone.split('/').at(-1)?.replace(/_/g, ' ').toLowerCase();
    // The first zone listed for a city wins; a city name shared by two zones is rare.
    if (city && !index.has(city)) index.set(city, zone);
  }
  zoneIndex = index;
  return index;
}

// A zone name typed in lower case, written the usual way ("america/new_york" →
// "America/New_York"); the runtime accepts both, but the person should see the familiar one.
function titled(zone: string): string {
  return zone.replace(
    /(^|[/_-])([a-z])/g,
    (_, before: string, letter: string) => `${before}${letter.toUpperCase()}`,
  );
}

/**
 * A UTC offset as people type it ("UTC+5", "gmt -3", "+05:30", "utc+5:30") as a zone: whole
 * hours as `Etc/GMT∓h` (whose sign is inverted by POSIX convention), other offsets through the
 * place list's "+05:30"-style keys. Undefined when the text is not an offset or none fits.
 */
function offsetZone(said: string, places: Record<string, string | number>): string | undefined {
  const match = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?:[:.h]?(\d{2}))?\s*(?:h|hrs?|hours?)?$/.exec(
    said,
  );
  if (!match) return undefined;
  const [, sign, hoursText, minutesText] = match;
  const hours = Number(hoursText);
  const minutes = Number(minutesText ?? '0');
  if (minutes === 0) {
    if (hours === 0) return 'UTC';
    if ((sign === '+' && hours > 14) || (sign === '-' && hours > 12)) return undefined;
    return `Etc/GMT${sign === '+' ? '-' : '+'}${hours}`;
  }
  const key = `${sign}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  const zone = places[key];
  return typeof zone === 'string' ? zone : undefined;
}

/**
 * Reads a time zone from what a person typed: an IANA name in any case, a city of one
 * ("nairobi", "new york"), a UTC offset, or a country or abbreviation from the place list in
 * knowledge/checkIns.yaml. Phrases around it ("I'm in Lagos") are dropped. Undefined when
 * nothing fits, so the caller can say so and ask again.
 */
export function readTimeZone(text: string, kb: Knowledge): TimeZone | undefined {
  const said = text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/^\s*(?:i'?m in|i am in|i live in|in|my time ?zone is|time ?zone:?)\s+/, '')
    .replace(/\s+time\s*zone$/, '')
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (said === '' || said.length > 64) return undefined;
  const places = kb.entries.get('checkins.places')?.figures ?? {};
  // The place list first: it spells zones the current way ("Asia/Kolkata"), where the
  // runtime's own list may still carry an older name ("Asia/Calcutta").
  const candidates = [
    places[said],
    offsetZone(said.replace(/\s/g, ''), places),
    said.includes('/') ? titled(said.replace(/ /g, '_')) : undefined,
    zonesByName().get(said),
    zonesByName().get(said.replace(/ /g, '_')),
  ];
  for (const candidate of candidates)
    if (typeof candidate === 'string' && TimeZone.safeParse(candidate).success) return candidate;
  return undefined;
}

/** The calendar day (YYYY-MM-DD) at `at` in `zone`. */
export function dayIn(zone: string, at: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** A moment as a person reads it in their zone: "Tue 15 Dec 2026, 10:00". */
export function momentIn(zone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')}`;
}
