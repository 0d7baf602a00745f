import { type Knowledge, otherChoiceId, type Question } from '../knowledge/schema.ts';
import { Topic } from '../rules/advice.ts';
import { advise } from '../rules/advise.ts';
import type { FactName, Profile } from '../rules/profile.ts';
import { type ParsedAnswer, parseAnswer } from './answerParsing.ts';
import {
  applicableCheckIns,
  type CheckInChoice,
  type CheckInRequest,
  checkInOffer,
  checkInOfOption,
  checkInQuestionId,
  checkInRequest,
  declineOption,
  timeZoneQuestion,
  timeZoneQuestionId,
  typedPracticeEvery,
  useUtcOption,
} from './checkIns.ts';
import { type DirectQuestion, directAnswer } from './directAnswer.ts';
import { explainLastAnswer } from './explanation.ts';
import { describeFacts, describeProfile, factLabel } from './factDisplay.ts';
import { nextFact } from './flow.ts';
import { CommandName, type Input, maxTextLength } from './input.ts';
import { quoteUserText } from './markup.ts';
import {
  currentPrompt,
  factQuestion,
  forgetPrompt,
  forgetQuestion,
  menuAsQuestion,
  menuQuestion,
  nextQuestion,
  optionsAsQuestion,
  text,
  unsureOption,
} from './prompts.ts';
import { withoutRepeats } from './repeatedLines.ts';
import type { Reply } from './reply.ts';
import { say } from './say.ts';
import { scoreChart } from './scoreChart.ts';
import {
  examLabel,
  judgedLog,
  logEntries,
  profileWithLog,
  readinessSummary,
  type ScoreTurn,
  scoreChoice,
  scoresCommand,
  scoresInText,
  scoresView,
  scoreValueTyped,
} from './scoreDialogue.ts';
import {
  type BaseState,
  type FactsUndo,
  freshSession,
  type Session,
  undoDepth,
} from './session.ts';
import { intentOf, isTopic, readText, type TextIntent, type TextReading } from './textReading.ts';
import { defaultTimeZone, readTimeZone } from './timeZone.ts';
import {
  clarifyQuestion,
  clarifyQuestionId,
  intentOfChoice,
  readClarifyReply,
} from './understand/clarifying.ts';
import { readCountry } from './understand/country.ts';
import {
  countryOfOption,
  countryQuestion,
  countryQuestionId,
  crisisText,
  linesText,
  readSafetyAnswer,
  safetyCheckQuestion,
  safetyCheckQuestionId,
  supportOffer,
} from './understand/crisisSupport.ts';
import { mergeFacts, unmergeFacts } from './understand/factMerge.ts';
import { normalizeText } from './understand/normalize.ts';
import type { SafetyLevel } from './understand/safety.ts';

/** The outcome of one turn. A `null` session means: delete everything stored about the person. */
export interface StepResult {
  session: Session | null;
  replies: Reply[];
  /** The safety tier the person's text was read at, when not `none` (counted, never stored). */
  safety?: Exclude<SafetyLevel, 'none'>;
  /** How many practice scores the turn logged (a count for metrics, never the scores). */
  scoresLogged?: number;
  /**
   * A check-in the person chose, for the caller to schedule (the engine does no I/O). Its
   * outcome — when it falls, or that it could not be set — is the caller's to say.
   */
  checkIn?: CheckInRequest;
}

/** What a turn knows about the world outside the conversation. */
export interface TurnContext {
  /** The person's calendar day (YYYY-MM-DD): a score logged without a date is from this day. */
  today?: string;
  /**
   * Whether check-ins can be scheduled for this person (a platform that can write to them later,
   * with the reminder queue running). Without it, choosing one says where they work instead.
   */
  checkIns?: boolean;
}

/**
 * The day used when a caller gives none (tests and tools without a clock): the newest logged
 * score's day, so "today" never lands before what is already logged. Adapters always pass it.
 */
function fallbackToday(session: Session): string {
  const days = (session.scores ?? []).map((e) => e.day).sort();
  return days.at(-1) ?? '2026-01-01';
}

/**
 * One turn of the conversation: pure and deterministic, so a store may re-run it
 * on a version conflict. Never throws for a schema-valid input; anything it can't
 * use gets a reply saying what it expected and leaves the session as it was.
 */
export function step(
  session: Session,
  input: Input,
  kb: Knowledge,
  context: TurnContext = {},
): StepResult {
  const reading =
    input.kind === 'text'
      ? readText(input.text.slice(0, maxTextLength), kb, session.profile)
      : undefined;
  const result = stepRead(session, input, kb, reading, context);
  return reading && reading.safety !== 'none' ? { ...result, safety: reading.safety } : result;
}

