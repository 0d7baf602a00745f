import type { Knowledge, PracticeExam, PracticeForm } from '../knowledge/schema.ts';
import { PracticeExam as PracticeExamSchema } from '../knowledge/schema.ts';
import { spokenDay } from '../rules/passingBars.ts';
import type { Profile } from '../rules/profile.ts';
import { loggedStanding, type Readiness, readiness } from '../rules/readiness.ts';
import { addScore, byDay, deleteScore, type ScoreEntry, type ScoreLog } from '../rules/scoreLog.ts';
import type { Reply } from './reply.ts';
import { say } from './say.ts';
import { readScoreEntries, readScoreValue, scoreRange } from './scoreReading.ts';
import type { BaseState, Session } from './session.ts';

/** The question ids the score log's buttons answer. */
export const scoreQuestions = {
  actions: 'scores',
  form: 'scoreForm',
  remove: 'scoreDelete',
} as const;

/** The actions offered under the score list. */
export const scoreActions = ['add', 'undo', 'delete', 'chart', 'retake', 'menu'] as const;

/** A turn's outcome inside the score log. */
export interface ScoreTurn {
  session: Session;
  replies: Reply[];
  /** How many scores this turn logged, for the counts kept in metrics. */
  logged?: number;
}

/** Practice forms offered in the delete picker at most; older ones are deleted by number. */
const deletePickerSize = 10;

/** The exam the log is kept for: the failed Step, else the latest logged test's exam. */
export function logExam(session: Session, kb: Knowledge): PracticeExam | undefined {
  const named = PracticeExamSchema.safeParse(session.profile.failedExam);
  if (named.success) return named.data;
  const latest = byDay(session.scores ?? []).at(-1);
  return latest ? kb.practiceForms.find((f) => f.id === latest.form)?.exam : undefined;
}

/** The log judged against the bar, when it holds anything that can be. */
export function judgedLog(session: Session, kb: Knowledge): Readiness | undefined {
  return readiness(session.scores ?? [], session.profile, kb);
}

/**
 * The profile the rules read: with a log that can be judged, the practice standing comes from
 * it (so the retake decision never asks what the log already shows).
 */
export function profileWithLog(session: Session, kb: Knowledge): Profile {
  const judged = judgedLog(session, kb);
  return judged
    ? { ...session.profile, practiceStanding: loggedStanding(judged) }
    : session.profile;
}

/** How one logged test reads: "NBME (CCSSA) #31: 221 on 2 December 2026". */
function entryParts(
  entry: ScoreEntry,
  kb: Knowledge,
): { form: string; score: string; date: string } {
  const form = kb.practiceForms.find((f) => f.id === entry.form);
  const label = form ? form.label : entry.form;
  return {
    form: entry.number !== undefined ? `${label} #${entry.number}` : label,
    score: form?.scale === 'percent' ? `${entry.score}%` : String(entry.score),
    date: spokenDay(entry.day),
  };
}

/** An exam's name as the failed-exam question labels it ("USMLE Step 2 CK"). */
export function examLabel(exam: PracticeExam, kb: Knowledge): string {
  return examName(exam, kb);
}

function examName(exam: PracticeExam, kb: Knowledge): string {
  return kb.questions.get('failedExam')?.options.find((o) => o.value === exam)?.label ?? exam;
}

