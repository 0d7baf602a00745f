import { chartPng, chartSvg } from '../../src/chart/renderScoreChart.ts';
import { scoreChart } from '../../src/dialogue/scoreChart.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { readiness } from '../../src/rules/readiness.ts';
import { exampleScoreLog } from '../support/exampleScoreLog.ts';

/** The time to draw one score chart: the first (warming Vega up) and then steady ones. */
export default async function chartBench(): Promise<string[]> {
  const kb = loadKnowledge();
  const judged = readiness(exampleScoreLog, { failedExam: 'step2ck' }, kb)!;
  const chart = scoreChart(judged, '2026-12-02', 8, 'USMLE Step 2 CK: practice scores');
  const time = async (draw: () => Promise<unknown>) => {
    const started = performance.now();
    await draw();
    return performance.now() - started;
  };
  const first = await time(() => chartPng(chart));
  const svg: number[] = [];
  const png: number[] = [];
  for (let i = 0; i < 10; i++) {
    svg.push(await time(() => chartSvg(chart)));
    png.push(await time(() => chartPng(chart)));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return [
    `first chart in a process (Vega warming up): ${first.toFixed(0)} ms`,
    `one chart after that: ${median(png).toFixed(0)} ms median to PNG (of which ${median(svg).toFixed(0)} ms Vega-Lite → SVG, the rest resvg)`,
  ];
}
