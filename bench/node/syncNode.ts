// End-to-end sync in Node: the real src/data (on fake-indexeddb, as in the sync tests) and the
// real src/sync engine pushing a queue of records over HTTP to the real server. This measures
// the client's code paths and the server together; fake-indexeddb is slower than a browser's
// IndexedDB, so the Chromium figure (bench/browser) is the one held against the target.
import 'fake-indexeddb/auto';
import {
  configureVaultForTests,
  countOutbox,
  createVault,
  getVaultStatus,
  saveEnrollment,
  saveRecord,
  unlockVault,
} from '../../src/data';
import { createDataPorts } from '../../src/sync/dataPorts';
import { createSyncEngine } from '../../src/sync/engine';
import { validPayload } from '../lib/records';
import type { ServerChild } from '../lib/serverProcess';

export interface NodeSyncResult {
  client: 'node+fake-indexeddb';
  records: number;
  seconds: number;
  recordsPerSecond: number;
}

const PIN = '246813';

/** Queues `n` records on a fake phone, then times one sync run until the outbox is empty. */
export async function benchNodeSync(server: ServerChild, n: number): Promise<NodeSyncResult> {
  configureVaultForTests({ iterations: 1_000 });
  const status = await getVaultStatus();
  if (status === 'uninitialised') await createVault(PIN);
  else if (status === 'locked') await unlockVault(PIN);
  const [device] = await server.enrollDevices(1, 'node-sync');
  await saveEnrollment({ serverUrl: server.url, deviceId: device!.deviceId, token: device!.token });
  const already = await countOutbox();
  for (let i = 0; i < n; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, (_, j) => saveRecord(validPayload(i + j))),
    );
  }
  const queued = await countOutbox();
  if (queued !== already + n) throw new Error(`expected ${already + n} queued, found ${queued}`);

  const engine = createSyncEngine({
    ...createDataPorts(),
    fetch: (input, init) => globalThis.fetch(input, init),
    now: () => Date.now(),
    random: () => Math.random(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      }),
    // A sync run ends when the queue is empty; the triggers below never fire in the benchmark.
    periodicMs: 3_600_000,
    saveDebounceMs: 3_600_000,
  });
  const start = performance.now();
  try {
    engine.requestSync('bench');
    await engine.whenIdle();
  } finally {
    engine.stop();
  }
  const seconds = (performance.now() - start) / 1000;
  const left = await countOutbox();
  if (left !== 0) throw new Error(`sync left ${left} records queued (${engine.getStatus().phase})`);
  return {
    client: 'node+fake-indexeddb',
    records: queued,
    seconds,
    recordsPerSecond: queued / seconds,
  };
}
