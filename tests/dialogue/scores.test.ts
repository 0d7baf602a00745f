import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialogue/engine.ts';
import type { Input } from '../../src/dialogue/input.ts';
import type { Reply } from '../../src/dialogue/reply.ts';
import { readScoreEntries, readScoreValue } from '../../src/dialogue/scoreReading.ts';
import { freshSession, Session } from '../../src/dialogue/session.ts';
import { decodeSession, encodeSession } from '../../src/dialogue/sessionCodec.ts';
import { fullScoreLog, largestSessionWithScores } from '../support/fullScoreLog.ts';
import { kb, toInput } from './engineHarness.ts';

/** A conversation on a fixed calendar day, so "today" is known. */
class DatedChat {
  session: Session | null = freshSession();
  replies: Reply[] = [];
  constructor(public today: string) {}
  say(...lines: (string | Input)[]): Reply[] {
    for (const line of lines) {
      const input = typeof line === 'string' ? toInput(line) : line;
      const result = step(this.session ?? freshSession(), input, kb, { today: this.today });
      this.session = result.session;
      this.replies = result.replies;
    }
    return this.replies;
  }
  get text(): string {
    return this.replies.map((r) => (r.kind === 'advice' ? r.advice.headline : r.text)).join('\n');
  }
  get scores() {
    return this.session?.scores ?? [];
  }
  get verdict(): string | undefined {
    const advice = this.replies.find((r) => r.kind === 'advice');
    return advice?.kind === 'advice' ? advice.advice.verdict : undefined;
  }
}

describe('reading practice scores from text', () => {
  const ck = kb.practiceForms.find((f) => f.id === 'ck_nbme')!;
  it.each([
    ['nbme 31 today 221', [{ form: 'ck_nbme', number: 31, score: 221, day: '2026-12-02' }]],
    [
      'Step 2 CK: NBME 9 205, UWSA2 218 on 28 Nov',
      [
        { form: 'ck_nbme', number: 9, score: 205, day: '2026-11-28' },
        { form: 'ck_uwsa2', score: 218, day: '2026-11-28' },
      ],
    ],
    ['got 65% on the free 120 yesterday', [{ form: 'ck_free120', score: 65, day: '2026-12-01' }]],
    ['uwsa 2 - 230 (2026-11-20)', [{ form: 'ck_uwsa2', score: 230, day: '2026-11-20' }]],
    ['my nbmes were terrible', []],
    // A day and month without a year is the latest such day not after today.
    ['nbme 31 221 on 5 dec', [{ form: 'ck_nbme', number: 31, score: 221, day: '2025-12-05' }]],
    ['nbme 31 221 tomorrow', []],
  ])('%s', (said, expected) => {
    expect(readScoreEntries(said, 'step2ck', '2026-12-02', kb)).toEqual(expected);
  });

  it('takes the exam from the words the understanding reads exams with', () => {
    // "s2", "ck" and "step 2" are all Step 2 CK to the normalizer, so the log agrees.
    for (const said of ['s2 nbme 10 220', 'ck nbme 10 220', 'step 2: nbme 10 220'])
      expect(readScoreEntries(said, undefined, '2026-12-02', kb)).toEqual([
        { form: 'ck_nbme', number: 10, score: 220, day: '2026-12-02' },
      ]);
    // Two Steps named: neither is guessed, and the exam known from before is used.
    expect(readScoreEntries('step 1 and ck nbme 10 220', undefined, '2026-12-02', kb)).toEqual([]);
  });

  it('reads a typed reply to "what did you score?"', () => {
    expect(readScoreValue('31 221', ck, '2026-12-02')).toEqual({
      kind: 'value',
      score: 221,
      number: 31,
      day: '2026-12-02',
    });
    expect(readScoreValue('yesterday, 215', ck, '2026-12-02')).toMatchObject({
      score: 215,
      day: '2026-12-01',
    });
    expect(readScoreValue('great', ck, '2026-12-02')).toEqual({ kind: 'unparsed' });
    expect(readScoreValue('230 tomorrow', ck, '2026-12-02').kind).not.toBe('value');
  });
});

