import { describe, expect, it } from 'vitest';
import { assembleKnowledge } from '../../src/knowledge/assemble.ts';
import { readKnowledgeFiles } from '../../src/knowledge/load.ts';
import { BarExam } from '../../src/knowledge/schema.ts';
import {
  barPlaceholders,
  fillPassingBars,
  passingBar,
  spokenDay,
} from '../../src/rules/passingBars.ts';
import { kb } from './fixture.ts';

describe('passingBar', () => {
  it('gives the latest bar when no day is asked for', () => {
    expect(passingBar(kb, 'step2ck')).toMatchObject({
      exam: 'step2ck',
      score: 218,
      from: '2025-07-01',
    });
  });

  it('gives the bar in force on a day, changing on the day a new bar takes effect', () => {
    expect(passingBar(kb, 'step2ck', '2025-06-30')?.score).toBe(214);
    expect(passingBar(kb, 'step2ck', '2025-07-01')?.score).toBe(218);
    expect(passingBar(kb, 'step2ck', '2022-07-01')?.score).toBe(214);
    expect(passingBar(kb, 'step2ck', '2022-06-30')?.score).toBe(209);
    expect(passingBar(kb, 'step3', '2023-12-31')?.score).toBe(198);
    expect(passingBar(kb, 'step3', '2024-01-01')?.score).toBe(200);
  });

  it('gives nothing before the first bar the table knows', () => {
    expect(passingBar(kb, 'step2ck', '2010-01-01')).toBeUndefined();
  });

  it('has a bar, a source and a checked month for every exam', () => {
    for (const exam of BarExam.options) {
      const bar = passingBar(kb, exam);
      expect(bar, exam).toBeDefined();
      expect(kb.sources.has(bar!.source)).toBe(true);
      expect(bar!.checked).toMatch(/^\d{4}-\d{2}$/);
    }
    expect(passingBar(kb, 'step1')?.score).toBe(196);
    expect(passingBar(kb, 'oet')?.score).toBe(350);
    expect(passingBar(kb, 'oet_writing')?.score).toBe(300);
  });
});

describe('fillPassingBars', () => {
  it('states the latest bar and the day it took effect', () => {
    expect(fillPassingBars('{bar.step2ck} from {bar.step2ck.from}', kb)).toBe(
      '218 from 1 July 2025',
    );
    expect(spokenDay('2024-01-01')).toBe('1 January 2024');
  });

  it('leaves a placeholder for an exam with no bar as written', () => {
    expect(fillPassingBars('{bar.mccqe}', kb)).toBe('{bar.mccqe}');
  });

  it('resolves every bar placeholder used in knowledge/', () => {
    const unknown = [...kb.entries.values()].flatMap((e) =>
      barPlaceholders(e.text).filter((exam) => !BarExam.safeParse(exam).success),
    );
    expect(unknown).toEqual([]);
  });
});

describe('the passing-bar table', () => {
  const files = readKnowledgeFiles(new URL('../../knowledge', import.meta.url).pathname);

  it('refuses a row without a checked month', () => {
    const broken = files.map((f) =>
      f.name.endsWith('passingBars.yaml')
        ? {
            name: f.name,
            content: {
              passing_bars: [
                { exam: 'step3', score: 200, scale: 's', from: '2024-01-01', source: 'article' },
              ],
            },
          }
        : f,
    );
    expect(() => assembleKnowledge(broken)).toThrow(/checked/);
  });

  it('refuses two bars for one exam from the same day', () => {
    const row = {
      exam: 'step3',
      score: 200,
      scale: 's',
      from: '2024-01-01',
      source: 'article',
      checked: '2026-12',
    };
    const broken = files.map((f) =>
      f.name.endsWith('passingBars.yaml')
        ? { name: f.name, content: { passing_bars: [row, { ...row, score: 201 }] } }
        : f,
    );
    expect(() => assembleKnowledge(broken)).toThrow(/second step3 bar/);
  });
});
