import { CommandName } from '../dialogue/input.ts';
import { Topic } from '../rules/advice.ts';
import { type FactName, Profile } from '../rules/profile.ts';
import { KnowledgeError, validKnowledge } from './knowledgeError.ts';
import {
  type CrisisCountry,
  type Entry,
  type Faq,
  type Flows,
  type Intent,
  intentChoiceId,
  type Knowledge,
  KnowledgeFile,
  otherChoiceId,
  type PassingBar,
  type PracticeForm,
  type Question,
  type ReadinessRule,
  type Source,
  type SourceCheck,
  type Synonym,
} from './schema.ts';

/** A knowledge file's name and its parsed (not yet validated) YAML. */
export interface RawKnowledgeFile {
  name: string;
  content: unknown;
}

/**
 * Validates every file and merges them into one {@link Knowledge}. Throws a
 * {@link KnowledgeError} naming the file and path at the first problem: content
 * errors must stop start-up, not surface mid-conversation.
 */
export function assembleKnowledge(files: readonly RawKnowledgeFile[]): Knowledge {
  const sources = new Map<string, Source>();
  const entries = new Map<string, Entry>();
  const faq: Faq[] = [];
  const crisis: CrisisCountry[] = [];
  const questions = new Map<FactName, Question>();
  let flows: { file: string; flows: Flows } | undefined;
  const intents: { file: string; index: number; intent: Intent }[] = [];
  const synonyms: Synonym[] = [];
  const passingBars: PassingBar[] = [];
  const practiceForms: PracticeForm[] = [];
  let readiness: { file: string; rule: ReadinessRule } | undefined;
  const checks: { file: string; path: string; check: SourceCheck }[] = [];
  const sourceFiles = new Map<string, string>();
  const variants = new Map<string, string>();
  const citing: { file: string; path: string; source: string }[] = [];
  const seen = new Map<string, string>();

  const claim = (file: string, path: string, id: string) => {
    const other = seen.get(id);
    if (other) throw new KnowledgeError(file, path, `duplicate id "${id}" (also in ${other})`);
    seen.set(id, file);
  };

  for (const { name, content } of files) {
    const file = validKnowledge(name, KnowledgeFile, content ?? {});
    file.sources?.forEach((s, i) => {
      if (sources.has(s.id))
        throw new KnowledgeError(name, `sources.${i}.id`, `duplicate source "${s.id}"`);
      sources.set(s.id, s);
      sourceFiles.set(s.id, `${name}:sources.${i}`);
    });
    file.checks?.forEach((check, i) => {
      checks.push({ file: name, path: `checks.${i}`, check });
    });
    file.entries?.forEach((e, i) => {
      claim(name, `entries.${i}.id`, e.id);
      entries.set(e.id, e);
      citing.push({ file: name, path: `entries.${i}.source`, source: e.source });
    });
    file.faq?.forEach((f, i) => {
      claim(name, `faq.${i}.id`, f.id);
      faq.push(f);
      citing.push({ file: name, path: `faq.${i}.source`, source: f.source });
    });
    file.crisis?.forEach((c, i) => {
      crisis.push(c);
      c.lines.forEach((l, j) => {
        citing.push({ file: name, path: `crisis.${i}.lines.${j}.source`, source: l.source });
      });
    });
    file.questions?.forEach((q, i) => {
      if (questions.has(q.fact))
        throw new KnowledgeError(name, `questions.${i}.fact`, `second question for "${q.fact}"`);
      checkQuestion(name, `questions.${i}`, q);
      questions.set(q.fact, q);
    });
    file.intents?.forEach((intent, index) => {
      intents.push({ file: name, index, intent });
      citing.push({ file: name, path: `intents.${index}.source`, source: intent.source });
    });
    file.synonyms?.forEach((group, i) => {
      group.also.forEach((variant, j) => {
        const key = variant.toLowerCase();
        const other = variants.get(key);
        if (other !== undefined || key === group.word.toLowerCase()) {
          throw new KnowledgeError(
            name,
            `synonyms.${i}.also.${j}`,
            `"${variant}" already stands for "${other ?? group.word}"`,
          );
        }
        variants.set(key, group.word);
      });
      synonyms.push(group);
    });
    file.passing_bars?.forEach((bar, i) => {
      // Two bars for one exam from the same day would make the lookup a coin toss.
      if (passingBars.some((b) => b.exam === bar.exam && b.from === bar.from)) {
        throw new KnowledgeError(
          name,
          `passing_bars.${i}`,
          `a second ${bar.exam} bar from ${bar.from}`,
        );
      }
      passingBars.push(bar);
      citing.push({ file: name, path: `passing_bars.${i}.source`, source: bar.source });
    });
    file.practice_forms?.forEach((form, i) => {
      if (practiceForms.some((f) => f.id === form.id))
        throw new KnowledgeError(name, `practice_forms.${i}.id`, `duplicate form "${form.id}"`);
      practiceForms.push(form);
      citing.push({ file: name, path: `practice_forms.${i}.source`, source: form.source });
    });
    if (file.readiness) {
      if (readiness)
        throw new KnowledgeError(
          name,
          'readiness',
          `readiness is already defined in ${readiness.file}`,
        );
      readiness = { file: name, rule: file.readiness };
      citing.push({ file: name, path: 'readiness.source', source: file.readiness.source });
    }
    if (file.flows) {
      if (flows)
        throw new KnowledgeError(name, 'flows', `flows are already defined in ${flows.file}`);
      flows = { file: name, flows: file.flows };
    }
  }
  for (const c of citing) {
    if (!sources.has(c.source))
      throw new KnowledgeError(c.file, c.path, `unknown source "${c.source}"`);
  }
  dateSources(sources, sourceFiles, checks);
  if (!flows) throw new KnowledgeError('knowledge/', '', 'no file defines the flows');
  for (const [topic, steps] of Object.entries(flows.flows) as [string, Flows[keyof Flows]][]) {
    steps.forEach((step, i) => {
      if (!questions.has(step.fact)) {
        throw new KnowledgeError(
          flows.file,
          `flows.${topic}.${i}.fact`,
          `no question asks for "${step.fact}"`,
        );
      }
    });
  }
  checkIntents(intents, faq);
  return {
    sources,
    entries,
    faq,
    crisis,
    questions,
    flows: flows.flows,
    intents: intents.map((i) => i.intent),
    synonyms,
    passingBars: [...passingBars].sort(
      (a, b) => a.exam.localeCompare(b.exam) || a.from.localeCompare(b.from),
    ),
    practiceForms,
    ...(readiness ? { readiness: readiness.rule } : {}),
  };
}

