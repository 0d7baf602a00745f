import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { chartPng, chartSize, chartSvg } from '../../src/chart/renderScoreChart.ts';
import { type ScoreChart, scoreChart, sparkline } from '../../src/dialogue/scoreChart.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { readiness } from '../../src/rules/readiness.ts';

const kb = loadKnowledge();
const log = [
  { form: 'ck_nbme', number: 9, score: 204, day: '2026-09-20' },
  { form: 'ck_uwsa1', score: 209, day: '2026-10-04' },
  { form: 'ck_nbme', number: 11, score: 207, day: '2026-10-18' },
  { form: 'ck_uwsa2', score: 215, day: '2026-11-01' },
  { form: 'ck_nbme', number: 13, score: 219, day: '2026-11-15' },
];
const judged = readiness(log, { failedExam: 'step2ck' }, kb)!;
const chart: ScoreChart = scoreChart(judged, '2026-12-02', 8, 'USMLE Step 2 CK: practice scores');

/** The elements inside one named mark group of Vega's SVG. */
function markGroup(svg: string, name: string): string {
  const start = svg.indexOf(`role-mark ${name}_marks"`);
  expect(start, `mark group ${name}`).toBeGreaterThan(0);
  return svg.slice(start, svg.indexOf('</g>', start));
}

describe('the score chart', () => {
  it('is built from the judged log: the bar, the target, a projection and the exam day', () => {
    expect(chart).toMatchObject({ bar: 218, target: 228, examDay: '2027-01-27' });
    expect(chart.points).toHaveLength(5);
    expect(chart.projection?.to.score).toBe(228);
    expect(chart.sparkline).toMatch(/^204 .{5} 219$/u);
  });

  it('draws the passing bar as a line and one point per score in the SVG', async () => {
    const svg = await chartSvg(chart);
    const bar = markGroup(svg, 'bar_line');
    expect(bar.match(/<line /g)).toHaveLength(1);
    expect(bar).toContain('aria-label="score: 218"');
    const points = markGroup(svg, 'points');
    expect(points.match(/role="graphics-symbol"/g)).toHaveLength(log.length);
    expect(markGroup(svg, 'margin_band')).toContain('<path');
    expect(markGroup(svg, 'projection')).toContain('stroke-dasharray');
    expect(markGroup(svg, 'exam_day')).toContain('<line');
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('renders to a PNG of the chart’s size that is not blank', async () => {
    const png = decode(await chartPng(chart));
    expect(png.width).toBeGreaterThanOrEqual(chartSize.width * 2);
    expect(png.height).toBeGreaterThanOrEqual(chartSize.height * 2);
    const channels = png.channels;
    const colours = new Set<string>();
    let dark = 0;
    for (let i = 0; i < png.data.length; i += channels * 7) {
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      colours.add(`${r >> 4},${g >> 4},${b >> 4}`);
      if (r + g + b < 300) dark++;
    }
    // Lines, text and the band: many colours and a fair number of dark pixels, not a blank page.
    expect(colours.size).toBeGreaterThan(20);
    expect(dark).toBeGreaterThan(500);
  });

  it('draws a log without a projection or exam day too', async () => {
    const two = readiness(log.slice(0, 2), { failedExam: 'step2ck' }, kb)!;
    const svg = await chartSvg(scoreChart(two, '2026-12-02', undefined, 'Two scores'));
    expect(markGroup(svg, 'points').match(/role="graphics-symbol"/g)).toHaveLength(2);
    expect(svg).not.toContain('projection_marks');
  });
});

describe('the terminal sparkline', () => {
  it('shows the shape in block characters with the range either side', () => {
    expect(sparkline([200, 210, 220], 218)).toBe('200 ▁▅█ 220');
    expect(sparkline([], 218)).toBe('');
  });
});
