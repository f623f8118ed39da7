// @vitest-environment node
// (node environment: src/crypto reads WebCrypto buffers with instanceof, which fails across jsdom realms)
// Locking forgets every unlocked key and opened record, by hand or after 15 minutes without input.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyring } from '../../src/console/key/keyring';
import { buildSet, openRows, records, rows } from '../../src/console/records/memory';
import { IDLE_LOCK_MS, lockNow, watchIdle } from '../../src/console/session';
import { districtKey, example, sealedRow } from './helpers';

afterEach(() => vi.useRealTimers());

describe('lock', () => {
  it('drops the keys, the opened records and the fetched rows', async () => {
    const key = await districtKey();
    const row = await sealedRow('screening', example('screening'), key);
    keyring.set({ keys: [key.open], state: { keys: [], holders: [] } });
    records.set(buildSet(await openRows([row], [key.open]), '', 0));
    rows.set({ list: [row], cursor: '1', complete: true });
    expect(records.get()?.list[0]?.payload).toBeDefined();
    lockNow();
    expect(keyring.get()).toBeNull();
    expect(records.get()).toBeNull();
    expect(rows.get()).toBeNull();
  });

  it('locks after 15 minutes without input, and input postpones it', () => {
    vi.useFakeTimers();
    const target = new EventTarget();
    const onIdle = vi.fn();
    const stop = watchIdle(onIdle, IDLE_LOCK_MS, target);
    expect(IDLE_LOCK_MS).toBe(15 * 60 * 1000);
    vi.advanceTimersByTime(IDLE_LOCK_MS - 1000);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(IDLE_LOCK_MS - 1000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
  });
});