function stepRead(
  session: Session,
  input: Input,
  kb: Knowledge,
  reading: TextReading | undefined,
  context: TurnContext,
): StepResult {
  const replies: Reply[] = [];
  let current = session;
  if (current.notice === 'reset') {
    replies.push(text(say(kb, 'dialogue.session_reset')));
    const { notice: _notice, ...rest } = current;
    current = rest;
  }
  // Safety first, in any state: someone in crisis gets support before any greeting,
  // question or advice.
  if (reading?.safety === 'crisis') {
    if (current.state.kind === 'welcome') current = { ...current, state: { kind: 'menu' } };
    return merge(replies, crisis(current, kb));
  }
  // Possible risk: ask directly, with the lines in the same message — unless this
  // message is itself the answer to that question.
  if (reading?.safety === 'check' && current.state.kind !== 'safety_check') {
    if (current.state.kind === 'welcome') current = { ...current, state: { kind: 'menu' } };
    return merge(replies, askSafety(current, kb));
  }
  if (current.state.kind === 'welcome') {
    replies.push(text(`${say(kb, 'dialogue.welcome')}\n\n_${say(kb, 'dialogue.disclaimer')}_`));
    current = { ...current, state: { kind: 'menu' } };
    const command = asCommand(input, reading);
    // People rarely open with a menu pick: a first message that says something is
    // read, not answered with the menu alone.
    const saysSomething =
      command === undefined && reading !== undefined && worthReading(reading, true);
    if (
      (command === undefined && input.kind !== 'facts' && !saysSomething) ||
      command === 'start' ||
      command === 'menu'
    ) {
      if (input.kind === 'choice' && input.question === 'menu')
        return merge(replies, turn(current, input, reading, kb));
      return { session: current, replies: [...replies, menuQuestion(kb)] };
    }
  }
  const today = context.today ?? fallbackToday(current);
  const checkIn = checkInTurn(current, input, reading, today, kb, context.checkIns === true);
  if (checkIn) return merge(replies, checkIn);
  // Anything else typed while a check-in question is open moves on from it (a stale button
  // leaves it open).
  const open = current.state;
  if (input.kind === 'text' && (open.kind === 'checkin_offer' || open.kind === 'ask_time_zone'))
    current = { ...current, state: open.resume };
  const scored = scoreTurn(current, input, reading, today, kb);
  if (scored) return merge(replies, scored);
  return merge(replies, turn(current, input, reading, kb));
}

/**
 * The practice-score log's part of a turn: `scores` typed or sent as a command, its buttons,
 * the reply to "what did you score?", and scores stated in free text ("nbme 31 today 221"),
 * which are logged and the conversation carried on. Undefined when the turn is not about it.
 */
function scoreTurn(
  session: Session,
  input: Input,
  reading: TextReading | undefined,
  today: string,
  kb: Knowledge,
): StepResult | undefined {
  const state = session.state;
  if (state.kind === 'confirm_forget' || state.kind === 'safety_check') return undefined;
  const base = { ...session, state: baseOf(state) };
  if (input.kind === 'command' && input.name.toLowerCase() === 'scores')
    return scoreOutcome(base, scoresCommand(base, input.args, today, kb), today, kb);
  if (input.kind === 'choice') {
    const picked = scoreChoice(base, input.question, input.option, baseOf(state), kb);
    if (picked === undefined) return undefined;
    if (picked === 'retake') return enter(base, 'retake', kb);
    if (picked === 'menu') return showMenu(base, kb);
    return scoreOutcome(base, picked, today, kb);
  }
  if (input.kind !== 'text' || !reading) return undefined;
  const said = input.text.slice(0, maxTextLength);
  // "scores undo", "score delete 3", "scores nbme 12 230" — but not "scores are below passing",
  // which is a sentence about scores for the ordinary reading.
  const typedCommand = /^\s*\/?scores?\b(.*)$/is.exec(said);
  const args = typedCommand?.[1]?.trim() ?? '';
  if (
    typedCommand &&
    !reading.word &&
    (/^(?:list|add|undo|delete|remove|chart)\b/i.test(args) ||
      scoresInText(args, session, today, kb).length > 0)
  )
    return scoreOutcome(base, scoresCommand(base, args, today, kb), today, kb);
  if (reading.word === 'scores')
    return scoreOutcome(base, scoresCommand(base, '', today, kb), today, kb);
  if (state.kind === 'score_value') {
    if (reading.word) return undefined;
    return scoreOutcome(base, scoreValueTyped(session, state, said, today, kb), today, kb);
  }
  if (reading.word) return undefined;
  const entries = scoresInText(said, session, today, kb);
  if (entries.length === 0) return undefined;
  // The scores replace what the message says about practice standing; its other facts
  // ("failed ck twice") still count.
  const { practiceStanding: _standing, ...facts } = reading.facts;
  const logged = logEntries(session, entries, kb);
  const merged = mergeFacts(logged.session, facts);
  const before = [...acknowledge(reading, kb, session.country), ...logged.replies];
  if (merged.changed.length > 0) before.push(understoodText(merged.session, merged.changed, kb));
  const next = merged.session;
  const asking = next.state.kind === 'asking' || next.state.kind === 'answered';
  const carried = asking
    ? carryOn(next, true, kb)
    : { session: next, replies: currentPrompt(next, kb) };
  return { ...merge(before, carried), scoresLogged: entries.length };
}

/**
 * The check-ins' part of a turn: the offer after the plan, a pick from it, the one-time
 * time-zone question and the typed answers to both. A pick with the zone known ends in a
 * {@link CheckInRequest} for the caller to schedule. Undefined when the turn is not about it.
 */
