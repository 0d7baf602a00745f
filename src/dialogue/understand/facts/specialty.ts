import type { Profile, Specialty } from '../../../rules/profile.ts';

// Normalized spellings (see shorthand.ts: "im" → "internal medicine" in context,
// "peds" → "pediatrics"). Multi-word names come before the words inside them.
const names: readonly (readonly [string, Specialty])[] = [
  ['internal medicine', 'internal_medicine'],
  ['family medicine', 'family_medicine'],
  ['family practice', 'family_medicine'],
  ['emergency medicine', 'emergency_medicine'],
  ['general surgery', 'general_surgery'],
  ['plastic surgery', 'other'],
  ['pediatrics', 'pediatrics'],
  ['psychiatry', 'psychiatry'],
  ['neurology', 'neurology'],
  ['pathology', 'pathology'],
  ['surgery', 'general_surgery'],
  ['obgyn', 'obgyn'],
  ['obstetrics', 'obgyn'],
  ['gynecology', 'obgyn'],
  ['anesthesiology', 'anesthesiology'],
  ['radiology', 'radiology'],
  ['dermatology', 'other'],
  ['derm', 'other'],
  ['orthopedics', 'other'],
  ['ortho', 'other'],
  ['ophthalmology', 'other'],
  ['urology', 'other'],
  ['neurosurgery', 'other'],
  ['pmr', 'other'],
];

const pattern = new RegExp(`\\b(${names.map(([n]) => n).join('|')})\\b`, 'g');

// Fellowships come after residency: "a cardiology fellowship" is not a target specialty.
const fellowshipNear = /^ (?:\S+ )?fellowships?\b/;

/**
 * The specialty aimed at first: the first one named ("IM or FM" → internal
 * medicine), or the one switched to ("from neuro to FM" → family medicine).
 */
export function readSpecialty(normalized: string): Pick<Profile, 'targetSpecialty'> {
  const found: { name: Specialty; at: number }[] = [];
  for (const match of normalized.matchAll(pattern)) {
    const after = normalized.slice(
      match.index + match[0].length,
      match.index + match[0].length + 30,
    );
    if (fellowshipNear.test(after)) continue;
    const name = names.find(([n]) => n === match[1])![1];
    found.push({ name, at: match.index });
  }
  if (found.length === 0) return {};
  for (let i = 0; i + 1 < found.length; i++) {
    const between = normalized.slice(found[i]!.at, found[i + 1]!.at);
    if (
      /\bto\b/.test(between) &&
      /\b(?:from|switch|switching|switched|change|changing|move|moving)\b/.test(
        normalized.slice(0, found[i + 1]!.at),
      )
    )
      return { targetSpecialty: found[i + 1]!.name };
  }
  return { targetSpecialty: found[0]!.name };
}