describe('the score log in a conversation', () => {
  it('logs a score from free text, lists it, undoes and deletes', () => {
    const chat = new DatedChat('2026-12-02');
    chat.say('hi', 'I failed step 2 ck once');
    chat.say('nbme 31 today 221');
    expect(chat.scores).toEqual([{ form: 'ck_nbme', number: 31, score: 221, day: '2026-12-02' }]);
    expect(chat.text).toMatch(/Logged NBME \(CCSSA\) #31: 221 on 2 December 2026/);
    chat.say('uwsa 2 225 on 28 nov', 'scores');
    expect(chat.text).toMatch(/1\. 28 November 2026 — UWSA 2: 225\n2\. 2 December 2026/);
    expect(chat.replies.at(-1)).toMatchObject({ kind: 'question', id: 'scores' });
    chat.say('scores undo');
    expect(chat.scores.map((s) => s.form)).toEqual(['ck_nbme']);
    chat.say('[scores:delete]');
    expect(chat.replies.at(-1)).toMatchObject({ kind: 'question', id: 'scoreDelete' });
    chat.say('[scoreDelete:n1]');
    expect(chat.scores).toEqual([]);
    expect(chat.session?.scores).toBeUndefined();
  });

  it('adds a score through buttons: the form from the exam’s list, then the score', () => {
    const chat = new DatedChat('2026-12-02');
    chat.say('hi', 'I failed step 2 ck', '/scores', '[scores:add]');
    const forms = chat.replies.at(-1);
    expect(forms).toMatchObject({ kind: 'question', id: 'scoreForm' });
    expect(forms?.kind === 'question' && forms.options.map((o) => o.id)).toEqual(
      kb.practiceForms.filter((f) => f.exam === 'step2ck').map((f) => f.id),
    );
    chat.say('[scoreForm:ck_uwsa1]');
    expect(chat.session?.state.kind).toBe('score_value');
    chat.say('no idea');
    expect(chat.text).toMatch(/couldn't read a score/);
    chat.say('228 yesterday');
    expect(chat.scores).toEqual([{ form: 'ck_uwsa1', score: 228, day: '2026-12-01' }]);
    expect(chat.session?.state.kind).not.toBe('score_value');
  });

  it('reads "scores are below passing" as a sentence, not as the scores command', () => {
    const chat = new DatedChat('2026-12-02');
    chat.say('hi', 'I failed step 2 ck', 'scores are below passing on my nbmes');
    expect(chat.replies.some((r) => r.kind === 'question' && r.id === 'scores')).toBe(false);
    expect(chat.session?.profile.practiceStanding).toBe('below');
    chat.say('scores delete 1');
    expect(chat.replies.at(-1)).toMatchObject({ kind: 'question', id: 'scores' });
  });

  it('asks for the exam before offering forms when it is not known', () => {
    const chat = new DatedChat('2026-12-02');
    chat.say('hi', { kind: 'command', name: 'scores', args: 'add' });
    expect(chat.text).toMatch(/Which exam are these practice tests for/);
  });

  it('takes "/scores nbme 12 230" as a score to log', () => {
    const chat = new DatedChat('2026-12-02');
    chat.say('hi', 'failed step 2 ck');
    chat.say({ kind: 'command', name: 'scores', args: 'nbme 12 230' });
    expect(chat.scores).toEqual([{ form: 'ck_nbme', number: 12, score: 230, day: '2026-12-02' }]);
  });

  it('feeds the retake decision instead of asking, and `why` shows the scores used', () => {
    const chat = new DatedChat('2026-12-02');
    chat.say('hi', 'I failed step 2 ck once');
    chat.say('nbme 9 205 on 1 oct', 'nbme 10 212 on 20 oct', 'nbme 11 219 on 10 nov');
    chat.say('/retake');
    // The practice standing comes from the log: the question about it is never asked.
    const asked: string[] = [];
    for (let i = 0; i < 12 && !chat.verdict; i++) {
      const last = chat.replies.at(-1);
      if (last?.kind !== 'question') break;
      asked.push(last.id);
      chat.say(`[${last.id}:unsure]`);
    }
    expect(asked).not.toContain('practiceStanding');
    expect(chat.verdict).toBe('postpone_and_fix');
    expect(chat.text).toMatch(/From your score log: \*\*Not ready yet/);
    chat.say('why');
    expect(chat.text).toMatch(/The scores this answer used/);
    expect(chat.text).toMatch(/NBME \(CCSSA\) #11: 219 ✗/);
    expect(chat.text).toMatch(/If that pace holds, the trend reaches 228/);
  });

  it('says ready after three tests above the bar plus the margin', () => {
    const chat = new DatedChat('2026-12-02');
    chat.say('hi', 'I failed step 2 ck once');
    chat.say('nbme 9 231 on 1 oct', 'uwsa 1 235 on 20 oct', 'nbme 11 240 on 10 nov', 'scores');
    expect(chat.text).toMatch(/\*\*Ready, by your log\.\*\*/);
  });

  it('draws the chart on request, and says when there is nothing to draw', () => {
    const chat = new DatedChat('2026-12-02');
    chat.say('hi', 'failed step 2 ck', '/scores', '[scores:chart]');
    expect(chat.replies.some((r) => r.kind === 'chart')).toBe(false);
    expect(chat.text).toMatch(/nothing to chart yet/);
    chat.say('nbme 9 205 on 1 oct', 'nbme 10 212 on 20 oct', 'nbme 11 219 on 10 nov');
    chat.say({ kind: 'command', name: 'scores', args: 'chart' });
    const chart = chat.replies[0];
    expect(chart?.kind).toBe('chart');
    if (chart?.kind !== 'chart') return;
    expect(chart.chart.points.map((p) => p.score)).toEqual([205, 212, 219]);
    expect(chart.text).toMatch(/205 .{3} 219/u);
    expect(chat.replies.at(-1)).toMatchObject({ kind: 'question', id: 'scores' });
  });

  it('is deleted by forget, with everything else', () => {
    const chat = new DatedChat('2026-12-02');
    chat.say('hi', 'failed step 2 ck', 'nbme 9 231', 'forget', 'yes');
    expect(chat.session).toBeNull();
  });
});

describe('the stored score log', () => {
  it('round-trips through the compact codec', () => {
    const session: Session = { ...freshSession(), scores: fullScoreLog(kb) };
    expect(decodeSession(encodeSession(session))).toEqual(session);
  });

  it('keeps only the last 30 scores', () => {
    const chat = new DatedChat('2026-12-02');
    chat.say('hi', 'failed step 2 ck');
    for (let i = 0; i < 32; i++) chat.say(`nbme 9 ${200 + i} on ${(i % 28) + 1} nov`);
    expect(chat.scores).toHaveLength(30);
    expect(chat.text).toMatch(/oldest one was dropped/);
    expect(Session.safeParse(chat.session).success).toBe(true);
  });

  it('stays under 2 KiB at its very largest, with a full score log', () => {
    const worst = largestSessionWithScores(kb);
    const stored = encodeSession(worst);
    expect(Buffer.byteLength(stored)).toBeLessThan(2048);
    expect(decodeSession(stored)).toEqual(worst);
  });
});