function checkInTurn(
  session: Session,
  input: Input,
  reading: TextReading | undefined,
  today: string,
  kb: Knowledge,
  available: boolean,
): StepResult | undefined {
  const state = session.state;
  // `help`, `why` and `profile` while a check-in question is open answer, then ask it again,
  // as they do mid-question elsewhere: the pick waiting for a zone is not lost.
  const side =
    input.kind === 'command' ? CommandName.safeParse(input.name.toLowerCase()).data : reading?.word;
  if (
    (state.kind === 'checkin_offer' || state.kind === 'ask_time_zone') &&
    (side === 'help' || side === 'why' || side === 'profile')
  ) {
    const shown = command({ ...session, state: state.resume }, side, kb);
    const answered = shown.replies.filter((r) => r.kind !== 'question');
    return { session, replies: [...answered, ...currentPrompt(session, kb)] };
  }
  if (input.kind === 'choice') {
    if (input.question === 'next' && input.option === 'checkins')
      return offerCheckIns(session, kb, available);
    if (input.question === checkInQuestionId) {
      if (input.option === declineOption) return declineCheckIns(session, kb);
      const choice = checkInOfOption(input.option, session.profile);
      return choice ? checkInChosen(session, choice, today, kb, available) : undefined;
    }
    if (input.question === timeZoneQuestionId && state.kind === 'ask_time_zone') {
      if (input.option !== useUtcOption) return undefined;
      return scheduleCheckIn(session, state.checkIn, defaultTimeZone, today, kb, available);
    }
    return undefined;
  }
  if (input.kind !== 'text' || !reading || reading.word || reading.safety !== 'none')
    return undefined;
  const said = input.text.slice(0, maxTextLength);
  const short = wordCount(said) <= 4;
  if (state.kind === 'checkin_offer') {
    const offer = checkInOffer(session.profile, kb);
    const every = typedPracticeEvery(said, session.profile);
    if (every) return checkInChosen(session, every, today, kb, available);
    const picked = short ? parseAnswer(optionsAsQuestion(offer), said) : undefined;
    if (picked?.kind === 'value') {
      const option = String(picked.value);
      if (option === declineOption) return declineCheckIns(session, kb);
      const choice = checkInOfOption(option, session.profile);
      if (choice) return checkInChosen(session, choice, today, kb, available);
    }
    if (short && Object.keys(reading.facts).length === 0)
      return {
        session,
        replies: [text(say(kb, 'checkins.reprompt', { said: quoteUserText(said) })), offer],
      };
    return undefined;
  }
  if (state.kind === 'ask_time_zone') {
    const zone = readTimeZone(said, kb);
    if (zone) return scheduleCheckIn(session, state.checkIn, zone, today, kb, available);
    if (!short && worthReading(reading, true)) return undefined;
    return { session, replies: [timeZoneQuestion(kb, quoteUserText(said))] };
  }
  // "Check in with me" typed (or its number) where the plan's next steps are offered.
  if (state.kind === 'answered' && short) {
    const next = parseAnswer(optionsAsQuestion(nextQuestion(session, kb)), said);
    if (next.kind === 'value' && next.value === 'checkins')
      return offerCheckIns(session, kb, available);
  }
  return undefined;
}

/** The offer of check-ins that fit the plan; where none can be sent, says where they work. */
function offerCheckIns(session: Session, kb: Knowledge, available: boolean): StepResult {
  const base = { ...session, state: baseOf(session.state) };
  if (!available) return unchanged(base, kb, say(kb, 'checkins.unavailable_here'));
  if (applicableCheckIns(base.profile).length === 0)
    return unchanged(base, kb, say(kb, 'checkins.none_apply'));
  return {
    session: { ...base, state: { kind: 'checkin_offer', resume: base.state } },
    replies: [checkInOffer(base.profile, kb)],
  };
}

function declineCheckIns(session: Session, kb: Knowledge): StepResult {
  return unchanged({ ...session, state: baseOf(session.state) }, kb, say(kb, 'checkins.declined'));
}

/** A check-in picked: scheduled when the zone is known, else the zone is asked first (once). */
function checkInChosen(
  session: Session,
  choice: CheckInChoice,
  today: string,
  kb: Knowledge,
  available: boolean,
): StepResult {
  const resume = baseOf(session.state);
  if (!available || session.timeZone)
    return scheduleCheckIn(
      session,
      choice,
      session.timeZone ?? defaultTimeZone,
      today,
      kb,
      available,
    );
  return {
    session: { ...session, state: { kind: 'ask_time_zone', checkIn: choice, resume } },
    replies: [timeZoneQuestion(kb)],
  };
}

/**
 * Keeps the zone and hands the check-in to the caller; the conversation carries on where it
 * was. A new zone is said back, so a wrong reading can be noticed.
 */
function scheduleCheckIn(
  session: Session,
  choice: CheckInChoice,
  zone: string,
  today: string,
  kb: Knowledge,
  available: boolean,
): StepResult {
  const resumed: Session = { ...session, state: baseOf(session.state) };
  if (!available) return unchanged(resumed, kb, say(kb, 'checkins.unavailable_here'));
  const next: Session = { ...resumed, timeZone: zone };
  const replies: Reply[] = [];
  if (session.timeZone !== zone) replies.push(text(say(kb, 'checkins.time_zone_set', { zone })));
  return {
    session: next,
    replies: [...replies, ...currentPrompt(next, kb)],
    checkIn: checkInRequest(choice, next.profile, today, zone, kb),
  };
}

