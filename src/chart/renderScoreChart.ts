import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ScoreChart } from '../dialogue/scoreChart.ts';

/** The chart's size in CSS pixels; the PNG is drawn at twice this for phone screens. */
export const chartSize = { width: 560, height: 300 } as const;

/** The font every label is drawn in, shipped by the `dejavu-fonts-ttf` package. */
const fontFamily = 'DejaVu Sans';
const fontFile = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

const colours = {
  bar: '#b03a2e',
  band: '#f5b7b1',
  scores: '#1f618d',
  projection: '#7d3c98',
  exam: '#196f3d',
} as const;

/**
 * The Vega-Lite specification of a score chart: the margin band, the passing bar (a rule named
 * `bar_line`), the scores as a line with one point each (`points`), the dashed projection and
 * the exam-day marker. Data is inline, so compiling and rendering never touch the network.
 */
export function chartSpec(chart: ScoreChart): TopLevelSpec {
  const unit = chart.scale === 'percent' ? '%' : '';
  const days = [
    ...chart.points.map((p) => p.day),
    ...(chart.examDay ? [chart.examDay] : []),
    ...(chart.projection ? [chart.projection.to.day] : []),
  ];
  const scores = [
    ...chart.points.map((p) => p.score),
    chart.bar,
    chart.target,
    ...(chart.projection ? [chart.projection.from.score] : []),
  ];
  const x = {
    field: 'day',
    type: 'temporal' as const,
    title: null,
    scale: { domain: [min(days), max(days)] },
    axis: { format: '%d %b', labelAngle: 0, tickCount: 6 },
  };
  const yDomain = [Math.floor(min(scores) - 5), Math.ceil(max(scores) + 5)];
  const y = {
    field: 'score',
    type: 'quantitative' as const,
    title: chart.scale === 'percent' ? 'percent correct' : 'score',
    scale: { domain: yDomain, zero: false },
  };
  const layer: object[] = [
    {
      name: 'margin_band',
      data: { values: [{ low: chart.bar, high: chart.target }] },
      mark: { type: 'rect', color: colours.band, opacity: 0.5 },
      encoding: {
        y: { field: 'low', type: 'quantitative', scale: { domain: yDomain } },
        y2: { field: 'high' },
      },
    },
    {
      name: 'bar_line',
      data: { values: [{ score: chart.bar }] },
      mark: { type: 'rule', color: colours.bar, strokeWidth: 2 },
      encoding: { y: { field: 'score', type: 'quantitative' } },
    },
    {
      name: 'bar_label',
      data: { values: [{ score: chart.bar, text: `pass ${chart.bar}${unit}` }] },
      mark: { type: 'text', align: 'left', dx: 4, dy: -7, color: colours.bar, fontSize: 11 },
      encoding: {
        y: { field: 'score', type: 'quantitative' },
        x: { value: 0 },
        text: { field: 'text' },
      },
    },
    {
      name: 'score_line',
      data: { values: chart.points },
      mark: { type: 'line', color: colours.scores, strokeWidth: 2 },
      encoding: { x, y },
    },
    {
      name: 'points',
      data: { values: chart.points },
      mark: { type: 'point', filled: true, size: 60, color: colours.scores },
      encoding: { x, y },
    },
  ];
  if (chart.projection)
    layer.push({
      name: 'projection',
      data: { values: [chart.projection.from, chart.projection.to] },
      mark: { type: 'line', color: colours.projection, strokeDash: [6, 4], strokeWidth: 2 },
      encoding: { x, y },
    });
  if (chart.examDay)
    layer.push(
      {
        name: 'exam_day',
        data: { values: [{ day: chart.examDay }] },
        mark: { type: 'rule', color: colours.exam, strokeWidth: 2, strokeDash: [2, 2] },
        encoding: { x },
      },
      {
        name: 'exam_label',
        data: { values: [{ day: chart.examDay, text: 'exam' }] },
        mark: { type: 'text', dy: 8, dx: -4, align: 'right', color: colours.exam, fontSize: 11 },
        encoding: { x, y: { value: 0 }, text: { field: 'text' } },
      },
    );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, font: fontFamily, fontSize: 14 },
    width: chartSize.width,
    height: chartSize.height,
    background: 'white',
    config: { font: fontFamily, axis: { labelFont: fontFamily, titleFont: fontFamily } },
    layer,
  } as TopLevelSpec;
}

/** The chart as SVG, rendered by Vega in this process. */
export async function chartSvg(chart: ScoreChart): Promise<string> {
  const view = new vega.View(vega.parse(compile(chartSpec(chart)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as a PNG, the SVG drawn by resvg with the shipped font and no system fonts. */
export async function chartPng(chart: ScoreChart): Promise<Buffer> {
  const svg = await chartSvg(chart);
  const png = new Resvg(svg, {
    font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: fontFamily },
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
  })
    .render()
    .asPng();
  return Buffer.from(png);
}

function min<T extends string | number>(values: readonly T[]): T {
  return [...values].sort(compare)[0]!;
}

function max<T extends string | number>(values: readonly T[]): T {
  return [...values].sort(compare).at(-1)!;
}

function compare(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a).localeCompare(String(b));
}
