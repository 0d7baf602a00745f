import { MemorySessionStore } from '../../src/store/memorySessionStore.ts';
import { sessionStoreContract, testSessionCodec } from './sessionStore.contract.ts';

sessionStoreContract('MemorySessionStore', async ({ ttlSeconds }) => {
  let now = 1_700_000_000_000;
  const store = new MemorySessionStore({ codec: testSessionCodec, ttlSeconds, now: () => now });
  return {
    store,
    // One process has one store; concurrent callers are what the peer stands for here.
    peer: store,
    age: async (_person, ms) => {
      now += ms;
    },
    dispose: () => store.close(),
  };
});
