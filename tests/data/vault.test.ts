import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  configureVaultForTests,
  createVault,
  getPinDelay,
  getRecord,
  getVaultStatus,
  lockVault,
  onVaultChange,
  saveRecord,
  unlockVault,
  type DataError,
  type VaultStatus,
} from '../../src/data';
import {
  calibrateIterations,
  delayAfterFailures,
  iterationsFor,
  requireKey,
} from '../../src/data/vault';
import { getSetting } from '../../src/data/settingsStore';
import { freshStore, freshUnlocked, PIN } from './helpers';

async function caught(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    return e as DataError;
  }
  throw new Error('expected a rejection');
}

describe('vault', () => {
  beforeEach(freshStore);
  afterEach(() => configureVaultForTests({ iterations: 1000 }));

  it('refuses PINs shorter than 6 digits or with non-digits', async () => {
    for (const pin of ['', '12345', 'abcdef', '12345a', '123 456']) {
      const e = await caught(createVault(pin));
      expect(e.code).toBe('pin_too_short');
    }
    expect(await getVaultStatus()).toBe('uninitialised');
  });

  it('creates, locks and unlocks; status changes are announced', async () => {
    const seen: VaultStatus[] = [];
    const off = onVaultChange((s) => seen.push(s));
    await createVault(PIN);
    expect(await getVaultStatus()).toBe('unlocked');
    lockVault();
    expect(await getVaultStatus()).toBe('locked');
    await unlockVault(PIN);
    expect(await getVaultStatus()).toBe('unlocked');
    off();
    expect(seen).toEqual(['unlocked', 'locked', 'unlocked']);
    expect((await caught(createVault('999999'))).code).toBe('vault_exists');
  });

  it('keeps the data key non-extractable in memory', async () => {
    await createVault(PIN);
    await expect(crypto.subtle.exportKey('raw', requireKey())).rejects.toBeTruthy();
  });

  it('forgets the key on lock: reads and writes fail with vault_locked', async () => {
    await freshUnlocked();
    const saved = await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    lockVault();
    expect((await caught(getRecord(saved.id))).code).toBe('vault_locked');
    expect((await caught(saveRecord({ kind: 'migrant', payload: {} }))).code).toBe('vault_locked');
    await unlockVault(PIN);
    expect((await getRecord(saved.id))?.payload).toEqual({ name: 'A' });
  });

  it('grows the delay after wrong PINs, refuses to try during it, and persists it', async () => {
    let clock = 1_000_000;
    configureVaultForTests({ iterations: 1000, now: () => clock });
    await createVault(PIN);
    lockVault();
    for (let i = 1; i <= 3; i++) {
      const e = await caught(unlockVault('000000'));
      expect(e.code).toBe('wrong_pin');
      expect(e.details).toEqual({ attempts: i, retryAfterMs: 0 });
    }
    const fourth = await caught(unlockVault('000000'));
    expect(fourth.details).toEqual({ attempts: 4, retryAfterMs: 30_000 });

    // During the delay even the right PIN is not tried.
    clock += 10_000;
    const blocked = await caught(unlockVault(PIN));
    expect(blocked.code).toBe('pin_delay');
    expect(blocked.details?.retryAfterMs).toBe(20_000);
    expect(await getVaultStatus()).toBe('locked');

    clock += 20_000;
    const fifth = await caught(unlockVault('111111'));
    expect(fifth.details).toEqual({ attempts: 5, retryAfterMs: 60_000 });

    // A reload starts with fresh module state; the delay comes back from storage.
    const { vi } = await import('vitest');
    vi.resetModules();
    const reloaded = await import('../../src/data');
    reloaded.configureVaultForTests({ iterations: 1000, now: () => clock });
    expect(await reloaded.getPinDelay()).toEqual({ attempts: 5, retryAfterMs: 60_000 });
    const again = await caught(reloaded.unlockVault(PIN));
    expect(again.code).toBe('pin_delay');

    clock += 60_000;
    await reloaded.unlockVault(PIN);
    expect(await reloaded.getVaultStatus()).toBe('unlocked');
    expect(await reloaded.getPinDelay()).toEqual({ attempts: 0, retryAfterMs: 0 });
    reloaded.lockVault();
    expect(await getPinDelay()).toEqual({ attempts: 0, retryAfterMs: 0 });
  });

  it('doubles the delay from 30 s up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(delayAfterFailures)).toEqual([
      0, 0, 0, 30_000, 60_000, 120_000, 240_000,
    ]);
    expect(delayAfterFailures(40)).toBe(3_600_000);
  });

  it('scales the probe to ~300 ms and clamps to [100000, 2000000]', () => {
    expect(iterationsFor(10_000, 10, 300)).toBe(300_000);
    expect(iterationsFor(10_000, 100, 300)).toBe(100_000);
    expect(iterationsFor(10_000, 0.5, 300)).toBe(2_000_000);
    expect(iterationsFor(10_000, 0, 300)).toBe(2_000_000);
  });

  it('calibrates PBKDF2 on this device when the vault is created (never below 100000)', async () => {
    configureVaultForTests({});
    const calibrated = await calibrateIterations();
    expect(calibrated).toBeGreaterThanOrEqual(100_000);
    expect(calibrated).toBeLessThanOrEqual(2_000_000);
    await createVault(PIN);
    const meta = await getSetting<{ iterations: number; salt: Uint8Array }>('vault');
    expect(meta?.iterations).toBeGreaterThanOrEqual(100_000);
    expect(meta?.iterations).toBeLessThanOrEqual(2_000_000);
    expect(meta?.salt.byteLength).toBe(16);
    lockVault();
    await unlockVault(PIN);
    expect(await getVaultStatus()).toBe('unlocked');
  });
});
