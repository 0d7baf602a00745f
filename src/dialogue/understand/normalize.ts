import { anyPattern } from './joinedPatterns.ts';
import {
  phraseShorthand,
  specialtyLeadWords,
  specialtyTailWords,
  wordShorthand,
} from './shorthand.ts';

/** The sentence break the normaliser leaves between sentences, as its own token. */
export const sentenceBreak = '.';

/**
 * A message in canonical form: lowercase words separated by single spaces,
 * contractions spelled out, shorthand and common misspellings replaced (see
 * shorthand.ts), number words as digits, and `.` as a token between sentences.
 * Everything that reads free text reads this, so they all agree on what was said.
 */
export function normalizeText(text: string, maxChars: number): string {
  let s = text.slice(0, maxChars);
  // Most messages are plain ASCII, which NFKC leaves as it is. Below, each family of
  // replacements runs only when the text holds what all of them need (an apostrophe, a
  // slash, a shorthand phrase): the passes were most of the cost of normalising.
  if (!isAscii(s)) s = s.normalize('NFKC');
  s = s.toLowerCase().replace(/[\u2018\u2019`\u00b4]/g, "'");
  if (s.includes("'")) s = spellOutContractions(s);
  if (s.includes('/')) s = spellOutSlashes(s);
  s = s
    .replace(/(\d+)[.,]\d+/g, '$1')
    // "58%" says which scale a practice result is on: a percentage, not a score.
    .replace(/(\d)\s*%/g, '$1 percent ')
    .replace(/[.?!;\n\r]+/g, ` ${sentenceBreak} `)
    .replace(/[^\p{L}\p{N}.]+/gu, ' ');
  // "sooo", "hellooo", "pleeease": a letter typed three times or more means it once
  if (mayRepeatLetters(s)) s = s.replace(/(\p{L})\1{2,}/gu, '$1');
  if (anyPhrase.test(s))
    for (const [pattern, replacement] of phraseShorthand) s = s.replace(pattern, replacement);
  const raw = s.split(' ').filter((t) => t !== '');
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i]!;
    if (token === 'im' || token === 'em') {
      const specialty =
        specialtyLeadWords.has(out.at(-1) ?? '') || specialtyTailWords.has(raw[i + 1] ?? '');
      if (token === 'im') out.push(specialty ? 'internal medicine' : 'i am');
      else out.push(specialty ? 'emergency medicine' : 'them');
      continue;
    }
    for (const piece of splitDigits(token)) out.push(shorthandFor(piece) ?? piece);
  }
  while (out[0] === sentenceBreak) out.shift();
  while (out.at(-1) === sentenceBreak) out.pop();
  return out.join(' ').replace(/(?:\. )+\./g, '.');
}

/**
 * How many words normalized text holds (sentence breaks are not words), counted without
 * splitting it: read for every message, often a long one.
 */
export function wordCount(normalized: string): number {
  let count = 0;
  let start = 0;
  while (start <= normalized.length) {
    let end = normalized.indexOf(' ', start);
    if (end < 0) end = normalized.length;
    if (end > start && !(end - start === 1 && normalized.startsWith(sentenceBreak, start))) count++;
    start = end + 1;
  }
  return count;
}

/** "8yrs" → "8", "yrs"; "nbme9" → "nbme", "9"; ordinals and known tokens stay whole. */
function splitDigits(token: string): string[] {
  // Most words hold no digit: three pattern tests per word were a third of normalising.
  if (!hasDigit(token) || shorthandFor(token) !== undefined || /^\d+(?:st|nd|rd|th)$/.test(token))
    return [token];
  const leading = /^(\d+)(\p{L}+)$/u.exec(token);
  if (leading) return [leading[1]!, leading[2]!];
  const trailing = /^(\p{L}{2,})(\d+)$/u.exec(token);
  if (trailing) return [trailing[1]!, trailing[2]!];
  return [token];
}

function hasDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

// A Map, not the object: a typed word ("constructor") must not find an inherited property.
const shorthand = new Map(Object.entries(wordShorthand));

function shorthandFor(token: string): string | undefined {
  return shorthand.get(token);
}

const anyPhrase = anyPattern(phraseShorthand.map(([pattern]) => pattern));

function spellOutContractions(s: string): string {
  return s
    .replace(/\bi'm\b/g, 'i am')
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, ' not')
    .replace(/'ve\b/g, ' have')
    .replace(/'ll\b/g, ' will')
    .replace(/'re\b/g, ' are')
    .replace(/'d\b/g, ' would')
    .replace(/\b(what|that|it|there|who|where|here|he|she|how)'s\b/g, '$1 is')
    .replace(/'s\b/g, '')
    .replace(/'/g, '');
}

function spellOutSlashes(s: string): string {
  return s
    .replace(/\bob\/gyn\b/g, 'obgyn')
    .replace(/\bb\/c\b/g, 'because')
    .replace(/\bw\/o\b/g, 'without')
    .replace(/\bw\//g, 'with ');
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

// Three equal UTF-16 units in a row, or any surrogate (a letter outside the BMP repeated
// is not three equal units): only then can a letter be typed three times.
function mayRepeatLetters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
    if (i >= 2 && c === s.charCodeAt(i - 1) && c === s.charCodeAt(i - 2)) return true;
  }
  return false;
}
