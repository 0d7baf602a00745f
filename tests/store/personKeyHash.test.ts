import { describe, expect, it } from 'vitest';
import {
  createPersonKeyHasher,
  InvalidPersonSaltError,
  personKeyHash,
} from '../../src/store/personKeyHash.ts';

const SALT = 'a3f1c2e4b5d6978812345678909abcdef0123456789abcdef0123456789abcde';

describe('personKeyHash', () => {
  it('is HMAC-SHA256 keyed with the hex-decoded salt (RFC 4231 test case 1)', () => {
    expect(personKeyHash('Hi There', '0b'.repeat(20))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
  });

  it('gives 64 lowercase hex characters that do not contain the platform id', () => {
    const hash = personKeyHash('telegram:123456789', SALT);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('123456789');
  });

  it('is stable for the same salt and differs across people and salts', () => {
    const hasher = createPersonKeyHasher(SALT);
    expect(hasher('telegram:1')).toBe(personKeyHash('telegram:1', SALT));
    expect(hasher('telegram:1')).not.toBe(hasher('discord:1'));
    expect(hasher('telegram:1')).not.toBe(
      personKeyHash('telegram:1', SALT.toUpperCase().replace('A', 'B')),
    );
  });

  it.each([
    ['not hex', 'zz'.repeat(20), 'not-hex'],
    ['odd length', 'abc'.repeat(11), 'not-hex'],
    ['too short', 'ab'.repeat(15), 'too-short'],
    ['empty', '', 'too-short'],
  ])('rejects a salt that is %s without echoing it', (_label, salt, problem) => {
    const failure = (() => {
      try {
        createPersonKeyHasher(salt);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(InvalidPersonSaltError);
    expect(failure).toMatchObject({ problem });
    if (salt !== '') expect((failure as Error).message).not.toContain(salt);
  });
});
