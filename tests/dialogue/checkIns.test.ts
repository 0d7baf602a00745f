/**
 * Check-ins from the plan, in the pure engine: the offer after the plan, a pick, the one-time
 * time-zone question (IANA names, cities, countries, offsets; a clear message for anything
 * else), and the request the engine hands its caller to schedule.
 */
import { describe, expect, it } from 'vitest';
import { checkInRequest } from '../../src/dialogue/checkIns.ts';
import { type StepResult, step } from '../../src/dialogue/engine.ts';
import { freshSession, Session } from '../../src/dialogue/session.ts';
import { decodeSession, encodeSession } from '../../src/dialogue/sessionCodec.ts';
import { dayIn, momentIn, readTimeZone } from '../../src/dialogue/timeZone.ts';
import { kb, toInput } from './engineHarness.ts';

const today = '2026-12-02';

/** A conversation through the engine with check-ins available (a platform that can write later). */
class CheckInChat {
  session: Session = freshSession();
  last!: StepResult;
  constructor(private readonly checkIns = true) {}
  say(...lines: string[]): StepResult {
    for (const line of lines) {
      this.last = step(this.session, toInput(line), kb, { today, checkIns: this.checkIns });
      if (this.last.session === null) throw new Error('forgotten');
      this.session = this.last.session;
    }
    return this.last;
  }
  get question() {
    const q = this.last.replies.findLast((r) => r.kind === 'question');
    return q?.kind === 'question' ? q : undefined;
  }
  get text(): string {
    return this.last.replies
      .map((r) => (r.kind === 'advice' ? r.advice.headline : r.text))
      .join('\n');
  }
}

/** A person whose plan knows the exam date (6 weeks) and the season (4 months). */
function planned(chat: CheckInChat): CheckInChat {
  chat.say(
    'hi',
    'I failed step 2 ck once, my retake is in 6 weeks and applications open in 4 months',
    '/plan',
  );
  return chat;
}

