import { describe, expect, it } from 'vitest';
import { assembleKnowledge, type RawKnowledgeFile } from '../../../src/knowledge/assemble.ts';
import { intentChoiceId } from '../../../src/knowledge/schema.ts';
import { kb } from '../engineHarness.ts';

const source = { id: 'trajectory', title: 'T', publisher: 'P', kind: 'secondary' };
const base: RawKnowledgeFile[] = [
  {
    name: 'base.yaml',
    content: {
      sources: [source],
      faq: [{ id: 'faq.one', question: 'Q?', answer: 'A.', source: 'trajectory' }],
      questions: [
        {
          fact: 'failedExam',
          label: 'Exam',
          text: 'Which?',
          options: [
            { id: 'step1', label: 'Step 1', value: 'step1' },
            { id: 'step3', label: 'Step 3', value: 'step3' },
          ],
        },
      ],
      flows: {
        retake: [{ fact: 'failedExam' }],
        statement: [{ fact: 'failedExam' }],
        step3: [{ fact: 'failedExam' }],
        cycles: [{ fact: 'failedExam' }],
        outlook: [{ fact: 'failedExam' }],
        plan: [{ fact: 'failedExam' }],
      },
    },
  },
];
const intent = (id: string, examples = ['one way', 'another way', 'a third way']) => ({
  id,
  label: 'Label',
  source: 'trajectory',
  examples,
});
const withIntents = (intents: unknown[], synonyms?: unknown[]) =>
  assembleKnowledge([
    ...base,
    { name: 'intents.yaml', content: { intents, ...(synonyms ? { synonyms } : {}) } },
  ]);

describe('intents in knowledge/', () => {
  it('accept decisions, commands and FAQ ids', () => {
    const assembled = withIntents([
      intent('retake'),
      intent(
        'help',
        ['a', 'bb', 'cc'].map((w) => `${w} help`),
      ),
      intent('faq.one', ['x y', 'y z', 'z x']),
    ]);
    expect(assembled.intents.map((i) => i.id)).toEqual(['retake', 'help', 'faq.one']);
  });

  it('reject an id that leads nowhere', () => {
    expect(() => withIntents([intent('faq.missing')])).toThrow(
      'intents.yaml at intents.0.id: "faq.missing" is not a decision, a command or a FAQ id',
    );
  });

  it('reject a phrase listed under two intents', () => {
    expect(() =>
      withIntents([intent('retake'), intent('plan', ['One way', 'bee', 'sea'])]),
    ).toThrow(/intents\.1\.examples\.0: the phrase "One way" is already an example of "retake"/);
  });

  it('reject the same intent twice, and an unknown source', () => {
    expect(() => withIntents([intent('retake'), intent('retake', ['d e', 'e f', 'f g'])])).toThrow(
      /duplicate intent "retake"/,
    );
    expect(() => withIntents([{ ...intent('retake'), source: 'nowhere' }])).toThrow(
      'intents.yaml at intents.0.source: unknown source "nowhere"',
    );
  });

  it('reject a synonym that already stands for another word', () => {
    expect(() =>
      withIntents(
        [intent('retake')],
        [
          { word: 'postpone', also: ['delay'] },
          { word: 'wait', also: ['delay'] },
        ],
      ),
    ).toThrow('intents.yaml at synonyms.1.also.0: "delay" already stands for "postpone"');
  });
});

describe('the shipped intents', () => {
  it('cover every decision and every FAQ the issue names, each with a short button id', () => {
    const ids = kb.intents.map((i) => i.id);
    for (const id of [
      'retake',
      'statement',
      'step3',
      'cycles',
      'outlook',
      'plan',
      'faq.follow_forever',
      'faq.programs_think_stupid',
      'faq.fellowship',
      'faq.how_many_cycles',
    ])
      expect(ids).toContain(id);
    for (const id of ids) expect(intentChoiceId(id)).toMatch(/^[a-z0-9_]{1,24}$/);
  });

  it('have the texts the engine says around free text', () => {
    for (const id of [
      'understand.understood',
      'understand.undone',
      'understand.clarify',
      'understand.clarify.other',
      'understand.faq.related',
      'safety.crisis.intro',
      'safety.crisis.anywhere',
      'safety.crisis.by_country',
      'safety.crisis.emergency',
      'safety.crisis.reach_out',
      'safety.crisis.continue',
      'safety.country.question',
      'safety.country.lines',
      'safety.distress.ack',
      'safety.distress.more',
    ]) {
      expect(kb.entries.has(id), id).toBe(true);
      expect(kb.sources.has(kb.entries.get(id)!.source)).toBe(true);
    }
  });

  it('make no diagnosis and no therapy claims in what they say about distress', () => {
    const said = [...kb.entries.values()]
      .filter((e) => e.id.startsWith('safety.'))
      .map((e) => e.text)
      .join('\n');
    expect(said).not.toMatch(/\b(depression|disorder|diagnos|therap|treat|counsel)/i);
  });
});