/** The readiness summary in a few sentences: ready or not, the trend, the projection. */
export function readinessSummary(judged: Readiness, kb: Knowledge): string[] {
  const bar = judged.trendBar;
  const unit = (n: number) => (bar.scale === 'percent' ? `${n}%` : String(n));
  const exam = examName(judged.exam, kb);
  const lines: string[] = [];
  if (judged.ready) {
    lines.push(
      say(kb, 'readiness.ready', {
        run: judged.run,
        margin: unit(bar.margin).replace('%', ' points'),
        exam,
        bar: unit(bar.bar),
      }),
    );
  } else if (judged.tests.length < judged.run) {
    lines.push(
      say(kb, 'readiness.too_few', {
        count: judged.tests.length,
        scale: bar.scale === 'percent' ? 'percentage' : 'three-digit',
        exam,
        run: judged.run,
        target: unit(bar.target),
      }),
    );
  } else {
    lines.push(
      say(kb, 'readiness.not_ready', {
        run: judged.run,
        target: unit(bar.target),
        bar: unit(bar.bar),
        margin: bar.margin,
        met: judged.met,
      }),
    );
  }
  const trend = judged.trend;
  if (trend) {
    const perWeek = Math.round(trend.perWeek * 10) / 10;
    lines.push(
      say(kb, 'readiness.trend', {
        count: trend.count,
        slope: `${perWeek > 0 ? '+' : ''}${perWeek} ${bar.scale === 'percent' ? 'points' : 'points'}`,
      }),
    );
  }
  const projection = judged.projection;
  if (projection?.kind === 'no_rise') lines.push(say(kb, 'readiness.no_rise'));
  if (projection?.kind === 'far')
    lines.push(say(kb, 'readiness.far', { target: unit(bar.target) }));
  if (projection?.kind === 'date') {
    const vars = {
      target: unit(bar.target),
      central: spokenDay(projection.central),
      early: spokenDay(projection.early),
      late: projection.late ? spokenDay(projection.late) : '',
    };
    lines.push(
      say(kb, projection.late ? 'readiness.projection' : 'readiness.projection_open', vars),
    );
  }
  return lines;
}

/** The list of logged scores with the readiness summary and what can be done next. */
export function scoresView(session: Session, kb: Knowledge, before: Reply[] = []): ScoreTurn {
  const log = byDay(session.scores ?? []);
  const replies = [...before];
  if (log.length === 0) {
    replies.push({ kind: 'text', text: say(kb, 'scores.empty') });
  } else {
    const lines = log.map((entry, i) =>
      say(kb, 'scores.entry', { n: i + 1, ...entryParts(entry, kb) }),
    );
    const judged = judgedLog(session, kb);
    const parts = [`${say(kb, 'scores.title', { count: log.length })}\n${lines.join('\n')}`];
    if (judged?.otherExams.length)
      parts.push(
        say(kb, 'scores.other_exam', {
          exams: judged.otherExams.map((e) => examName(e, kb)).join(', '),
          exam: examName(judged.exam, kb),
        }),
      );
    if (judged) parts.push(readinessSummary(judged, kb).join(' '));
    replies.push({ kind: 'text', text: parts.join('\n\n') });
  }
  replies.push(actionsQuestion(session, kb));
  return { session, replies };
}

function actionsQuestion(session: Session, kb: Knowledge): Reply {
  const has = (session.scores ?? []).length > 0;
  const actions = scoreActions.filter((a) => has || a === 'add' || a === 'menu');
  return {
    kind: 'question',
    id: scoreQuestions.actions,
    text: say(kb, 'scores.what_next'),
    options: actions.map((a) => ({ id: a, label: say(kb, `scores.action.${a}`) })),
  };
}

/** Logs scores read from a message or a command, saying what was logged. */
export function logEntries(
  session: Session,
  entries: readonly ScoreEntry[],
  kb: Knowledge,
): ScoreTurn {
  let log: ScoreLog = session.scores ?? [];
  let dropped = false;
  const lines: string[] = [];
  for (const entry of entries) {
    const added = addScore(log, entry);
    log = added.log;
    dropped ||= added.dropped;
    lines.push(say(kb, 'scores.logged', entryParts(entry, kb)));
  }
  if (dropped) lines.push(say(kb, 'scores.dropped_oldest'));
  const next: Session = { ...session, scores: log };
  const judged = judgedLog(next, kb);
  if (judged) lines.push(readinessSummary(judged, kb).join(' '));
  return {
    session: next,
    replies: [{ kind: 'text', text: lines.join('\n') }],
    logged: entries.length,
  };
}

/** Scores stated in free text, for the exam the person is preparing. */
export function scoresInText(
  said: string,
  session: Session,
  today: string,
  kb: Knowledge,
): ScoreEntry[] {
  return readScoreEntries(said, logExam(session, kb), today, kb);
}