/** The chart of the log, with what can be done next; without a judged log, the list instead. */
function chartTurn(session: Session, today: string, kb: Knowledge): StepResult {
  const judged = judgedLog(session, kb);
  if (!judged) return scoresView(session, kb, [text(say(kb, 'scores.no_chart'))]);
  const title = say(kb, 'scores.chart_title', { exam: examLabel(judged.exam, kb) });
  const chart = scoreChart(judged, today, session.profile.weeksToExam, title);
  const caption = [title, chart.sparkline, ...readinessSummary(judged, kb)].join('\n');
  const view = scoresView(session, kb);
  return {
    session,
    replies: [{ kind: 'chart', chart, text: caption }, view.replies.at(-1)!],
  };
}

/** A score-log outcome as a turn: the chart drawn, or the log's own replies. */
function scoreOutcome(
  session: Session,
  outcome: ScoreTurn | 'chart',
  today: string,
  kb: Knowledge,
): StepResult {
  if (outcome === 'chart') return chartTurn(session, today, kb);
  return {
    session: outcome.session,
    replies: outcome.replies,
    ...(outcome.logged ? { scoresLogged: outcome.logged } : {}),
  };
}

function merge(before: Reply[], result: StepResult): StepResult {
  return { ...result, replies: [...before, ...result.replies] };
}

function asCommand(input: Input, reading: TextReading | undefined): CommandName | undefined {
  if (input.kind === 'command') {
    const parsed = CommandName.safeParse(input.name.toLowerCase());
    return parsed.success ? parsed.data : undefined;
  }
  return reading?.word;
}

function turn(
  session: Session,
  input: Input,
  reading: TextReading | undefined,
  kb: Knowledge,
): StepResult {
  switch (input.kind) {
    case 'command': {
      const name = CommandName.safeParse(input.name.toLowerCase());
      if (!name.success) return unchanged(session, kb, say(kb, 'dialogue.unknown_command'));
      return command(session, name.data, kb);
    }
    case 'choice':
      return choice(session, input.question, input.option, kb);
    case 'text': {
      const said = input.text.slice(0, maxTextLength);
      return typed(session, said, reading ?? readText(said, kb, session.profile), kb);
    }
    case 'facts':
      return enter(
        {
          ...session,
          profile: { ...session.profile, ...input.facts },
          unsure: session.unsure.filter((f) => input.facts[f] === undefined),
        },
        input.topic,
        kb,
      );
  }
}

function typed(session: Session, said: string, reading: TextReading, kb: Knowledge): StepResult {
  let current = session;
  const state = current.state;
  if (state.kind === 'safety_check') {
    const answer = readSafetyAnswer(normalizeText(said, 200));
    if (answer) return safetyAnswered(current, answer, kb);
    if (reading.safety === 'check') return askSafety({ ...current, state: state.resume }, kb, true);
    // Anything else is taken as carrying on: the lines were already given, and
    // someone who moves on is not held at the question.
    current = { ...current, state: state.resume };
    return typed(current, said, reading, kb);
  }
  if (state.kind === 'confirm_forget') {
    const answer = parseAnswer(forgetQuestion, said);
    if (answer.kind === 'value') return choice(current, 'forget', answer.value ? 'yes' : 'no', kb);
  }
  if (reading.word) return command(current, reading.word, kb);
  if (state.kind === 'confirm_forget')
    return unchanged(current, kb, say(kb, 'dialogue.reprompt.yes_no'));
  if (state.kind === 'ask_country') {
    const country = readCountry(said);
    if (country) return countryChosen(current, country, kb);
    current = { ...current, state: state.resume };
  }
  if (state.kind === 'clarifying') {
    // A long message is something new, even if a word of it matches an option.
    const picked = wordCount(said) <= 4 ? readClarifyReply(kb, state.choices, said) : undefined;
    const resumed = { ...current, state: state.resume };
    if (picked === otherChoiceId) return showMenu(resumed, kb);
    if (picked) return act(resumed, intentOf(picked), kb);
    current = resumed;
  }
  const base = current.state;
  if (base.kind === 'asking') return typedAnswer(current, base, said, reading, kb);
  if (base.kind === 'menu' && !worthReading(reading, true)) {
    const topic = parseAnswer(menuAsQuestion(kb), said);
    if (topic.kind === 'value') return enter(current, topic.value as Topic, kb);
  }
  if (base.kind === 'answered' && wordCount(said) <= 4) {
    const next = parseAnswer(optionsAsQuestion(nextQuestion(current, kb)), said);
    if (next.kind === 'value') return choice(current, 'next', String(next.value), kb);
  }
  return understood(current, reading, kb);
}

/**
 * Whether a message says anything the engine can use beyond a menu pick: facts, a
 * feeling, an intent, or (unless `strict`) something close enough to intents to ask
 * which one was meant. `strict` (a question is open) takes only a sure intent.
 */
function worthReading(reading: TextReading, strict = false): boolean {
  if (Object.keys(reading.facts).length > 0 || reading.safety !== 'none') return true;
  if (reading.intent.kind !== 'unclear') return !strict || reading.sure !== false;
  return !strict && reading.intent.candidates.length > 0;
}

function wordCount(said: string): number {
  return said.split(/\s+/).filter((w) => w !== '').length;
}

/**
 * Text typed while a question is open. What parses as an answer stays an answer
 * ("2", "no", "step 1"), with any other facts in it merged too — unless it is a
 * longer message clearly about something else, which is read as that (the answer
 * kept). Longer text that doesn't parse is read for facts and intent; a short one
 * that doesn't parse gets the re-prompt.
 */
