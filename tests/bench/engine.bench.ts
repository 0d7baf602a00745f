import { step } from '../../src/dialogue/engine.ts';
import type { Input } from '../../src/dialogue/input.ts';
import { freshSession, type Session } from '../../src/dialogue/session.ts';
import { encodeSession } from '../../src/dialogue/sessionCodec.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { Topic } from '../../src/rules/advice.ts';
import { advise } from '../../src/rules/advise.ts';
import { largestSession } from '../support/largestSession.ts';
import { describePercentiles } from './figures.ts';

const script: Input[] = [
  'hi',
  '/retake',
  'step 2',
  '2',
  'no',
  'below',
  'yes',
  'no',
  'time',
  'why',
  'back',
  'anxiety',
  '/plan',
  '/outlook',
  'profile',
].map((line) =>
  line.startsWith('/') ? { kind: 'command', name: line.slice(1) } : { kind: 'text', text: line },
);

/** Engine turn cost, rules cost, and session size as conversations grow. */
export default async function engineBench(): Promise<string[]> {
  const kb = loadKnowledge();
  const turns: number[] = [];
  let largest = 0;
  for (let round = 0; round < 400; round++) {
    let session: Session = freshSession();
    for (const input of script) {
      const started = performance.now();
      session = step(session, input, kb).session ?? freshSession();
      turns.push(performance.now() - started);
      largest = Math.max(largest, Buffer.byteLength(encodeSession(session)));
    }
  }
  // A long conversation: the cost of turn 1,000 against turn 10.
  let session: Session = freshSession();
  const early: number[] = [];
  const late: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const started = performance.now();
    session = step(session, script[i % script.length]!, kb).session ?? freshSession();
    (i < 100 ? early : i >= 900 ? late : []).push(performance.now() - started);
  }
  const worst = largestSession(kb);
  const lines = [
    `largest possible stored session (every fact, longest values, full undo stack): ${Buffer.byteLength(encodeSession(worst))} bytes`,
    `engine turn: ${describePercentiles(turns)} (${turns.length} turns)`,
    `turns 1–100 of one conversation: ${describePercentiles(early)}; turns 901–1000: ${describePercentiles(late)}`,
    `largest session in the scripted runs: ${largest} bytes (limit 1024); after 1,000 turns: ${Buffer.byteLength(encodeSession(session))} bytes`,
  ];
  for (const topic of Topic.options) {
    const times: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const started = performance.now();
      advise(
        topic,
        { failedExam: 'step2ck', failedAttempts: 2, practiceStanding: 'near', cyclesApplied: 1 },
        kb,
      );
      times.push(performance.now() - started);
    }
    lines.push(`advise ${topic}: ${describePercentiles(times)}`);
  }
  return lines;
}
