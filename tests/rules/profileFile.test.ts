import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readProfile } from '../../src/rules/profileFile.ts';

describe('reading a profile file', () => {
  it('accepts yes and no for yes/no facts, as YAML users write them', () => {
    const reading = readProfile(
      parse('retakePassed: no\nfearOfFailing: Yes\nextraTimeUseful: true\n'),
    );
    expect(reading).toEqual({
      ok: true,
      profile: { retakePassed: false, fearOfFailing: true, extraTimeUseful: true },
    });
  });

  it('leaves yes alone where a fact is not yes/no, and names the field', () => {
    const reading = readProfile(parse('usce: yes\n'));
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.problems[0]).toMatch(/^usce/);
  });
});