function typedAnswer(
  session: Session,
  state: Extract<BaseState, { kind: 'asking' }>,
  said: string,
  reading: TextReading,
  kb: Knowledge,
): StepResult {
  const question = kb.questions.get(state.fact)!;
  // "Step 1" is a name, not a count: a number question mustn't read its digit.
  const answer = parseAnswer(question, question.number ? said.replace(examNames, ' ') : said);
  const intent = reading.intent;
  const elsewhere =
    wordCount(said) > 6 &&
    intent.kind !== 'unclear' &&
    !(intent.kind === 'topic' && intent.topic === state.topic);
  if (answer.kind !== 'unparsed' && !elsewhere) {
    const { [state.fact]: _asked, ...others } = reading.facts;
    const before = acknowledge(reading, kb, session.country);
    const merged = mergeFacts(session, others);
    if (merged.changed.length > 0) before.push(understoodText(merged.session, merged.changed, kb));
    const value = answer.kind === 'value' ? answer.value : undefined;
    return merge(before, answered(merged.session, state.topic, state.fact, value, kb));
  }
  if (answer.kind === 'value') {
    const facts = { ...reading.facts, [state.fact]: answer.value };
    return understood(session, { ...reading, facts }, kb);
  }
  // Someone with a question open is answering it: a reply that doesn't parse gets the
  // re-prompt unless it states a fact or a feeling, or (if longer) clearly asks for
  // something else — a "did you mean" detour mid-question only confuses.
  const short = wordCount(said) <= 3;
  const worth = short
    ? Object.keys(reading.facts).length > 0 || reading.safety !== 'none'
    : worthReading(reading, true);
  if (answer.kind === 'unsure' || worth) return understood(session, reading, kb);
  return unchanged(session, kb, reprompt(question, answer, said, kb));
}

// How people name the Steps ("step 2 ck", "Step-1", "s2"), removed before a number
// question reads digits.
const examNames =
  /\b(?:usmle\s*)?(?:step|stp)\s*-?\s*(?:[123]|one|two|three|i{1,3})(?:\s*ck)?\b|\bs[123](?:ck)?\b/gi;

function reprompt(
  question: Question,
  answer: Extract<ParsedAnswer, { kind: 'unparsed' }>,
  said: string,
  kb: Knowledge,
): string {
  const quoted = quoteUserText(said);
  if (answer.expected === 'number')
    return say(kb, 'dialogue.reprompt.number', {
      said: quoted,
      min: question.number!.min,
      max: question.number!.max,
    });
  if (answer.expected === 'yes_no') return say(kb, 'dialogue.reprompt.yes_no', { said: quoted });
  return say(kb, 'dialogue.reprompt.options', { said: quoted, count: question.options.length + 1 });
}

/**
 * Acts on a read message: a kind word first if it shows distress, then the facts it
 * states (shown back so a wrong reading can be undone), then what it asks for — or,
 * when that is unclear, a question offering the best guesses.
 */
function understood(session: Session, reading: TextReading, kb: Knowledge): StepResult {
  const before = acknowledge(reading, kb, session.country);
  const { session: merged, changed } = mergeFacts(session, reading.facts);
  if (changed.length > 0) before.push(understoodText(merged, changed, kb));
  // Someone who only tells ("failed CK twice, 8 years out") wants the conversation to
  // go on with what they said, not to be taken somewhere its words happen to resemble.
  // Someone in distress who didn't ask anything is not handed a FAQ either.
  if (reading.direct) return merge(before, answerDirectly(merged, reading.direct, kb));
  const tellsOnly = (changed.length > 0 || reading.safety === 'distress') && !reading.asks;
  const intent: TextIntent = tellsOnly ? { kind: 'unclear', candidates: [] } : reading.intent;
  if (intent.kind === 'topic' && reading.also)
    return merge(
      before,
      enter({ ...merged, state: baseOf(merged.state) }, intent.topic, kb, reading.also),
    );
  // Starting over can't be undone, so a sentence that merely sounds like it is checked
  // first; the word itself ("restart") acts at once, as before.
  if (intent.kind === 'command' && intent.name === 'restart')
    return merge(before, clarify(merged, ['restart'], kb));
  if (intent.kind !== 'unclear') return merge(before, act(merged, intent, kb));
  if (reading.safety === 'distress' || changed.length > 0) {
    if (changed.length === 0) before.push(text(say(kb, 'safety.distress.more')));
    return merge(before, carryOn(merged, changed.length > 0, kb));
  }
  if (intent.candidates.length > 0) return merge(before, clarify(merged, intent.candidates, kb));
  return merge(before, {
    session: { ...merged, state: { kind: 'menu' } },
    replies: [text(say(kb, 'dialogue.not_understood')), menuQuestion(kb)],
  });
}

/** A frightened question answered straight, then the topic that makes the answer specific. */
function answerDirectly(session: Session, question: DirectQuestion, kb: Knowledge): StepResult {
  const direct = directAnswer(question, session.profile, kb);
  return merge([text(direct.text)], enter(session, direct.topic, kb));
}

