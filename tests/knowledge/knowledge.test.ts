import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleKnowledge } from '../../src/knowledge/assemble.ts';
import { KnowledgeError } from '../../src/knowledge/knowledgeError.ts';
import {
  defaultKnowledgeDir,
  loadKnowledge,
  readKnowledgeFiles,
} from '../../src/knowledge/load.ts';
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

  it('gives match figures with their year and publisher', () => {
    const rates = kb.entries.get('match.img_rates')?.text;
    expect(rates).toMatch(/2024 Main Residency Match \(Intealth/);
    expect(rates).toMatch(/2025 Match \(secondary/);
    expect(rates).not.toMatch(/AMA/);
    expect(kb.entries.get('specialties.most_imgs')?.text).toMatch(/2024.*first-year positions/);
  });

  it('quotes no numbers from the article’s program-type chart', () => {
    for (const id of [
      'top_university',
      'mid_university',
      'community_affiliated',
      'pure_community',
    ]) {
      const e = kb.entries.get(`program_type.${id}`);
      expect(e?.text).not.toMatch(/\d/);
      expect(e?.figures).toBeUndefined();
    }
    expect(kb.entries.get('program_type.pure_community')?.text).toMatch(/estimate/);
  });

  it('has crisis lines for the countries whose numbers were verified, and everywhere else', () => {
    expect(kb.crisis.map((c) => c.country).sort()).toEqual([
      'AU',
      'CA',
      'GB',
      'IE',
      'IN',
      'NP',
      'PH',
      'UA',
      'US',
      'other',
    ]);
    expect(kb.crisis.find((c) => c.country === 'US')?.lines[0]?.contact).toMatch(/988/);
  });

  it('lists the Physician Support Line after the 24/7 line, with its hours, as not a crisis line', () => {
    const us = kb.crisis.find((c) => c.country === 'US')?.lines ?? [];
    expect(us[0]?.hours).toBe('24/7');
    const psl = us.find((l) => l.source === 'physician_support_line');
    expect(us.indexOf(psl!)).toBeGreaterThan(0);
    expect(psl?.hours).toMatch(/8 am.1 am.*Eastern/);
    expect(psl?.name).toMatch(/not a crisis line/);
    expect(psl?.name).toMatch(/US-based/);
  });

  it('dates every official and secondary source, and every crisis line', () => {
    for (const s of kb.sources.values()) {
      if (s.kind !== 'article') expect(s.checked, s.id).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
    }
    for (const c of kb.crisis) for (const l of c.lines) expect(l.checked).toBeDefined();
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

describe('the checked month', () => {
  const files = readKnowledgeFiles(defaultKnowledgeDir);
  const replace = (name: string, content: unknown) =>
    files.map((f) => (f.name.endsWith(name) ? { name: f.name, content } : f));
  const sourcesFile = files.find((f) => f.name.endsWith('sources.yaml'))!.content as {
    sources: Record<string, unknown>[];
    checks?: unknown[];
  };

  it('is required on an official or secondary source', () => {
    const sources = sourcesFile.sources.map((s) =>
      s.id === 'usmle_attempt_limit' ? { ...s, checked: undefined } : s,
    );
    expect(() => assembleKnowledge(replace('sources.yaml', { ...sourcesFile, sources }))).toThrow(
      /usmle_attempt_limit.*checked: YYYY-MM/,
    );
  });

  it('is not required on the seed article', () => {
    expect(kb.sources.get('article')?.checked).toBeUndefined();
  });

  it('must be a real month', () => {
    const sources = sourcesFile.sources.map((s) =>
      s.id === 'usmle_attempt_limit' ? { ...s, checked: '2026-13' } : s,
    );
    expect(() => assembleKnowledge(replace('sources.yaml', { ...sourcesFile, sources }))).toThrow(
      /YYYY-MM/,
    );
  });

  it('can date a source from another file through a check record', () => {
    expect(kb.sources.get('bethe1to')?.checked).toBe('2026-12');
    expect(() =>
      assembleKnowledge(replace('sources.yaml', { ...sourcesFile, checks: [] })),
    ).toThrow(/bethe1to/);
  });

  it('is required on every crisis line', () => {
    const crisis = files.find((f) => f.name.endsWith('crisis.yaml'))!.content as {
      crisis: { lines: Record<string, unknown>[] }[];
    };
    const undated = {
      crisis: crisis.crisis.map((c) => ({
        ...c,
        lines: c.lines.map(({ checked: _, ...l }) => l),
      })),
    };
    expect(() => assembleKnowledge(replace('crisis.yaml', undated))).toThrow(/checked/);
  });
});
