import type { CrisisCountry, Knowledge } from '../../knowledge/schema.ts';
import type { Reply } from '../reply.ts';
import { say } from '../say.ts';

/** The question id of "which country are you in?", answered with lowercase country codes. */
export const countryQuestionId = 'country';

/**
 * The crisis reply: a calm opening, then the lines for the person's country — or, with
 * the country unknown, the international set (local emergency number, Find A Helpline)
 * and which lines exist where. Never assumes the US.
 */
export function crisisText(kb: Knowledge, country: string | undefined): string {
  const known = country ? kb.crisis.find((c) => c.country === country) : undefined;
  const parts = [say(kb, 'safety.crisis.intro')];
  if (known) parts.push(linesText(kb, known));
  else parts.push(internationalText(kb));
  parts.push(say(kb, 'safety.crisis.reach_out'));
  return parts.join('\n\n');
}

/** The lines for one country, with the reminder about emergencies. */
export function linesText(kb: Knowledge, country: CrisisCountry): string {
  const lines = country.lines.map(lineBullet);
  if (country.country === 'other') return [say(kb, 'safety.crisis.anywhere'), ...lines].join('\n');
  lines.push(`• ${say(kb, 'safety.crisis.emergency')}`);
  return [say(kb, 'safety.country.lines', { country: country.name }), ...lines].join('\n');
}

function internationalText(kb: Knowledge): string {
  const everywhere = kb.crisis.find((c) => c.country === 'other');
  const groups = new Map<string, { names: string[]; line: CrisisCountry['lines'][number] }>();
  for (const c of kb.crisis) {
    const first = c.lines[0];
    if (c.country === 'other' || !first) continue;
    const key = `${first.name}|${first.contact}`;
    const group = groups.get(key);
    if (group) group.names.push(c.name);
    else groups.set(key, { names: [c.name], line: first });
  }
  const byCountry = [...groups.values()].map(
    (g) => `• ${g.names.join(' and ')}: ${lineBullet(g.line).slice(2)}`,
  );
  return [
    say(kb, 'safety.crisis.anywhere'),
    ...(everywhere ? everywhere.lines.map(lineBullet) : []),
    '',
    say(kb, 'safety.crisis.by_country'),
    ...byCountry,
  ].join('\n');
}

function lineBullet(line: CrisisCountry['lines'][number]): string {
  return `• **${line.name}** — ${line.contact}${line.hours ? ` (${line.hours})` : ''}`;
}

/** "Which country are you in?", with a button per country that has its own lines. */
export function countryQuestion(kb: Knowledge): Reply {
  return {
    kind: 'question',
    id: countryQuestionId,
    text: say(kb, 'safety.country.question'),
    options: kb.crisis.map((c) => ({ id: c.country.toLowerCase(), label: c.name })),
  };
}

/** The crisis-line country a button's option id names, if any. */
export function countryOfOption(kb: Knowledge, option: string): CrisisCountry | undefined {
  return kb.crisis.find((c) => c.country.toLowerCase() === option);
}

/**
 * The lines offered alongside a check question or a distress acknowledgement: the
 * person's country's lines when known, otherwise the directory that covers every
 * country and the local emergency number.
 */
export function supportOffer(kb: Knowledge, country: string | undefined): string {
  const known = country ? kb.crisis.find((c) => c.country === country) : undefined;
  if (known && known.country !== 'other') return linesText(kb, known);
  // The lines for everywhere else already include the local emergency number.
  const everywhere = kb.crisis.find((c) => c.country === 'other');
  if (everywhere) return everywhere.lines.map(lineBullet).join('\n');
  return `• ${say(kb, 'safety.crisis.emergency')}`;
}

/** The question id of the direct safety question. */
export const safetyCheckQuestionId = 'safety_check';

/**
 * The direct question clinicians ask when talk suggests possible risk, with the lines
 * in the same message so help is there whatever the answer.
 */
export function safetyCheckQuestion(kb: Knowledge, country: string | undefined): Reply {
  return {
    kind: 'question',
    id: safetyCheckQuestionId,
    text: [
      say(kb, 'safety.check.question'),
      say(kb, 'safety.check.lines'),
      supportOffer(kb, country),
    ].join('\n\n'),
    options: [
      { id: 'yes', label: say(kb, 'safety.check.option.yes') },
      { id: 'no', label: say(kb, 'safety.check.option.no') },
      { id: 'unsure', label: say(kb, 'safety.check.option.unsure') },
    ],
  };
}

const yes =
  /^(?:y|ya|yes|yeah|yep|yup|ha|haan|han|si|sí|yes i am|i am|i do|kind of|kinda|sort of|sometimes|maybe yes|a bit|a little)\b/;
const no = /^(?:n|no|nope|nah|not really|no i am not|i am not|never|not at all|na|nahi|nai)\b/;
const unsure =
  /^(?:not sure|unsure|i do not know|idk|dont know|maybe|i am not sure|no idea|hard to say)\b/;

/** A typed answer to the safety question: yes, no, unsure, or undefined when it is none of these. */
export function readSafetyAnswer(normalized: string): 'yes' | 'no' | 'unsure' | undefined {
  const said = normalized.replace(/^\W+/, '');
  if (unsure.test(said)) return 'unsure';
  if (no.test(said)) return 'no';
  if (yes.test(said)) return 'yes';
  return undefined;
}
