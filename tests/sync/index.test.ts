import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  countOutbox,
  getEnrollment,
  getRecord,
  getSyncMeta,
  listRecords,
  lockVault,
  unlockVault,
} from '../../src/data';
import {
  BACKGROUND_SYNC_TAG,
  enrollDevice,
  listenForServiceWorkerSync,
  registerBackgroundSync,
  rejectionMessageKey,
  startSync,
  syncLogText,
  type SyncController,
  type SyncStatus,
} from '../../src/sync/index';
import { saveValidRecord, TEST_PIN, unlockPhone } from './phone';
import { startRealServer, type RealServer } from './realServer';

function waitForStatus(
  controller: SyncController,
  predicate: (s: SyncStatus) => boolean,
  timeoutMs = 20_000,
): Promise<SyncStatus> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => undefined as void;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out in phase ${controller.getStatus().phase}`));
    }, timeoutMs);
    unsubscribe = controller.subscribe((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe());
      resolve(s);
    });
  });
}

describe('startSync against the real server', () => {
  let server: RealServer;
  let controller: SyncController | undefined;

  beforeAll(async () => {
    server = await startRealServer();
    // Before enrollment: the enroll answer brings it.
    await server.addDistrictKey();
    await unlockPhone();
  });

  afterEach(() => {
    controller?.stop();
    controller = undefined;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('waits as not_enrolled, then sends everything after enrollment', async () => {
    const ids = [];
    for (let i = 0; i < 30; i++) ids.push(await saveValidRecord(i));
    controller = startSync();
    expect(startSync()).toBe(controller);
    await waitForStatus(controller, (s) => s.phase === 'not_enrolled' && s.pending === 30);

    await enrollDevice({ serverUrl: server.url, code: await server.enrollmentCode(), label: 'HP' });
    const done = await waitForStatus(controller, (s) => s.phase === 'idle' && s.pending === 0);
    expect(done.lastSyncAt).toBeDefined();
    expect((await getSyncMeta()).lastSyncAt).toBe(done.lastSyncAt);
    const current = server.current(ids);
    for (const id of ids) {
      expect((await getRecord(id))?.syncState).toBe('synced');
      expect(current.get(id)?.rev).toBe(1);
    }
  });

  it('a save is sent shortly afterwards without any explicit request', async () => {
    controller = startSync();
    // Let the start run finish with nothing to send (a few IndexedDB reads; generous for a busy
    // machine), so that only the save's debounced trigger can send the record below.
    await new Promise((r) => setTimeout(r, 1_500));
    const id = await saveValidRecord(3);
    await waitForStatus(controller, (s) => s.pending === 1);
    await waitForStatus(controller, (s) => s.phase === 'idle' && s.pending === 0, 10_000);
    expect(server.current([id]).get(id)?.rev).toBe(1);
    const lines = (await syncLogText()).trim().split('\n');
    const lastPush = lines.findLastIndex((l) => / push /.test(l));
    const runBefore = lines.slice(0, lastPush).findLast((l) => / run /.test(l));
    expect(runBefore).toMatch(/reason=save/);
  });

  it('a revoked device pauses with needs_enrollment and keeps its queue until enrolled again', async () => {
    const enrollment = await getEnrollment();
    await server.revokeDevice(enrollment?.deviceId as string);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await saveValidRecord(i));
    controller = startSync();
    const paused = await waitForStatus(controller, (s) => s.phase === 'needs_enrollment');
    expect(paused.lastErrorKey).toBe('sync:errors.device_revoked');
    expect(paused.pending).toBe(5);
    expect(await countOutbox()).toBe(5);
    expect((await getSyncMeta()).paused).toBe('needs_enrollment');
    expect(server.current(ids).size).toBe(0);

    // Still paused after a restart of the app.
    controller.stop();
    controller = startSync();
    await waitForStatus(controller, (s) => s.phase === 'needs_enrollment');
    expect(await countOutbox()).toBe(5);

    await enrollDevice({ serverUrl: server.url, code: await server.enrollmentCode(), label: 'HP' });
    await waitForStatus(controller, (s) => s.phase === 'idle' && s.pending === 0);
    expect(server.current(ids).size).toBe(5);
    const { items } = await listRecords({ syncState: 'synced', limit: 1_000 });
    for (const id of ids) expect(items.some((r) => r.id === id)).toBe(true);
  });

  it('while the vault is locked it waits as locked, and sends once it is unlocked', async () => {
    const id = await saveValidRecord(4);
    lockVault();
    controller = startSync();
    await waitForStatus(controller, (s) => s.phase === 'locked' && s.pending === 1);
    expect(server.current([id]).size).toBe(0);
    await unlockVault(TEST_PIN);
    await waitForStatus(controller, (s) => s.phase === 'idle' && s.pending === 0);
    expect(server.current([id]).get(id)?.rev).toBe(1);
  });

  it('the sync log holds times, counts and codes, never record ids or payloads', async () => {
    const text = await syncLogText();
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^Jejaring sync log — exported \S+ — waiting=0$/);
    expect(text).toMatch(/\bpush records=\d+ bytes=\d+ httpStatus=200 stored=\d+/);
    expect(text).toMatch(/\bpaused code=device_revoked\b/);
    expect(text).toMatch(/\bnot_enrolled\b/);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T\S+Z [a-z_]+( |$)/);
    const { items } = await listRecords({ limit: 1_000 });
    for (const record of items) expect(text).not.toContain(record.id);
    expect(text).not.toMatch(/payload|"|\{/);
  });
});

describe('Background Sync', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('syncs when the service worker relays a sync event, ignores other messages', () => {
    const container = new EventTarget();
    const reasons: string[] = [];
    const stop = listenForServiceWorkerSync({ requestSync: (r) => reasons.push(r) }, container);
    container.dispatchEvent(new MessageEvent('message', { data: { type: 'jejaring-sync' } }));
    container.dispatchEvent(new MessageEvent('message', { data: { type: 'other' } }));
    container.dispatchEvent(new MessageEvent('message', { data: 'jejaring-sync' }));
    stop();
    container.dispatchEvent(new MessageEvent('message', { data: { type: 'jejaring-sync' } }));
    expect(reasons).toEqual(['background_sync']);
  });

  it('registers the tag where the browser supports it, and reports false elsewhere', async () => {
    expect(await registerBackgroundSync()).toBe(false);
    const tags: string[] = [];
    class FakeRegistration {
      sync = { register: async (tag: string) => void tags.push(tag) };
    }
    vi.stubGlobal('ServiceWorkerRegistration', FakeRegistration);
    Object.defineProperty(FakeRegistration.prototype, 'sync', { value: {}, configurable: true });
    vi.stubGlobal('navigator', {
      onLine: false,
      serviceWorker: { getRegistration: async () => new FakeRegistration() },
    });
    expect(await registerBackgroundSync()).toBe(true);
    expect(tags).toEqual([BACKGROUND_SYNC_TAG]);
  });
});

describe('rejectionMessageKey', () => {
  it('maps every known server and local code, and anything else to a generic key', () => {
    for (const code of ['invalid', 'unknown_kind', 'conflict', 'forbidden', 'too_large']) {
      expect(rejectionMessageKey(code)).toBe(`sync:rejection.${code}`);
    }
    expect(rejectionMessageKey('something_new')).toBe('sync:rejection.other');
    expect(rejectionMessageKey(undefined)).toBe('sync:rejection.other');
  });
});
