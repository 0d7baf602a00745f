import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { loggedStanding, readiness } from '../../src/rules/readiness.ts';
import { dayNumber, dayOfNumber, type ScoreEntry } from '../../src/rules/scoreLog.ts';
import { theilSen } from '../../src/rules/theilSen.ts';

const kb = loadKnowledge();
const ck = { failedExam: 'step2ck' as const };
const bar = 218; // Step 2 CK's latest bar in knowledge/passingBars.yaml
const target = bar + kb.readiness!.margin.three_digit;

const day = (offset: number) => dayOfNumber(dayNumber('2026-09-01') + offset);
const nbme = (score: number, offset: number): ScoreEntry => ({
  form: 'ck_nbme',
  score,
  day: day(offset),
});

describe('the Theil–Sen trend', () => {
  it('finds the line through clean points', () => {
    const fit = theilSen([0, 7, 14, 21].map((x) => ({ x, y: 200 + x })));
    expect(fit?.slope).toBeCloseTo(1);
    expect(fit?.intercept).toBeCloseTo(200);
  });

  it('is barely moved by one wild score, unlike an average', () => {
    const points = [0, 7, 14, 21, 28].map((x) => ({ x, y: 200 + x }));
    points[2] = { x: 14, y: 300 };
    expect(theilSen(points)?.slope).toBeCloseTo(1, 0);
  });

  it('needs two different days', () => {
    expect(theilSen([{ x: 1, y: 200 }])).toBeUndefined();
    expect(
      theilSen([
        { x: 1, y: 200 },
        { x: 1, y: 210 },
      ]),
    ).toBeUndefined();
  });
});

describe('readiness from a score log', () => {
  it('is ready when the last three tests clear the bar by the margin', () => {
    const judged = readiness([nbme(220, 0), nbme(230, 7), nbme(232, 14), nbme(235, 21)], ck, kb)!;
    expect(judged.ready).toBe(true);
    expect(judged.trendBar).toMatchObject({ bar, target });
    expect(judged.projection).toBeUndefined();
    expect(loggedStanding(judged)).toBe('well_above');
  });

  it('is not ready with one test under the line, and projects a date with a band', () => {
    const judged = readiness([nbme(205, 0), nbme(212, 14), nbme(219, 28), nbme(224, 42)], ck, kb)!;
    expect(judged.ready).toBe(false);
    expect(judged.met).toBe(0);
    expect(judged.trend?.perWeek).toBeCloseTo(3.2, 0);
    expect(judged.projection).toMatchObject({ kind: 'date' });
    if (judged.projection?.kind !== 'date') return;
    expect(judged.projection.central > day(42)).toBe(true);
    expect(judged.projection.early <= judged.projection.central).toBe(true);
    expect(loggedStanding(judged)).toBe('near');
  });

  it('never projects from fewer than three scores', () => {
    const judged = readiness([nbme(200, 0), nbme(210, 7)], ck, kb)!;
    expect(judged.trend).toBeUndefined();
    expect(judged.projection).toBeUndefined();
    expect(loggedStanding(judged)).toBe('below');
  });

  it('says there is no date when the scores are not rising', () => {
    const judged = readiness([nbme(215, 0), nbme(210, 7), nbme(205, 14)], ck, kb)!;
    expect(judged.projection).toEqual({ kind: 'no_rise' });
  });

  it('reads percentages against the share-correct bar, not the three-digit one', () => {
    const free120 = (score: number, offset: number): ScoreEntry => ({
      form: 'ck_free120',
      score,
      day: day(offset),
    });
    const judged = readiness([free120(66, 0), free120(70, 7), free120(72, 14)], ck, kb)!;
    expect(judged.trendBar).toMatchObject({ scale: 'percent', bar: 60, target: 65 });
    expect(judged.ready).toBe(true);
  });

  it('keeps tests of another exam out of the judgement', () => {
    const step1: ScoreEntry = { form: 's1_nbme', score: 80, day: day(30) };
    const judged = readiness([nbme(205, 0), step1], ck, kb)!;
    expect(judged.tests).toHaveLength(1);
    expect(judged.otherExams).toEqual(['step1']);
  });
});

const anyForm = fc.constantFrom('ck_nbme', 'ck_uwsa2', 'ck_free120', 'ck_qbank');
const entry = fc.record({
  form: anyForm,
  score: fc.integer({ min: 40, max: 280 }),
  day: fc.integer({ min: 0, max: 200 }).map(day),
});

describe('readiness properties', () => {
  it('gives the same answer for the same log, every time', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (log) => {
        expect(readiness(log, ck, kb)).toEqual(readiness(structuredClone(log), ck, kb));
      }),
    );
  });

  it('never makes a ready person unready when a newer score above the margin is added', () => {
    const aboveLine = (form: string, above: number) => {
      const percent = form === 'ck_free120' || form === 'ck_qbank';
      const line = percent ? 60 + kb.readiness!.margin.percent : target;
      return Math.min(percent ? 100 : 300, line + above);
    };
    const run = fc.array(fc.tuple(anyForm, fc.integer({ min: 0, max: 40 })), {
      minLength: 3,
      maxLength: 5,
    });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 24 }),
        run,
        anyForm,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        (earlier, recent, form, above, later) => {
          // A log that is ready: anything, then a run of tests above the line on later days.
          const log: ScoreEntry[] = [
            ...earlier,
            ...recent.map(([f, a], i) => ({ form: f, score: aboveLine(f, a), day: day(201 + i) })),
          ];
          expect(readiness(log, ck, kb)?.ready).toBe(true);
          const latest = Math.max(...log.map((e) => dayNumber(e.day)));
          const added = { form, score: aboveLine(form, above), day: dayOfNumber(latest + later) };
          expect(readiness([...log, added], ck, kb)?.ready).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('judges any log without throwing, projecting only from three scores or more', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (log) => {
        const judged = readiness(log, ck, kb);
        if (!judged) return;
        if (judged.projection) expect(judged.trend?.count).toBeGreaterThanOrEqual(3);
      }),
    );
  });
});