describe('the check-in offer after the plan', () => {
  it('is offered with the plan, lists what applies, and schedules after asking the zone once', () => {
    const chat = planned(new CheckInChat());
    expect(chat.question?.id).toBe('next');
    expect(chat.question?.options.map((o) => o.id)).toContain('checkins');

    chat.say('[next:checkins]');
    expect(chat.session.state.kind).toBe('checkin_offer');
    expect(chat.question?.options.map((o) => o.id)).toEqual([
      'practice_3',
      'practice_7',
      'before_exam',
      'after_result',
      'application_season',
      'none',
    ]);

    chat.say('[checkin:before_exam]');
    expect(chat.question?.id).toBe('time_zone');
    expect(chat.last.checkIn).toBeUndefined();

    // A bad zone: a clear message, the question again, nothing lost.
    chat.say('Narnia');
    expect(chat.text).toMatch(/couldn't match ⟦Narnia⟧ to a time zone/);
    expect(chat.session.state.kind).toBe('ask_time_zone');
    expect(chat.last.checkIn).toBeUndefined();

    chat.say('Lagos');
    expect(chat.last.checkIn).toEqual({
      kind: 'before_exam',
      inDays: 6 * 7 - 3,
      timeZone: 'Africa/Lagos',
    });
    expect(chat.session.timeZone).toBe('Africa/Lagos');
    expect(chat.text).toContain('Africa/Lagos');
    expect(chat.session.state.kind).toBe('answered');

    // The zone is asked once: the next pick is scheduled at once.
    chat.say('[next:checkins]', 'every 5 days');
    expect(chat.last.checkIn).toEqual({
      kind: 'practice',
      everyDays: 5,
      inDays: 5,
      timeZone: 'Africa/Lagos',
    });
    chat.say('[next:checkins]', '[checkin:after_result]');
    expect(chat.last.checkIn).toMatchObject({ kind: 'after_result', inDays: 6 * 7 + 28 });
    chat.say('[next:checkins]', '[checkin:application_season]');
    // 2 Dec 2026 + 4 months = 2 Apr 2027: 121 days.
    expect(chat.last.checkIn).toMatchObject({ kind: 'application_season', inDays: 121 });
  });

  it('takes the UTC button, a typed option number, and "no thanks"', () => {
    const chat = planned(new CheckInChat());
    chat.say('[next:checkins]', '2');
    expect(chat.question?.id).toBe('time_zone');
    chat.say('[time_zone:utc]');
    expect(chat.last.checkIn).toEqual({
      kind: 'practice',
      everyDays: 7,
      inDays: 7,
      timeZone: 'UTC',
    });
    chat.say('[next:checkins]', '[checkin:none]');
    expect(chat.last.checkIn).toBeUndefined();
    expect(chat.text).toMatch(/no check-ins/);
    expect(chat.session.state.kind).toBe('answered');
  });

  it('answers help, why and profile during the zone question, then asks it again', () => {
    const chat = planned(new CheckInChat());
    chat.say('[next:checkins]', '[checkin:before_exam]', 'help');
    expect(chat.text).toMatch(/reminders/);
    expect(chat.question?.id).toBe('time_zone');
    chat.say('/profile');
    expect(chat.question?.id).toBe('time_zone');
    chat.say('Cairo');
    expect(chat.last.checkIn).toMatchObject({ kind: 'before_exam', timeZone: 'Africa/Cairo' });
  });

  it('re-asks a short unclear pick, and lets a command or a new topic through', () => {
    const chat = planned(new CheckInChat());
    chat.say('[next:checkins]', 'hmm');
    expect(chat.text).toMatch(/didn't catch which check-in/);
    expect(chat.session.state.kind).toBe('checkin_offer');
    chat.say('/profile');
    expect(chat.session.state.kind).toBe('checkin_offer');
    chat.say('/retake');
    expect(chat.session.state.kind).not.toBe('checkin_offer');
    chat.say('/plan', '[next:checkins]', '[checkin:practice_3]', 'menu');
    expect(chat.session.state.kind).toBe('menu');
    expect(chat.last.checkIn).toBeUndefined();
  });

  it('offers only what the plan knows: practice tests alone without dates', () => {
    const chat = new CheckInChat();
    chat.say('hi', 'I failed step 1', '/plan', '[next:checkins]');
    expect(chat.question?.options.map((o) => o.id)).toEqual(['practice_3', 'practice_7', 'none']);
    // A stale pick of something that no longer applies changes nothing.
    chat.say('[checkin:before_exam]');
    expect(chat.last.checkIn).toBeUndefined();
    expect(chat.session.state.kind).toBe('checkin_offer');
  });

  it('says plainly where check-ins work when they cannot be sent from here (the terminal)', () => {
    const chat = planned(new CheckInChat(false));
    chat.say('[next:checkins]');
    expect(chat.text).toMatch(/need the bot on Telegram .* or Discord/);
    expect(chat.session.state.kind).toBe('answered');
    chat.say('/reminders');
    expect(chat.text).toMatch(/Check-ins are sent on Telegram or Discord/);
  });

  it('keeps the zone compactly in the session, and a full session stays schema-valid', () => {
    const chat = planned(new CheckInChat());
    chat.say('[next:checkins]', '[checkin:practice_7]', 'utc+5:30');
    expect(chat.session.timeZone).toBe('Asia/Kolkata');
    const raw = encodeSession(chat.session);
    expect(raw).toContain('"z":"Asia/Kolkata"');
    expect(decodeSession(raw)).toEqual(chat.session);
    expect(Session.safeParse(chat.session).success).toBe(true);
  });
});

describe('reading a time zone', () => {
  it.each([
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['America/New_York', 'America/New_York'],
    ['new york', 'America/New_York'],
    ["I'm in Karachi", 'Asia/Karachi'],
    ['india', 'Asia/Kolkata'],
    ['Nigeria', 'Africa/Lagos'],
    ['EST', 'America/New_York'],
    ['UTC', 'UTC'],
    ['gmt', 'UTC'],
    ['UTC+5', 'Etc/GMT-5'],
    ['GMT -3', 'Etc/GMT+3'],
    ['+05:30', 'Asia/Kolkata'],
    ['utc+5:45', 'Asia/Kathmandu'],
    ['utc+0', 'UTC'],
  ])('reads %s as %s', (typed, zone) => {
    expect(readTimeZone(typed, kb)).toBe(zone);
  });

  it.each(['Narnia', '', 'utc+15', 'utc+5:20', 'Mars/Olympus', 'x'.repeat(80)])(
    'does not guess from %j',
    (typed) => {
      expect(readTimeZone(typed, kb)).toBeUndefined();
    },
  );

  it('gives the day and the time as the person reads them', () => {
    const at = new Date('2026-12-02T20:30:00Z');
    expect(dayIn('Asia/Kolkata', at)).toBe('2026-12-03');
    expect(dayIn('America/Chicago', at)).toBe('2026-12-02');
    expect(momentIn('Asia/Kolkata', at)).toBe('Thu 3 Dec 2026, 02:00');
  });
});

describe('when a check-in falls', () => {
  it('counts calendar months for the season, clamped to the month end', () => {
    const choice = { kind: 'application_season' as const };
    expect(checkInRequest(choice, { monthsToApplication: 1 }, '2027-01-31', 'UTC', kb).inDays).toBe(
      28,
    );
    expect(
      checkInRequest(choice, { monthsToApplication: 12 }, '2026-12-02', 'UTC', kb).inDays,
    ).toBe(365);
  });
});
