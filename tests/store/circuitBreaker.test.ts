import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/store/circuitBreaker.ts';

describe('CircuitBreaker', () => {
  it('opens on a trip, probes in the background and closes on the first success', async () => {
    let probes = 0;
    const changes: (string | undefined)[] = [];
    const breaker = new CircuitBreaker({
      probe: async () => {
        probes += 1;
        if (probes < 3) throw new Error('still down');
      },
      probeIntervalMs: 10,
      onChange: (reason) => changes.push(reason),
    });
    expect(breaker.openReason).toBeUndefined();
    breaker.trip('Command timed out');
    breaker.trip('a second reason is not news');
    expect(breaker.openReason).toBe('Command timed out');
    for (let i = 0; i < 200 && breaker.openReason !== undefined; i++) await sleep(5);
    expect(breaker.openReason).toBeUndefined();
    expect(probes).toBe(3);
    expect(changes).toEqual(['Command timed out', undefined]);
    breaker.stop();
  });

  it('stops probing for good once stopped', async () => {
    let probes = 0;
    const breaker = new CircuitBreaker({
      probe: async () => {
        probes += 1;
        throw new Error('down');
      },
      probeIntervalMs: 5,
    });
    breaker.trip('down');
    await sleep(30);
    breaker.stop();
    const seen = probes;
    await sleep(30);
    expect(probes).toBe(seen);
    breaker.trip('again');
    expect(breaker.openReason).toBe('down');
  });
});