/**
 * Every intent must lead somewhere real (a decision, a command or a FAQ that
 * exists), fit in a button, and own its example phrasings: a phrase listed under two
 * intents would make the router's answer a coin toss.
 */
function checkIntents(
  intents: readonly { file: string; index: number; intent: Intent }[],
  faq: readonly Faq[],
): void {
  const ids = new Map<string, string>();
  const choices = new Set<string>([otherChoiceId]);
  const phrases = new Map<string, string>();
  for (const { file, index, intent } of intents) {
    const path = `intents.${index}`;
    const known =
      Topic.safeParse(intent.id).success ||
      CommandName.safeParse(intent.id).success ||
      faq.some((f) => f.id === intent.id);
    if (!known) {
      throw new KnowledgeError(
        file,
        `${path}.id`,
        `"${intent.id}" is not a decision, a command or a FAQ id`,
      );
    }
    const other = ids.get(intent.id);
    if (other)
      throw new KnowledgeError(
        file,
        `${path}.id`,
        `duplicate intent "${intent.id}" (also in ${other})`,
      );
    ids.set(intent.id, file);
    const choice = intentChoiceId(intent.id);
    if (!/^[a-z0-9_]{1,24}$/.test(choice) || choices.has(choice)) {
      throw new KnowledgeError(
        file,
        `${path}.id`,
        `"${intent.id}" gives the button id "${choice}", which is taken or not 1–24 of a-z 0-9 _`,
      );
    }
    choices.add(choice);
    intent.examples.forEach((example, j) => {
      const key = example.toLowerCase().replace(/\s+/g, ' ');
      const owner = phrases.get(key);
      if (owner) {
        throw new KnowledgeError(
          file,
          `${path}.examples.${j}`,
          `the phrase "${example}" is already an example of "${owner}"`,
        );
      }
      phrases.set(key, intent.id);
    });
  }
}

/**
 * Folds each source check into its source (the latest month wins), then refuses any
 * official or secondary source that nobody has dated: the bot states those as facts,
 * so someone must be able to say when they were last confirmed.
 */
function dateSources(
  sources: Map<string, Source>,
  sourceFiles: ReadonlyMap<string, string>,
  checks: readonly { file: string; path: string; check: SourceCheck }[],
): void {
  for (const { file, path, check } of checks) {
    const source = sources.get(check.source);
    if (!source)
      throw new KnowledgeError(file, `${path}.source`, `unknown source "${check.source}"`);
    if (!source.checked || source.checked < check.checked) {
      sources.set(source.id, { ...source, checked: check.checked });
    }
  }
  for (const source of sources.values()) {
    // `trajectory` is the bot's own guidance, not a page to confirm facts against.
    if (source.kind !== 'article' && source.id !== 'trajectory' && !source.checked) {
      const [file = '', path = ''] = (sourceFiles.get(source.id) ?? '').split(':');
      throw new KnowledgeError(
        file,
        `${path}.checked`,
        `the ${source.kind} source "${source.id}" needs \`checked: YYYY-MM\`, the month someone last confirmed it`,
      );
    }
  }
}

/** Every option must be a value the profile accepts for the question's fact. */
function checkQuestion(file: string, path: string, question: Question): void {
  const ids = new Set<string>();
  question.options.forEach((option, j) => {
    if (ids.has(option.id))
      throw new KnowledgeError(file, `${path}.options.${j}.id`, `duplicate option "${option.id}"`);
    ids.add(option.id);
    if (!Profile.safeParse({ [question.fact]: option.value }).success) {
      throw new KnowledgeError(
        file,
        `${path}.options.${j}.value`,
        `${JSON.stringify(option.value)} is not a valid value for ${question.fact}`,
      );
    }
  });
}
