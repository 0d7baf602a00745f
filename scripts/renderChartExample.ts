// `npm run chart:example`: draws the README's example chart (docs/score-chart.png) with the
// same code the bot uses, from an example Step 2 CK log. Usage: [output.png] [today]
import { writeFileSync } from 'node:fs';
import { chartPng } from '../src/chart/renderScoreChart.ts';
import { scoreChart } from '../src/dialogue/scoreChart.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { readiness } from '../src/rules/readiness.ts';
import { exampleScoreLog } from '../tests/support/exampleScoreLog.ts';

const [output = 'docs/score-chart.png', today = '2026-12-02'] = process.argv.slice(2);
const kb = loadKnowledge();
const judged = readiness(exampleScoreLog, { failedExam: 'step2ck' }, kb);
if (!judged) throw new Error('the example log could not be judged');
const chart = scoreChart(judged, today, 8, 'USMLE Step 2 CK: practice scores');
writeFileSync(output, await chartPng(chart));
console.log(`wrote ${output} (${chart.points.length} scores, ${chart.sparkline})`);