/** "Did you mean…?" with the given intents as choices, remembering where to return. */
function clarify(session: Session, choices: string[], kb: Knowledge): StepResult {
  return {
    session: { ...session, state: { kind: 'clarifying', choices, resume: baseOf(session.state) } },
    replies: [clarifyQuestion(kb, choices, 'understand.clarify')],
  };
}

/**
 * For distress: a kind word with the support lines offered directly, in one message,
 * so help never depends on asking for it.
 */
function acknowledge(reading: TextReading, kb: Knowledge, country?: string): Reply[] {
  if (reading.safety !== 'distress') return [];
  return [
    text(
      [
        say(kb, 'safety.distress.ack'),
        say(kb, 'safety.distress.lines'),
        supportOffer(kb, country),
      ].join('\n\n'),
    ),
  ];
}

/** The direct safety question, remembering where to return; `again` skips re-asking twice in a row. */
function askSafety(session: Session, kb: Knowledge, again = false): StepResult {
  const resume = baseOf(session.state);
  return {
    session: { ...session, state: { kind: 'safety_check', resume } },
    replies: again
      ? [text(say(kb, 'safety.check.reprompt'))]
      : [safetyCheckQuestion(kb, session.country)],
  };
}

/** Yes leads to the crisis reply; no or not sure carries on gently where the person was. */
function safetyAnswered(
  session: Session,
  answer: 'yes' | 'no' | 'unsure',
  kb: Knowledge,
): StepResult {
  const resume =
    session.state.kind === 'safety_check' ? session.state.resume : baseOf(session.state);
  const resumed = { ...session, state: resume };
  if (answer === 'yes') return crisis(resumed, kb);
  return {
    session: resumed,
    replies: [
      text(say(kb, answer === 'no' ? 'safety.check.no' : 'safety.check.unsure')),
      ...currentPrompt(resumed, kb),
    ],
  };
}

function understoodText(session: Session, changed: readonly FactName[], kb: Knowledge): Reply {
  const facts: Profile = {};
  for (const fact of changed) (facts as Record<string, unknown>)[fact] = session.profile[fact];
  return text(say(kb, 'understand.understood', { facts: describeFacts(facts, kb).join('; ') }));
}

/** Goes where a read message leads: a decision, a command or a FAQ answer. */
function act(session: Session, intent: TextIntent, kb: Knowledge): StepResult {
  const base = { ...session, state: baseOf(session.state) };
  switch (intent.kind) {
    case 'command':
      return command(base, intent.name, kb);
    case 'topic':
      return enter(base, intent.topic, kb);
    case 'faq':
      return faqAnswer(base, intent.id, kb);
    case 'unclear':
      return carryOn(base, false, kb);
  }
}

/**
 * A FAQ's answer, then the way on: mid-question, the decision continues; otherwise
 * the related decisions are offered, so the general answer can become the person's own.
 */
function faqAnswer(session: Session, id: string, kb: Knowledge): StepResult {
  const faq = kb.faq.find((f) => f.id === id);
  if (!faq) return carryOn(session, false, kb);
  const shown = text(`**${faq.question}**\n\n${faq.answer}`);
  const state = session.state;
  if (state.kind === 'asking') return merge([shown], enter(session, state.topic, kb));
  const related = faq.related.slice(0, 3);
  if (related.length === 0) return { session, replies: [shown, ...currentPrompt(session, kb)] };
  return {
    session: { ...session, state: { kind: 'clarifying', choices: related, resume: baseOf(state) } },
    replies: [shown, clarifyQuestion(kb, related, 'understand.faq.related')],
  };
}

/** Picks up where the conversation was: the decision under way (with new facts), or the prompt. */
function carryOn(session: Session, factsChanged: boolean, kb: Knowledge): StepResult {
  const state = session.state;
  if (state.kind === 'asking' || (state.kind === 'answered' && factsChanged))
    return enter(session, state.topic, kb);
  return { session, replies: currentPrompt(session, kb) };
}

function showMenu(session: Session, kb: Knowledge): StepResult {
  return { session: { ...session, state: { kind: 'menu' } }, replies: [menuQuestion(kb)] };
}

/**
 * The crisis reply: support lines before anything else. With the country known, its
 * lines and then the conversation where it was; otherwise the international set and
 * a question about the country.
 */
function crisis(session: Session, kb: Knowledge): StepResult {
  const base = baseOf(session.state);
  if (kb.crisis.some((c) => c.country === session.country)) {
    const next = { ...session, state: base };
    return {
      session: next,
      replies: [
        text(crisisText(kb, session.country)),
        text(say(kb, 'safety.crisis.continue')),
        ...currentPrompt(next, kb),
      ],
    };
  }
  return {
    session: { ...session, state: { kind: 'ask_country', resume: base } },
    replies: [text(crisisText(kb, undefined)), countryQuestion(kb)],
  };
}

/** Remembers the person's country, shows its lines, and goes back to where they were. */
function countryChosen(session: Session, code: string, kb: Knowledge): StepResult {
  const country =
    kb.crisis.find((c) => c.country === code) ?? kb.crisis.find((c) => c.country === 'other');
  if (!country) return { session, replies: currentPrompt(session, kb) };
  const state = session.state.kind === 'ask_country' ? session.state.resume : session.state;
  const next: Session = { ...session, country: country.country, state };
  return {
    session: next,
    replies: [
      text(linesText(kb, country)),
      text(say(kb, 'safety.crisis.continue')),
      ...currentPrompt(next, kb),
    ],
  };
}