/**
 * `scores` with its arguments: nothing or `list` shows the log; `add` (with a score, or to
 * pick the form), `undo`, `delete N` (or a picker), `chart`; a score typed after the command
 * ("/scores nbme 31 221") is logged. Returns `chart` for the engine to draw.
 */
export function scoresCommand(
  session: Session,
  args: string | undefined,
  today: string,
  kb: Knowledge,
): ScoreTurn | 'chart' {
  const words = (args ?? '').trim().toLowerCase();
  const [verb = '', ...rest] = words.split(/\s+/);
  switch (verb) {
    case '':
    case 'list':
      return scoresView(session, kb);
    case 'undo':
      return undoLast(session, kb);
    case 'chart':
      return 'chart';
    case 'delete':
    case 'remove': {
      const n = Number(rest[0]);
      return Number.isInteger(n) && n > 0 ? deleteNth(session, n, kb) : deletePicker(session, kb);
    }
    case 'add': {
      const entries = scoresInText(rest.join(' '), session, today, kb);
      return entries.length > 0 ? logEntries(session, entries, kb) : formPicker(session, kb);
    }
    default: {
      const entries = scoresInText(words, session, today, kb);
      if (entries.length > 0) return logEntries(session, entries, kb);
      return scoresView(session, kb, [{ kind: 'text', text: say(kb, 'scores.help') }]);
    }
  }
}

function undoLast(session: Session, kb: Knowledge): ScoreTurn {
  const log = session.scores ?? [];
  const last = log.at(-1);
  if (!last)
    return scoresView(session, kb, [{ kind: 'text', text: say(kb, 'scores.nothing_to_undo') }]);
  const next = withLog(session, log.slice(0, -1));
  return scoresView(next, kb, [
    { kind: 'text', text: say(kb, 'scores.undone', entryParts(last, kb)) },
  ]);
}

function deleteNth(session: Session, n: number, kb: Knowledge): ScoreTurn {
  const log = session.scores ?? [];
  const result = deleteScore(log, n);
  if (!result)
    return scoresView(session, kb, [
      { kind: 'text', text: say(kb, 'scores.no_such', { n, count: log.length }) },
    ]);
  const next = withLog(session, result.log);
  return scoresView(next, kb, [
    { kind: 'text', text: say(kb, 'scores.deleted', entryParts(result.removed, kb)) },
  ]);
}

function withLog(session: Session, log: ScoreLog): Session {
  if (log.length > 0) return { ...session, scores: log };
  const { scores: _scores, ...rest } = session;
  return rest;
}

function deletePicker(session: Session, kb: Knowledge): ScoreTurn {
  const log = byDay(session.scores ?? []);
  if (log.length === 0) return scoresView(session, kb);
  const offered = log.map((entry, i) => ({ entry, n: i + 1 })).slice(-deletePickerSize);
  return {
    session,
    replies: [
      {
        kind: 'question',
        id: scoreQuestions.remove,
        text: say(kb, 'scores.pick_delete'),
        options: offered.map(({ entry, n }) => {
          const parts = entryParts(entry, kb);
          return {
            id: `n${n}`,
            label: `${n}. ${parts.form}: ${parts.score} (${entry.day.slice(5)})`,
          };
        }),
      },
    ],
  };
}

/** The forms of the person's exam to pick from, or a request to name the exam first. */
function formPicker(session: Session, kb: Knowledge): ScoreTurn {
  const exam = logExam(session, kb);
  if (!exam) return { session, replies: [{ kind: 'text', text: say(kb, 'scores.exam_first') }] };
  return {
    session,
    replies: [
      {
        kind: 'question',
        id: scoreQuestions.form,
        text: say(kb, 'scores.pick_form'),
        options: kb.practiceForms
          .filter((f) => f.exam === exam)
          .map((f) => ({ id: f.id, label: f.label })),
      },
    ],
  };
}

