import { sentenceBreak } from './normalize.ts';

// Words that carry no hint of what someone is asking for. Question words ("when",
// "how", "why", "should") stay: they are often the whole difference between intents.
const stopWords = new Set([
  'a',
  'an',
  'the',
  'is',
  'am',
  'are',
  'was',
  'were',
  'be',
  'been',
  'of',
  'and',
  'so',
  'just',
  'really',
  'very',
  'um',
  'uh',
  'lol',
  'please',
  'like',
  'that',
  'this',
  'it',
  'its',
  'i',
  'my',
  'on',
  'at',
  'with',
  'there',
  'then',
  'also',
  'yes',
  'yeah',
  'no',
  'nope',
  'ok',
  'okay',
  'sure',
  'thanks',
  'thank',
  'tell',
  'give',
  'want',
  'need',
  'honestly',
  'sir',
  'doc',
  'doctor',
  'dr',
  'maam',
  'madam',
  'dear',
  'quick',
  'literally',
  'omg',
  'lmao',
  // "this exam is killing me", "dying to know": in messages about exams these words
  // are emphasis, not intent (crisis wording is read separately, before routing)
  'kill',
  'kills',
  'killing',
  'killed',
  'killer',
  'die',
  'dying',
  'died',
  'dead',
]);

// Tokens that name an exam or a specialty: facts, not intents. Step 3 stays, because
// asking about it is an intent of its own.
const factTokens = new Set([
  'step1',
  'step2ck',
  'oet',
  'ielts',
  'intraining',
  'usmle',
  'internal',
  'family',
  'medicine',
  'pediatrics',
  'psychiatry',
  'neurology',
  'pathology',
  'surgery',
  'general',
  'emergency',
  'obgyn',
  'anesthesiology',
  'radiology',
]);

/** Crude suffix stripping, enough for "postponing" and "postpone" to meet. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ing', 'ed', 'es', 'ly', 's', 'e']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4)
      return word.slice(0, -suffix.length);
  }
  return word;
}

/** The words of normalized text that can carry intent, stemmed, per sentence. */
export function contentWords(normalized: string): string[][] {
  const sentences: string[][] = [[]];
  for (const token of normalized.split(' ')) {
    if (token === sentenceBreak) {
      if (sentences.at(-1)!.length > 0) sentences.push([]);
      continue;
    }
    if (token === '' || stopWords.has(token) || factTokens.has(token)) continue;
    if (/^\d/.test(token)) continue;
    sentences.at(-1)!.push(stem(token));
  }
  if (sentences.at(-1)!.length === 0) sentences.pop();
  return sentences;
}

/** Unigrams and adjacent pairs of a run of words, as feature keys with their counts. */
export function features(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  words.forEach((word, i) => {
    add(word);
    if (i > 0) add(`${words[i - 1]} ${word}`);
  });
  return counts;
}
