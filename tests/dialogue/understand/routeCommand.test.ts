import { describe, expect, it } from 'vitest';
import { type RouteOutput, routeCommand } from '../../../src/cli/routeCommand.ts';
import { UsageError } from '../../../src/cli/usageError.ts';

describe('trajectory route', () => {
  it('prints the intent, its score, the runner-up, the facts and the safety level', () => {
    const out = routeCommand(['failed step 2 ck twice, should I push my exam back?']);
    expect(out).toMatch(/^intent: {4}retake \(0\.\d{3}\)$/m);
    expect(out).toMatch(/^runner-up: \S+ \(0\.\d{3}\)$/m);
    expect(out).toMatch(/^facts: {5}Exam failed: USMLE Step 2 CK; Failed attempts at it: Two$/m);
    expect(out).toMatch(/^safety: {4}none$/m);
  });

  it('prints JSON with exactly the documented keys', () => {
    const out = JSON.parse(
      routeCommand(["I'm 8 years out, failed step 1 twice, is it over?", '--json']),
    ) as RouteOutput;
    expect(Object.keys(out)).toEqual([
      'intent',
      'topic',
      'also',
      'score',
      'runnerUp',
      'facts',
      'safety',
    ]);
    expect(out.intent).toBe('outlook');
    expect(out.facts).toEqual({ failedExam: 'step1', failedAttempts: 2, yearsSinceGraduation: 8 });
    expect(out.safety).toBe('none');
    expect(out.runnerUp?.score).toBeLessThanOrEqual(out.score);
  });

  it('names FAQs by id, commands by name, and unclear text as unclear', () => {
    const intent = (text: string) =>
      (JSON.parse(routeCommand(['--json', text])) as RouteOutput).intent;
    expect(intent('will this follow me forever')).toBe('faq.follow_forever');
    expect(intent('/why')).toBe('why');
    expect(intent('banana bread recipe')).toBe('unclear');
  });

  it('reports the safety level', () => {
    const safety = (text: string) =>
      (JSON.parse(routeCommand(['--json', text])) as RouteOutput).safety;
    expect(safety('I want to kill myself')).toBe('crisis');
    expect(safety('I feel like a failure')).toBe('distress');
    expect(safety('this exam is killing me')).toBe('none');
  });

  it('reads several unquoted words as one message and refuses no text at all', () => {
    expect(routeCommand(['fellowship', 'chances'])).toMatch(/faq\.fellowship/);
    expect(() => routeCommand([])).toThrow(UsageError);
    expect(() => routeCommand(['  ', '--json'])).toThrow(/missing the text/);
  });
});