/** The question asking for a form's score, shown again whenever that state is current. */
export function scoreValuePrompt(form: PracticeForm | undefined, kb: Knowledge): Reply {
  const percent = form?.scale === 'percent';
  return {
    kind: 'text',
    text: say(kb, 'scores.ask_value', {
      form: form?.label ?? '?',
      numbered: form?.numbered ? say(kb, 'scores.ask_value.numbered') : '',
      example: percent ? '68 on 28 Nov' : form?.numbered ? '31 221' : '221 on 28 Nov',
    }),
  };
}

/**
 * A pressed button of the score log, whenever it is pressed (the log is not a flow a stale
 * button could derail): an action, a form to log a score for, or a score to delete. Undefined
 * for an option the log doesn't know; `retake`, `menu` and `chart` go back to the engine.
 */
export function scoreChoice(
  session: Session,
  question: string,
  option: string,
  resume: BaseState,
  kb: Knowledge,
): ScoreTurn | 'chart' | 'retake' | 'menu' | undefined {
  if (question === scoreQuestions.actions) {
    switch (option) {
      case 'add':
        return formPicker(session, kb);
      case 'undo':
        return undoLast(session, kb);
      case 'delete':
        return deletePicker(session, kb);
      case 'chart':
      case 'retake':
      case 'menu':
        return option;
      default:
        return undefined;
    }
  }
  if (question === scoreQuestions.form) {
    const form = kb.practiceForms.find((f) => f.id === option);
    if (!form) return undefined;
    return {
      session: { ...session, state: { kind: 'score_value', form: form.id, resume } },
      replies: [scoreValuePrompt(form, kb)],
    };
  }
  if (question === scoreQuestions.remove) {
    const n = /^n(\d{1,2})$/.exec(option);
    return n ? deleteNth(session, Number(n[1]), kb) : undefined;
  }
  return undefined;
}

/** What was typed while a score for `form` is awaited: the score logged, or asked again. */
export function scoreValueTyped(
  session: Session,
  state: Extract<Session['state'], { kind: 'score_value' }>,
  said: string,
  today: string,
  kb: Knowledge,
): ScoreTurn {
  const form = kb.practiceForms.find((f) => f.id === state.form);
  const resumed: Session = { ...session, state: state.resume };
  if (!form || /^\s*(cancel|stop|never ?mind|no)\s*$/i.test(said))
    return { session: resumed, replies: [{ kind: 'text', text: say(kb, 'scores.cancelled') }] };
  const value = readScoreValue(said, form, today);
  if (value.kind === 'future')
    return { session, replies: [{ kind: 'text', text: say(kb, 'scores.future_date') }] };
  if (value.kind === 'unparsed') {
    const range = scoreRange(form);
    return {
      session,
      replies: [
        {
          kind: 'text',
          text: say(kb, 'scores.bad_value', {
            said: `"${said.slice(0, 40).replace(/[*_`]/g, '')}"`,
            form: form.label,
            ...range,
          }),
        },
      ],
    };
  }
  const entry: ScoreEntry = {
    form: form.id,
    score: value.score,
    day: value.day,
    ...(value.number !== undefined ? { number: value.number } : {}),
  };
  const logged = logEntries(resumed, [entry], kb);
  return { ...logged, replies: [...logged.replies, actionsQuestion(logged.session, kb)] };
}

/** The scores `why` shows under a retake answer that read them. */
export function scoresForWhy(session: Session, kb: Knowledge): string | undefined {
  const judged = judgedLog(session, kb);
  if (!judged) return undefined;
  const bar = judged.trendBar;
  const lines = judged.tests
    .slice(-Math.max(judged.run, judged.trend?.count ?? 0))
    .map(({ entry, bar: own }) => {
      const parts = entryParts(entry, kb);
      const mark = entry.score >= own.target ? '✓' : '✗';
      return `• ${parts.date} — ${parts.form}: ${parts.score} ${mark}`;
    });
  const rule = kb.readiness;
  return [
    say(kb, 'readiness.why_title', { bar: bar.bar, target: bar.target }),
    ...lines,
    ...readinessSummary(judged, kb),
    ...(rule ? [say(kb, 'readiness.margin_why', { reasoning: rule.reasoning })] : []),
  ].join('\n');
}