function command(session: Session, name: CommandName, kb: Knowledge): StepResult {
  const resumeState = baseOf(session.state);
  const base = { ...session, state: resumeState };
  switch (name) {
    case 'start':
      // Someone coming back to a stored session is offered the question left open.
      if (resumeState.kind === 'asking')
        return {
          session: base,
          replies: [text(say(kb, 'dialogue.welcome_back')), ...currentPrompt(base, kb)],
        };
      return { session: { ...base, state: { kind: 'menu' } }, replies: [menuQuestion(kb)] };
    case 'menu':
      return { session: { ...base, state: { kind: 'menu' } }, replies: [menuQuestion(kb)] };
    case 'help':
      return {
        session: base,
        replies: [text(say(kb, 'dialogue.help')), ...currentPrompt(base, kb)],
      };
    case 'back':
      return undo(base, kb);
    case 'restart':
      // The country stays: it only picks crisis lines, and someone starting over
      // shouldn't have to say it again.
      return {
        session: {
          ...freshSession(),
          state: { kind: 'menu' },
          ...(session.country ? { country: session.country } : {}),
        },
        replies: [text(say(kb, 'dialogue.restarted')), menuQuestion(kb)],
      };
    case 'why':
      return {
        session: base,
        replies: [...explainLastAnswer(base, kb), ...currentPrompt(base, kb)],
      };
    case 'plan':
      return aside(base, 'plan', kb, say(kb, 'dialogue.plan_so_far'));
    case 'outlook':
      // Asked for mid-question, like `why`: answered with what is known, then back.
      if (resumeState.kind === 'asking') return aside(base, 'outlook', kb);
      return enter(base, name, kb);
    case 'profile': {
      const lines = describeProfile(base.profile, base.unsure, kb);
      const shown =
        lines.length === 0
          ? say(kb, 'dialogue.profile.empty')
          : `${say(kb, 'dialogue.profile.title')}\n${lines.map((l) => `• ${l}`).join('\n')}`;
      const kept = say(kb, 'dialogue.profile.reminders');
      return { session: base, replies: [text(`${shown}\n\n${kept}`), ...currentPrompt(base, kb)] };
    }
    case 'forget':
      return {
        session: { ...base, state: { kind: 'confirm_forget', resume: resumeState } },
        replies: [forgetPrompt(kb)],
      };
    case 'scores':
      return scoresView(base, kb);
    case 'reminders':
      // Listing and cancelling need the reminder queue, which the caller answers `reminders`
      // from when it runs one; the engine alone can only say where check-ins live.
      return unchanged(base, kb, say(kb, 'reminders.unavailable'));
    default:
      return enter(base, name, kb);
  }
}

function choice(session: Session, question: string, option: string, kb: Knowledge): StepResult {
  const state = session.state;
  // Crisis-line and clarifying buttons work whenever pressed: an older one still
  // says what the person wants.
  if (question === countryQuestionId) {
    const country = countryOfOption(kb, option);
    if (country) return countryChosen(session, country.country, kb);
  }
  // A "yes" to the safety question counts whenever it is pressed, however old the
  // button: support never waits on the state being right.
  if (question === safetyCheckQuestionId && (state.kind === 'safety_check' || option === 'yes')) {
    if (option === 'yes' || option === 'no' || option === 'unsure')
      return safetyAnswered(session, option, kb);
  }
  if (question === clarifyQuestionId) {
    const intent = intentOfChoice(kb, option);
    const base = { ...session, state: baseOf(state) };
    if (intent === otherChoiceId) return showMenu(base, kb);
    if (intent) return act(base, intentOf(intent), kb);
  }
  if (question === 'forget' && state.kind === 'confirm_forget') {
    if (option === 'yes')
      return { session: null, replies: [text(say(kb, 'dialogue.forget.done'))] };
    if (option === 'no') {
      const resumed = { ...session, state: state.resume };
      return {
        session: resumed,
        replies: [text(say(kb, 'dialogue.forget.cancelled')), ...currentPrompt(resumed, kb)],
      };
    }
  }
  if (question === 'menu' && isTopic(option)) {
    return enter({ ...session, state: baseOf(state) }, option, kb);
  }
  if (question === 'next') {
    const base = { ...session, state: baseOf(state) };
    if (option === 'why' || option === 'plan' || option === 'menu')
      return command(base, option, kb);
    if (option === 'sharpen' && base.lastAnswer) return enter(base, base.lastAnswer.topic, kb);
    if (isTopic(option)) return enter(base, option, kb);
  }
  if (state.kind === 'asking' && question === state.fact) {
    const q = kb.questions.get(state.fact)!;
    if (option === unsureOption) return answered(session, state.topic, state.fact, undefined, kb);
    const picked = q.options.find((o) => o.id === option);
    if (picked) return answered(session, state.topic, state.fact, picked.value, kb);
  }
  return {
    session,
    replies: [
      { kind: 'text', text: say(kb, 'dialogue.stale_button'), notice: 'stale_choice' },
      ...currentPrompt(session, kb),
    ],
  };
}

/** The state a detour (forget confirmation, country question, clarifying) returns to. */
function baseOf(state: Session['state']): BaseState {
  return 'resume' in state ? state.resume : state;
}

