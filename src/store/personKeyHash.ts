import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { PersonKey } from './sessionStore.ts';

/** The shortest salt accepted, in bytes: shorter keys make the hashes guessable offline. */
export const MIN_PERSON_SALT_BYTES = 16;

/** The configured salt is not usable; the message never contains the salt itself. */
export class InvalidPersonSaltError extends Error {
  override readonly name = 'InvalidPersonSaltError';

  /** @param problem what is wrong with the salt */
  constructor(readonly problem: 'not-hex' | 'too-short') {
    super(
      problem === 'not-hex'
        ? 'person salt must be an even-length hex string'
        : `person salt must be at least ${MIN_PERSON_SALT_BYTES} bytes (${MIN_PERSON_SALT_BYTES * 2} hex characters)`,
    );
  }
}

/** Maps a person to the opaque id used in Redis keys and logs. */
export type PersonKeyHasher = (person: PersonKey) => string;

/**
 * Builds a hasher for a hex salt (e.g. from `openssl rand -hex 32`), validating it once.
 * The result is HMAC-SHA256(salt, person) in lowercase hex: stable across processes that
 * share the salt, but not reversible to a platform id without it.
 */
export function createPersonKeyHasher(saltHex: string): PersonKeyHasher {
  const key = parseSalt(saltHex);
  return (person) => createHmac('sha256', key).update(person, 'utf8').digest('hex');
}

/** One-off form of createPersonKeyHasher, for call sites that hash rarely (e.g. a log line). */
export function personKeyHash(person: PersonKey, saltHex: string): string {
  return createPersonKeyHasher(saltHex)(person);
}

function parseSalt(saltHex: string): KeyObject {
  if (saltHex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(saltHex)) {
    throw new InvalidPersonSaltError('not-hex');
  }
  const bytes = Buffer.from(saltHex, 'hex');
  if (bytes.length < MIN_PERSON_SALT_BYTES) throw new InvalidPersonSaltError('too-short');
  return createSecretKey(bytes);
}
