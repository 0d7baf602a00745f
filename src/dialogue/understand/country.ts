import { normalizeAnswer } from '../answerParsing.ts';

// Country codes match knowledge/crisis.yaml; `other` means everywhere without lines of
// their own. Short names ("us", "uk") only count as the whole reply: inside a sentence
// "us" is usually the pronoun.
const names: Readonly<Record<string, string>> = {
  us: 'US',
  usa: 'US',
  'u s': 'US',
  'u s a': 'US',
  'united states': 'US',
  'united states of america': 'US',
  america: 'US',
  'the states': 'US',
  'the us': 'US',
  ca: 'CA',
  canada: 'CA',
  uk: 'GB',
  'u k': 'GB',
  gb: 'GB',
  'the uk': 'GB',
  'united kingdom': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  britain: 'GB',
  'great britain': 'GB',
  ie: 'IE',
  ireland: 'IE',
  'republic of ireland': 'IE',
  eire: 'IE',
  in: 'IN',
  india: 'IN',
  bharat: 'IN',
  other: 'other',
  elsewhere: 'other',
  'somewhere else': 'other',
  'another country': 'other',
  'none of these': 'other',
  'not listed': 'other',
};

// Countries many IMGs write from; they have no lines of their own in crisis.yaml, so
// they get the international set.
const elsewhere = [
  'pakistan',
  'bangladesh',
  'nepal',
  'sri lanka',
  'egypt',
  'nigeria',
  'ghana',
  'kenya',
  'ethiopia',
  'sudan',
  'south africa',
  'philippines',
  'indonesia',
  'malaysia',
  'vietnam',
  'china',
  'japan',
  'korea',
  'iran',
  'iraq',
  'syria',
  'jordan',
  'lebanon',
  'saudi arabia',
  'saudi',
  'uae',
  'dubai',
  'qatar',
  'kuwait',
  'oman',
  'turkey',
  'israel',
  'palestine',
  'morocco',
  'tunisia',
  'algeria',
  'brazil',
  'mexico',
  'colombia',
  'venezuela',
  'peru',
  'argentina',
  'cuba',
  'caribbean',
  'grenada',
  'dominica',
  'russia',
  'ukraine',
  'poland',
  'germany',
  'france',
  'italy',
  'spain',
  'australia',
  'new zealand',
];

/** The crisis-line country a reply names ("UK", "I'm in India", "Pakistan" → other). */
export function readCountry(text: string): string | undefined {
  const said = normalizeAnswer(text)
    .replace(/^(?:i am|im|i live|living|based|i m)\s+/, '')
    .replace(/^(?:in|from|at)\s+/, '')
    .trim();
  // Own properties only: a typed word ("constructor") must not find an inherited one.
  const exact = Object.hasOwn(names, said) ? names[said] : undefined;
  if (exact) return exact;
  const padded = ` ${said} `;
  for (const [name, code] of Object.entries(names)) {
    if (name.length >= 5 && padded.includes(` ${name} `)) return code;
  }
  return elsewhere.some((name) => padded.includes(` ${name} `)) ? 'other' : undefined;
}