/** Records an answer (undefined = "not sure") and moves to the next question or the answer. */
function answered(
  session: Session,
  topic: Topic,
  fact: FactName,
  value: string | number | boolean | undefined,
  kb: Knowledge,
): StepResult {
  const previous = session.profile[fact];
  const entry = {
    topic,
    fact,
    wasUnsure: session.unsure.includes(fact),
    ...(previous !== undefined ? { previous } : {}),
  };
  const profile = { ...session.profile };
  if (value === undefined) delete profile[fact];
  else (profile as Record<string, unknown>)[fact] = value;
  const unsure =
    value === undefined
      ? [...session.unsure.filter((f) => f !== fact), fact]
      : session.unsure.filter((f) => f !== fact);
  const next = {
    ...session,
    profile,
    unsure,
    undo: [...session.undo, entry].slice(-undoDepth),
  };
  const also = session.state.kind === 'asking' ? session.state.also : undefined;
  return enter(next, topic, kb, also);
}

/**
 * Enters a decision: asks its next missing fact, or answers when none is left. `also`
 * is a second decision to offer after the answer (kept while this one asks).
 */
function enter(session: Session, topic: Topic, kb: Knowledge, also?: Topic): StepResult {
  const fact = nextFact(topic, profileWithLog(session, kb), session.unsure, kb);
  if (fact === undefined) return answer(session, topic, kb, undefined, also);
  return {
    session: { ...session, state: { kind: 'asking', topic, fact, ...(also ? { also } : {}) } },
    replies: [factQuestion(kb.questions.get(fact)!, kb)],
  };
}

function answer(
  session: Session,
  topic: Topic,
  kb: Knowledge,
  intro?: string,
  also?: Topic,
): StepResult {
  const earlier = session.answered ?? [];
  const profile = profileWithLog(session, kb);
  const advice = withoutRepeats(advise(topic, profile, kb), earlier, profile, kb);
  const replies: Reply[] = [];
  if (intro) replies.push(text(intro));
  replies.push({ kind: 'advice', advice });
  const judged = topic === 'retake' ? judgedLog(session, kb) : undefined;
  if (judged)
    replies.push(
      text(say(kb, 'readiness.from_log', { summary: readinessSummary(judged, kb).join(' ') })),
    );
  if (advice.assumptions.some((a) => session.unsure.includes(a.fact))) {
    replies.push(text(say(kb, 'dialogue.assumed_note')));
  }
  const next: Session = {
    ...session,
    state: { kind: 'answered', topic, ...(also && also !== topic ? { also } : {}) },
    lastAnswer: { topic, verdict: advice.verdict },
    // In topic order, so the stored bitmask reads back as the same list.
    answered: Topic.options.filter((t) => t === topic || earlier.includes(t)),
  };
  replies.push(nextQuestion(next, kb));
  return { session: next, replies };
}

/**
 * An answer given on the side: with a question open, the advice is shown and the
 * open question asked again, so a detour to `plan` or `outlook` loses nothing.
 */
function aside(session: Session, topic: Topic, kb: Knowledge, intro?: string): StepResult {
  const state = session.state;
  const shown = answer(session, topic, kb, intro);
  if (state.kind !== 'asking' || !shown.session) return shown;
  const back: Session = { ...shown.session, state };
  const replies = shown.replies.filter((r) => !(r.kind === 'question' && r.id === 'next'));
  return { session: back, replies: [...replies, ...currentPrompt(back, kb)] };
}

function undo(session: Session, kb: Knowledge): StepResult {
  const last = session.undo.at(-1);
  if (!last)
    return {
      session,
      replies: [text(say(kb, 'dialogue.nothing_to_undo')), ...currentPrompt(session, kb)],
    };
  if ('facts' in last) return undoFacts(session, last, kb);
  const profile = { ...session.profile };
  if (last.previous === undefined) delete profile[last.fact];
  else (profile as Record<string, unknown>)[last.fact] = last.previous;
  const unsure = last.wasUnsure
    ? [...session.unsure.filter((f) => f !== last.fact), last.fact]
    : session.unsure.filter((f) => f !== last.fact);
  const restored: Session = {
    ...session,
    profile,
    unsure,
    undo: session.undo.slice(0, -1),
    state: { kind: 'asking', topic: last.topic, fact: last.fact },
  };
  return {
    session: restored,
    replies: [
      text(say(kb, 'dialogue.undone', { label: factLabel(last.fact, kb) })),
      factQuestion(kb.questions.get(last.fact)!, kb),
    ],
  };
}

/** Undoes the facts read from one message; the decision under way asks again what it lacks. */
function undoFacts(session: Session, entry: FactsUndo, kb: Knowledge): StepResult {
  const restored = unmergeFacts({ ...session, undo: session.undo.slice(0, -1) }, entry);
  const labels = entry.facts.map((c) => factLabel(c.fact, kb)).join(', ');
  const before = [text(say(kb, 'understand.undone', { labels }))];
  const state = restored.state;
  if (state.kind === 'asking' || state.kind === 'answered')
    return merge(before, enter(restored, state.topic, kb));
  return { session: restored, replies: [...before, ...currentPrompt(restored, kb)] };
}

function unchanged(session: Session, kb: Knowledge, notice: string): StepResult {
  return { session, replies: [text(notice), ...currentPrompt(session, kb)] };
}
