import { describe, expect, it } from 'vitest';
import { readExamDate } from '../../../../src/dialogue/understand/facts/examDate.ts';
import { extractFacts } from '../../../../src/dialogue/understand/facts/extractFacts.ts';
import { readFailureRecency } from '../../../../src/dialogue/understand/facts/failureRecency.ts';
import { readProgramList } from '../../../../src/dialogue/understand/facts/programList.ts';
import { readTrainingRole } from '../../../../src/dialogue/understand/facts/trainingRole.ts';
import { normalizeText } from '../../../../src/dialogue/understand/normalize.ts';
import { kb } from '../../engineHarness.ts';

const n = (text: string) => normalizeText(text, 2000);

describe('the role', () => {
  it.each([
    ["I'm a PGY1", 'resident'],
    ['already a resident', 'resident'],
    ['I am a PGY-2 resident in IM', 'resident'],
    ['will I get fired?', 'resident'],
    ['my program director wants to meet', 'resident'],
    ['applying to residency this year', 'applicant'],
    ['unmatched twice', 'applicant'],
  ] as const)('reads "%s" as %s', (text, role) => {
    expect(readTrainingRole(n(text))).toEqual({ role });
  });

  it('reads nothing from a message about something else', () => {
    expect(readTrainingRole(n('I failed step 1 and my scores are below passing'))).toEqual({});
    expect(readTrainingRole(n('should I apply to residency programs in IM'))).toEqual({});
  });
});

describe('the exam date', () => {
  it.each([
    ['my exam is in 3 weeks', 3],
    ['retake in 2 months', 9],
    ['10 days until my exam', 1],
    ['the test is 6 weeks away', 6],
  ] as const)('reads "%s" as %i weeks', (text, weeks) => {
    expect(readExamDate(n(text))).toEqual({ weeksToExam: weeks });
  });

  it('leaves a calendar date to the question, having no clock', () => {
    expect(readExamDate(n('my exam is on March 3'))).toEqual({});
    expect(readExamDate(n('I graduated 3 years ago'))).toEqual({});
  });
});

describe('how recent the failure is', () => {
  it('reads fresh and old failures', () => {
    expect(readFailureRecency(n('I just failed step 1'))).toEqual({ failureRecency: 'recent' });
    expect(readFailureRecency(n('failed CK yesterday'))).toEqual({ failureRecency: 'recent' });
    expect(readFailureRecency(n('failed step 2 last year'))).toEqual({ failureRecency: 'old' });
    expect(readFailureRecency(n('I failed step 1'))).toEqual({});
  });
});

describe('extractFacts', () => {
  it('reads the new facts alongside the others', () => {
    expect(extractFacts(n("I'm a PGY1 and failed my in-training exam"), kb)).toEqual({
      failedExam: 'in_training',
      role: 'resident',
    });
    expect(extractFacts(n('I just failed step 1, exam in 3 weeks'), kb)).toMatchObject({
      failedExam: 'step1',
      failureRecency: 'recent',
      weeksToExam: 3,
    });
  });
});

describe('the program list', () => {
  it.each([
    ['applied to 150 programs, mostly community', 'mostly_community'],
    ['mainly university programs', 'mostly_university'],
    ['a mix of community and university', 'mixed'],
  ] as const)('reads "%s" as %s', (text, programMix) => {
    expect(readProgramList(n(text))).toEqual({ programMix });
  });

  it('reads nothing from a message without a list', () => {
    expect(readProgramList(n('I work in a community clinic'))).toEqual({});
  });
});

describe('three cycles told in one message', () => {
  it('leaves the cycles flow nothing to ask that the message said', () => {
    const facts = extractFacts(
      n('unmatched 3 times, 8 years out, 1 interview last cycle, 150 programs mostly community'),
      kb,
    );
    expect(facts).toMatchObject({
      cyclesApplied: 3,
      yearsSinceGraduation: 8,
      programMix: 'mostly_community',
    });
  });
});
