import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type PersonKey,
  type SessionCodec,
  type SessionStore,
  StoreUnavailableError,
} from '../../src/store/sessionStore.ts';

const testSessionSchema = z.object({
  count: z.number().int().nonnegative(),
  applied: z.array(z.number().int()),
});

/** A stand-in for the real session: how many turns ran and which ones, in order. */
export type TestSession = z.infer<typeof testSessionSchema>;

/** JSON plus schema validation, so data that no longer fits the schema reads as undefined. */
export const testSessionCodec: SessionCodec<TestSession> = {
  encode: (session) => JSON.stringify(session),
  decode: (raw) => {
    try {
      const parsed = testSessionSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  },
};

/** What an implementation's test file provides to run the shared contract against it. */
export interface StoreHarness {
  store: SessionStore<TestSession>;
  /** Another store over the same data: a second connection where the implementation has one. */
  peer: SessionStore<TestSession>;
  /** Makes the person's stored data `ms` older, as if that much idle time had passed. */
  age(person: PersonKey, ms: number): Promise<void>;
  /** Closes everything the harness opened. */
  dispose(): Promise<void>;
}

/** Settings the contract asks the harness to build its stores with. */
export interface HarnessOptions {
  ttlSeconds: number;
}

const TTL_SECONDS = 60;
const TTL_MS = TTL_SECONDS * 1000;

let nextPerson = 0;
// Unique per test so tests sharing one Redis never see each other's data.
function newPerson(): PersonKey {
  nextPerson += 1;
  return `telegram:${process.pid}${String(nextPerson).padStart(6, '0')}`;
}

function applyTurn(turnId: number) {
  return (current: TestSession | undefined) => {
    const base = current ?? { count: 0, applied: [] };
    const session = { count: base.count + 1, applied: [...base.applied, turnId] };
    return { session, result: session.count };
  };
}

// Seeded so a failing interleaving can be replayed from the seed in the assertion message.
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** The behaviour every SessionStore must have; call it from an implementation's test file. */
export function sessionStoreContract(
  name: string,
  createHarness: (options: HarnessOptions) => Promise<StoreHarness>,
): void {
  describe(`${name} (SessionStore contract)`, () => {
    async function withHarness(test: (harness: StoreHarness) => Promise<void>): Promise<void> {
      const harness = await createHarness({ ttlSeconds: TTL_SECONDS });
      try {
        await test(harness);
      } finally {
        await harness.dispose();
      }
    }

    it('creates a session on the first update and returns the turn result', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        const seen: (TestSession | undefined)[] = [];
        const result = await store.update(person, (current) => {
          seen.push(current);
          return { session: { count: 1, applied: [7] }, result: 'created' };
        });
        expect(result).toBe('created');
        expect(seen).toEqual([undefined]);
        expect(await store.read(person)).toEqual({ count: 1, applied: [7] });
      }));

    it('hands each turn the saved session and saves what it returns', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        expect(await store.update(person, applyTurn(1))).toBe(1);
        expect(await store.update(person, applyTurn(2))).toBe(2);
        expect(await store.read(person)).toEqual({ count: 2, applied: [1, 2] });
      }));

    it('reads undefined for someone never seen', () =>
      withHarness(async ({ store }) => {
        expect(await store.read(newPerson())).toBeUndefined();
      }));

    it('keeps people apart', () =>
      withHarness(async ({ store }) => {
        const [alice, bob] = [newPerson(), newPerson()];
        await store.update(alice, applyTurn(1));
        await store.update(bob, applyTurn(2));
        await store.update(bob, applyTurn(3));
        expect(await store.read(alice)).toEqual({ count: 1, applied: [1] });
        expect(await store.read(bob)).toEqual({ count: 2, applied: [2, 3] });
      }));

    it('never shares objects with callers', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        const saved = { count: 1, applied: [1] };
        await store.update(person, () => ({ session: saved, result: undefined }));
        saved.applied.push(99);
        const read = await store.read(person);
        read?.applied.push(98);
        expect(await store.read(person)).toEqual({ count: 1, applied: [1] });
      }));

    it('forget removes the session, and forgetting a stranger is fine', () =>
      withHarness(async ({ store, peer }) => {
        const person = newPerson();
        await store.update(person, applyTurn(1));
        await store.forget(person);
        expect(await store.read(person)).toBeUndefined();
        expect(await peer.read(person)).toBeUndefined();
        await store.forget(newPerson());
        expect(await store.update(person, applyTurn(2))).toBe(1);
      }));

    it('deletes the session when a turn returns session: null', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        await store.update(person, applyTurn(1));
        const result = await store.update(person, () => ({ session: null, result: 'reset' }));
        expect(result).toBe('reset');
        expect(await store.read(person)).toBeUndefined();
      }));

    it('saves nothing when a turn throws, and rejects with its error', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        await store.update(person, applyTurn(1));
        const failure = new Error('turn failed');
        await expect(
          store.update(person, () => {
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await store.read(person)).toEqual({ count: 1, applied: [1] });
      }));

    it('hands the turn undefined for unreadable data and overwrites it', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        // Encodes fine but fails the schema on the way back: like data from an older release.
        await store.update(person, () => ({ session: { count: -1, applied: [] }, result: null }));
        expect(await store.read(person)).toBeUndefined();
        const seen: (TestSession | undefined)[] = [];
        await store.update(person, (current) => {
          seen.push(current);
          return applyTurn(1)(current);
        });
        expect(seen).toEqual([undefined]);
        expect(await store.read(person)).toEqual({ count: 1, applied: [1] });
      }));

    it('expires a session left idle for longer than the TTL', () =>
      withHarness(async ({ store, age }) => {
        const person = newPerson();
        await store.update(person, applyTurn(1));
        await age(person, TTL_MS - 1000);
        expect(await store.read(person)).toBeDefined();
        await age(person, TTL_MS + 1);
        expect(await store.read(person)).toBeUndefined();
        expect(await store.update(person, applyTurn(2))).toBe(1);
      }));

    it('refreshes the TTL on read', () =>
      withHarness(async ({ store, age }) => {
        const person = newPerson();
        await store.update(person, applyTurn(1));
        for (let i = 0; i < 3; i++) {
          await age(person, TTL_MS - 1000);
          expect(await store.read(person)).toEqual({ count: 1, applied: [1] });
        }
      }));

    it('refreshes the TTL on update', () =>
      withHarness(async ({ store, age }) => {
        const person = newPerson();
        await store.update(person, applyTurn(0));
        for (let i = 1; i <= 3; i++) {
          await age(person, TTL_MS - 1000);
          expect(await store.update(person, applyTurn(i))).toBe(i + 1);
        }
      }));

    it('applies every concurrent turn exactly once (200 people x 20 turns, two stores)', () =>
      withHarness(async ({ store, peer }) => {
        const people = Array.from({ length: 200 }, () => newPerson());
        const turns = people.flatMap((person) =>
          Array.from({ length: 20 }, (_, turnId) => ({ person, turnId })),
        );
        const seed = Date.now();
        const results = await Promise.all(
          shuffled(turns, seed).map(({ person, turnId }, i) =>
            (i % 2 === 0 ? store : peer)
              .update(person, applyTurn(turnId))
              .then((count) => ({ person, count })),
          ),
        );
        const expectedTurns = Array.from({ length: 20 }, (_, turnId) => turnId);
        for (const person of people) {
          const session = await store.read(person);
          expect(session?.count, `seed ${seed}`).toBe(20);
          expect(
            [...(session?.applied ?? [])].sort((a, b) => a - b),
            `seed ${seed}`,
          ).toEqual(expectedTurns);
          // Each turn saw a distinct predecessor, so the counts handed back are 1..20 exactly.
          const counts = results.filter((r) => r.person === person).map((r) => r.count);
          expect(
            counts.sort((a, b) => a - b),
            `seed ${seed}`,
          ).toEqual(expectedTurns.map((n) => n + 1));
        }
      }));

    it('rejects every call with StoreUnavailableError once closed', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        await store.update(person, applyTurn(1));
        await store.close();
        await expect(store.update(person, applyTurn(2))).rejects.toBeInstanceOf(
          StoreUnavailableError,
        );
        await expect(store.read(person)).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.forget(person)).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.deliver(person, 'u9', deliverTurn(9))).rejects.toBeInstanceOf(
          StoreUnavailableError,
        );
      }));

    it('delivers an update once: a sent one is done, the turn never re-run', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        const first = await store.deliver(person, 'u1', deliverTurn(1));
        expect(first).toMatchObject({ kind: 'turn', outbox: 'replies of 1', earlier: [] });
        if (first.kind === 'done') return;
        first.settle(true);
        let runs = 0;
        const again = await store.deliver(person, 'u1', (current) => {
          runs += 1;
          return deliverTurn(1)(current);
        });
        expect(again).toEqual({ kind: 'done' });
        expect(runs).toBe(0);
        expect(await store.read(person)).toEqual({ count: 1, applied: [1] });
      }));

    it('sends the stored replies again when the first send failed, without re-running the turn', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        const first = await store.deliver(person, 'u1', deliverTurn(1));
        if (first.kind === 'done') throw new Error('first delivery skipped');
        first.settle(false);
        let runs = 0;
        const again = await store.deliver(person, 'u1', (current) => {
          runs += 1;
          return deliverTurn(1)(current);
        });
        expect(again).toMatchObject({ kind: 'resend', outbox: 'replies of 1' });
        expect(runs).toBe(0);
        if (again.kind !== 'done') again.settle(true);
        expect(await store.deliver(person, 'u1', deliverTurn(1))).toEqual({ kind: 'done' });
        expect(await store.read(person)).toEqual({ count: 1, applied: [1] });
      }));

    it('hands an unsent earlier outbox to the next turn, and remembers recent ids only', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        const first = await store.deliver(person, 'u1', deliverTurn(1));
        if (first.kind === 'done') throw new Error('first delivery skipped');
        first.settle(false);
        const next = await store.deliver(person, 'u2', deliverTurn(2));
        expect(next).toMatchObject({
          kind: 'turn',
          outbox: 'replies of 2',
          earlier: ['replies of 1'],
        });
        if (next.kind !== 'done') next.settle(true);
        for (let i = 3; i <= 20; i++) {
          const d = await store.deliver(person, `u${i}`, deliverTurn(i));
          if (d.kind !== 'done') d.settle(true);
        }
        // Only the newest few ids are kept, so a session stays small however long it runs.
        expect(await store.deliver(person, 'u20', deliverTurn(20))).toEqual({ kind: 'done' });
        expect(await store.deliver(person, 'u2', deliverTurn(2))).toMatchObject({ kind: 'turn' });
      }));

    it('keeps the replies of failed sends in a row, hands them out oldest first, and bounds them', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        const noRun = () => {
          throw new Error('a held turn was run again');
        };
        const first = await store.deliver(person, 'u1', deliverTurn(1));
        if (first.kind === 'done') throw new Error('first delivery skipped');
        first.settle(false);
        const second = await store.deliver(person, 'u2', deliverTurn(2));
        expect(second).toMatchObject({
          kind: 'turn',
          outbox: 'replies of 2',
          earlier: ['replies of 1'],
        });
        if (second.kind === 'done') return;
        second.settle(false);
        // The redelivery of either update sends both, in order, without running a turn.
        for (const id of ['u1', 'u2']) {
          const again = await store.deliver(person, id, noRun);
          expect(again, id).toMatchObject({
            kind: 'resend',
            outbox: 'replies of 2',
            earlier: ['replies of 1'],
          });
          if (again.kind !== 'done') again.settle(false);
        }
        const third = await store.deliver(person, 'u3', deliverTurn(3));
        expect(third).toMatchObject({ earlier: ['replies of 1', 'replies of 2'] });
        if (third.kind !== 'done') third.settle(false);
        // Beyond MAX_HELD_TURNS the oldest go: a chat that refuses everything can't grow a session.
        for (let i = 4; i <= 6; i++) {
          const d = await store.deliver(person, `u${i}`, deliverTurn(i));
          if (d.kind !== 'done') d.settle(false);
        }
        const last = await store.deliver(person, 'u7', deliverTurn(7));
        expect(last).toMatchObject({
          kind: 'turn',
          outbox: 'replies of 7',
          earlier: ['replies of 4', 'replies of 5', 'replies of 6'],
        });
        if (last.kind !== 'done') last.settle(true);
        expect(await store.deliver(person, 'u5', noRun)).toEqual({ kind: 'done' });
        expect(await store.deliver(person, 'u7', noRun)).toEqual({ kind: 'done' });
        expect(await store.read(person)).toEqual({
          count: 7,
          applied: [1, 2, 3, 4, 5, 6, 7],
        });
      }));

    it('claims an update that runs no turn once, in the ids a turn checks', () =>
      withHarness(async ({ store, peer }) => {
        const person = newPerson();
        // Someone with no session yet (a pointer in a group): their ids alone, no session.
        expect(await store.claim(person, 'n1')).toBe(true);
        expect(await peer.claim(person, 'n1')).toBe(false);
        expect(await store.read(person)).toBeUndefined();
        const turn = await store.deliver(person, 'u1', deliverTurn(1));
        if (turn.kind !== 'done') turn.settle(true);
        expect(await store.claim(person, 'n2')).toBe(true);
        expect(await peer.claim(person, 'n2')).toBe(false);
        // One id space: a claimed update is never run as a turn, a delivered one never claimed.
        expect(await store.deliver(person, 'n2', deliverTurn(9))).toEqual({ kind: 'done' });
        expect(await store.claim(person, 'u1')).toBe(false);
        expect(await store.read(person)).toEqual({ count: 1, applied: [1] });
      }));

    it('answers a redelivered "delete everything" once, after the session is gone', () =>
      withHarness(async ({ store }) => {
        const person = newPerson();
        const first = await store.deliver(person, 'u1', deliverTurn(1));
        if (first.kind !== 'done') first.settle(true);
        const gone = await store.deliver(person, 'u2', () => ({ session: null, outbox: 'bye' }));
        expect(gone).toMatchObject({ kind: 'turn', outbox: 'bye' });
        expect(await store.read(person)).toBeUndefined();
        if (gone.kind !== 'done') gone.settle(true);
        expect(await store.deliver(person, 'u2', deliverTurn(2))).toEqual({ kind: 'done' });
        expect(await store.read(person)).toBeUndefined();
      }));
  });
}

function deliverTurn(turnId: number) {
  return (current: TestSession | undefined) => {
    const base = current ?? { count: 0, applied: [] };
    return {
      session: { count: base.count + 1, applied: [...base.applied, turnId] },
      outbox: `replies of ${turnId}`,
    };
  };
}
