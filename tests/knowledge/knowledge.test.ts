import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleKnowledge } from '../../src/knowledge/assemble.ts';
import { KnowledgeError } from '../../src/knowledge/knowledgeError.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { Topic, verdictsByTopic } from '../../src/rules/advice.ts';
import { decide } from '../../src/rules/advise.ts';
import { anyProfile } from '../rules/profileArbitrary.ts';

const kb = loadKnowledge();

describe('the knowledge base', () => {
  it('validates, and every entry, FAQ and crisis line cites a known source', () => {
    expect(kb.entries.size).toBeGreaterThan(150);
    for (const e of kb.entries.values()) expect(kb.sources.has(e.source)).toBe(true);
    for (const f of kb.faq) expect(kb.sources.has(f.source)).toBe(true);
  });

  it('has a headline for every verdict of every topic', () => {
    for (const topic of Topic.options) {
      for (const verdict of verdictsByTopic[topic]) {
        expect(kb.entries.has(`${topic}.verdict.${verdict}`), `${topic}.verdict.${verdict}`).toBe(
          true,
        );
      }
    }
  });

  it('holds every knowledge id the rules refer to', () => {
    const missing = new Set<string>();
    const check = (id: string) => {
      if (!kb.entries.has(id)) missing.add(id);
    };
    fc.assert(
      fc.property(anyProfile, (profile) => {
        for (const topic of Topic.options) {
          const d = decide[topic](profile);
          check(`${topic}.verdict.${d.verdict}`);
          for (const r of d.reasons) check(r.knowledge);
          for (const a of d.actions) check(a.knowledge);
          for (const a of d.assumptions) check(a.knowledge);
        }
      }),
      { numRuns: 4000, seed: 7 },
    );
    expect([...missing]).toEqual([]);
  });

  it('asks, in each decision’s flow, every fact its rules say would sharpen the answer', () => {
    // The plan draws on every other decision, so its flow asks only the facts that set its track.
    const outsideFlow = new Set<string>();
    fc.assert(
      fc.property(anyProfile, (profile) => {
        for (const topic of Topic.options.filter((t) => t !== 'plan')) {
          const flow = kb.flows[topic].map((s) => s.fact);
          for (const fact of decide[topic](profile).nextQuestions) {
            if (!flow.includes(fact)) outsideFlow.add(`${topic}:${fact}`);
          }
        }
      }),
      { numRuns: 3000, seed: 11 },
    );
    expect([...outsideFlow]).toEqual([]);
  });

  it('labels the article’s program percentages as estimates', () => {
    for (const id of [
      'program_reaction.screen_out',
      'program_reaction.case_by_case',
      'program_reaction.flexible',
    ]) {
      expect(kb.entries.get(id)?.text).toMatch(/estimate/);
    }
  });

  it('gives match figures with their year', () => {
    expect(kb.entries.get('match.img_rates')?.text).toMatch(/2024/);
  });

  it('has crisis lines for the US, Canada, the UK, Ireland, India and everywhere else', () => {
    expect(kb.crisis.map((c) => c.country).sort()).toEqual(['CA', 'GB', 'IE', 'IN', 'US', 'other']);
    expect(kb.crisis.find((c) => c.country === 'US')?.lines[0]?.contact).toMatch(/988/);
  });

  it('answers the five FAQ of the article', () => {
    for (const id of [
      'faq.real_chance',
      'faq.postpone_from_fear',
      'faq.explain_in_statement',
      'faq.step3_fix',
      'faq.how_many_cycles',
    ]) {
      expect(
        kb.faq.some((f) => f.id === id),
        id,
      ).toBe(true);
    }
  });
});

describe('bad knowledge content', () => {
  const source = { id: 'article', title: 'T', publisher: 'P', kind: 'article' };

  it('names the file, the path and the problem for a schema error', () => {
    const bad = () =>
      assembleKnowledge([
        {
          name: 'knowledge/x.yaml',
          content: { entries: [{ id: 'a.b', text: '', source: 'article' }] },
        },
      ]);
    expect(bad).toThrow(KnowledgeError);
    expect(bad).toThrow(/knowledge\/x\.yaml at entries\.0\.text: /);
  });

  it('rejects an unknown section', () => {
    expect(() => assembleKnowledge([{ name: 'k.yaml', content: { entires: [] } }])).toThrow(
      /k\.yaml.*entires/,
    );
  });

  it('rejects an unknown source', () => {
    expect(() =>
      assembleKnowledge([
        { name: 's.yaml', content: { sources: [source] } },
        { name: 'e.yaml', content: { entries: [{ id: 'a.b', text: 'x', source: 'nowhere' }] } },
      ]),
    ).toThrow('e.yaml at entries.0.source: unknown source "nowhere"');
  });

  it('rejects a duplicate id across files', () => {
    const entry = { id: 'a.b', text: 'x', source: 'article' };
    expect(() =>
      assembleKnowledge([
        { name: 'one.yaml', content: { sources: [source], entries: [entry] } },
        { name: 'two.yaml', content: { entries: [entry] } },
      ]),
    ).toThrow('two.yaml at entries.0.id: duplicate id "a.b" (also in one.yaml)');
  });

  it('names the file that is not valid YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    writeFileSync(join(dir, 'broken.yaml'), 'entries: [unclosed\n');
    expect(() => loadKnowledge(dir)).toThrow(/broken\.yaml: not valid YAML/);
  });
});
