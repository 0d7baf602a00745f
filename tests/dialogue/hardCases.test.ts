import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Reply } from '../../src/dialogue/reply.ts';
import type { Advice } from '../../src/rules/advice.ts';
import { readProfile } from '../../src/rules/profileFile.ts';
import { Chat, kb } from './engineHarness.ts';

/** Every advice given in a conversation, in order. */
class RecordingChat extends Chat {
  readonly answers: Advice[] = [];
  readonly all: Reply[] = [];
  override say(...lines: string[]): Reply[] {
    for (const line of lines) {
      const replies = super.say(line);
      this.all.push(...replies);
      for (const r of replies) if (r.kind === 'advice') this.answers.push(r.advice);
    }
    return this.replies;
  }
  /** The shown lines of every answer: headline, reasons and actions. */
  shownLines(): string[] {
    return this.answers.flatMap((a) => [
      ...a.reasons.map((r) => r.text),
      ...a.actions.map((x) => x.text),
    ]);
  }
}

const say = (id: string) => kb.entries.get(id)?.text ?? `missing ${id}`;

describe('the hard cases, as conversations', () => {
  it('the attempt limit: six answers, one story, the routes that remain', () => {
    const chat = new RecordingChat();
    chat.say('/retake', '[failedExam:step1]', '[failedAttempts:4]');
    expect(chat.verdict).toBe('no_attempts_left');
    chat.say('/outlook');
    expect(chat.verdict).toBe('route_closed');
    chat.say('/statement');
    expect(chat.verdict).toBe('not_applicable');
    chat.say('/step3');
    expect(chat.verdict).toBe('not_applicable');
    chat.say('/cycles');
    expect(chat.verdict).toBe('not_applicable');
    chat.say('/plan');
    expect(chat.verdict).toBe('other_routes');
    expect(chat.answers.map((a) => a.topic)).toEqual([
      'retake',
      'outlook',
      'statement',
      'step3',
      'cycles',
      'plan',
    ]);
    const everything = chat.answers
      .flatMap((a) => [
        a.headline,
        ...a.reasons.map((r) => r.text),
        ...a.actions.map((x) => x.text),
      ])
      .join('\n');
    // What the answers said before the standing: none of it may come back.
    expect(everything).not.toMatch(
      /strong retake|passed retake|retake advice first|apply broadly/i,
    );
    expect(everything).toContain(say('options.act.look_at_routes'));
    expect(everything).toContain(say('options.act.ask_ecfmg'));
    // Every answer fits a screen and no line is shown twice in the conversation.
    for (const a of chat.answers) {
      expect(a.reasons.length).toBeLessThanOrEqual(4);
      expect(a.actions.length).toBeLessThanOrEqual(3);
    }
    const lines = chat.shownLines();
    expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([]);
  });

  it('three failures asking "is it over": a direct answer first, then the last attempt explained', () => {
    const chat = new RecordingChat();
    const first = chat.say('hi', 'I have failed step 1 three times. is it over for me?');
    const texts = first.filter((r) => r.kind === 'text').map((r) => (r as { text: string }).text);
    expect(
      texts.some((t) => t.startsWith('No, it isn’t over') || t.startsWith("No, it isn't over")),
    ).toBe(true);
    expect(texts.join('\n')).toContain('last one the USMLE allows');
    expect(chat.session?.profile).toMatchObject({ failedExam: 'step1', failedAttempts: 3 });
    // The outlook goes on with a few questions, not seven.
    expect(chat.asking).toBe('retakePassed');
    chat.say(
      '[retakePassed:no]',
      '[yearsSinceGraduation:4]',
      '[usce:none]',
      '[targetSpecialty:internal_medicine]',
    );
    const outlook = chat.answers.at(-1);
    expect(outlook?.topic).toBe('outlook');
    expect(outlook?.reasons.map((r) => r.knowledge)).toContain('retake.last_attempt_means');
    chat.say('/retake', '[practiceStanding:near]');
    const rest = ['[extraTimeUseful:yes]', '[fearOfFailing:yes]', '[failureCause:content_gaps]'];
    chat.say(...rest, '[weeksToExam:2]');
    const retake = chat.answers.at(-1)!;
    expect(retake.verdict).toBe('postpone_and_fix');
    const all = [...retake.reasons, ...retake.more.reasons].map((r) => r.knowledge);
    expect(all).not.toContain('retake.second_fail_costs_more');
    expect(all).toContain('retake.date_too_close');
    expect([...retake.actions, ...retake.more.actions].map((a) => a.id)).toContain(
      'retake.act.plan_b_alongside',
    );
  });

  it('the resident: role read from text, a resident’s answer, "will I get fired?" answered', () => {
    const chat = new RecordingChat();
    chat.say('hi', "I'm a PGY1 and I failed my in-training exam. will I get fired?");
    const said = chat.replies
      .filter((r) => r.kind === 'text')
      .map((r) => (r as { text: string }).text);
    expect(said.join('\n')).toContain(say('direct.fired'));
    expect(chat.verdict).toBe('minor');
    const outlook = chat.answers.at(-1)!;
    expect(outlook.reasons.map((r) => r.knowledge)).toEqual(
      expect.arrayContaining(['resident.ite_purpose', 'resident.position']),
    );
    expect(outlook.sources.map((s) => s.id)).toEqual(
      expect.arrayContaining(['acp_im_ite', 'acgme_institutional_requirements']),
    );
    chat.say('/plan');
    expect(chat.verdict).toBe('resident_remediation');
    chat.say('/cycles');
    expect(chat.verdict).toBe('not_applicable');
    chat.say('/statement');
    expect(chat.verdict).toBe('not_applicable');
    // Never asked an applicant's questions, never given an applicant's advice.
    const asked = chat.all
      .filter((r) => r.kind === 'question')
      .map((r) => (r as { id: string }).id);
    expect(asked).not.toContain('retakePassed');
    expect(asked).not.toContain('applyingThisCycle');
    const ids = chat.answers.flatMap((a) => [...a.actions, ...a.more.actions].map((x) => x.id));
    expect(ids.some((id) => /counterweight|program_list|aim\./.test(id))).toBe(false);
  });

  it('three unmatched cycles, eight years out: a frame, a plan B, nothing already done', () => {
    const chat = new RecordingChat();
    chat.say(
      '/cycles',
      '[failedExam:step1]',
      '[failedAttempts:1]',
      '[retakePassed:yes]',
      '[cyclesApplied:3]',
      '[strategyRealistic:yes]',
      '[programMix:mostly_community]',
      '[scoresImproved:yes]',
      '[usce:short_observership]',
      '[interviewsLastCycle:2]',
      '[yearsSinceGraduation:8]',
      '[strain:moderate]',
    );
    const cycles = chat.answers.at(-1)!;
    expect(cycles.topic).toBe('cycles');
    const reasons = [...cycles.reasons, ...cycles.more.reasons];
    expect(reasons.find((r) => r.knowledge === 'cycles.frame.past')?.text).toContain('3 cycles');
    const actions = [...cycles.actions, ...cycles.more.actions].map((a) => a.id);
    expect(actions).toContain('cycles.act.parallel_plan_b');
    expect(actions).not.toContain('cycles.act.strengthen_scores');
    expect(actions).not.toContain('cycles.act.rebalance_list');
  });

  it('three cycles told in free text: none of it asked again', () => {
    const chat = new RecordingChat();
    chat.say(
      'hi',
      'I failed step 1 once and passed it since. unmatched 3 times, 8 years out, applied to 150 programs mostly community',
      '/cycles',
    );
    const asked = () =>
      chat.all.filter((r) => r.kind === 'question').map((r) => (r as { id: string }).id);
    for (const fact of ['cyclesApplied', 'programMix', 'yearsSinceGraduation', 'retakePassed'])
      expect(asked()).not.toContain(fact);
    expect(chat.asking).toBe('scoresImproved');
  });

  it('the example profile: no "again" for someone who never applied, no weight that presumes a pass', () => {
    const chat = new RecordingChat();
    const reading = readProfile(parse(readFileSync('examples/profile.yaml', 'utf8')));
    if (!reading.ok) throw new Error(reading.problems.join('; '));
    const profile = reading.profile;
    expect(profile).toMatchObject({ cyclesApplied: 0, retakePassed: false });
    chat.say('hi');
    chat.session = { ...chat.session!, profile: { ...profile } };
    chat.say('/cycles');
    expect(chat.verdict).toBe('pass_first');
    expect(chat.answers.at(-1)?.headline).not.toMatch(/again/);
    chat.say('/outlook');
    const outlook = chat.answers.at(-1)!;
    expect([...outlook.reasons, ...outlook.more.reasons].map((r) => r.text).join(' ')).not.toMatch(
      /followed by a pass/,
    );
  });
});
