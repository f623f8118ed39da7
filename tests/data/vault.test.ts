import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  changeSecret,
  configureVaultForTests,
  countUnsyncedOnPhone,
  createVault,
  enrollPasskey,
  getPinDelay,
  getProfile,
  getRecord,
  getSecuritySettings,
  getVaultStatus,
  listRecords,
  lockVault,
  onVaultChange,
  removePasskey,
  saveProfile,
  saveRecord,
  setWipeAfter,
  unlockVault,
  type DataError,
  type VaultStatus,
} from '../../src/data';
import { resetAttemptsSession } from '../../src/data/attempts';
import { deriveKey, encryptJson, randomBytes } from '../../src/data/crypto';
import { calibrateArgon2, iterationsFor, MIN_MEMORY_KIB } from '../../src/data/kdf';
import { getSetting, setSetting } from '../../src/data/settingsStore';
import { delayAfterFailures, requireKey } from '../../src/data/vault';
import { installFakePasskeys } from './fakePasskey';
import { freshStore, freshUnlocked, PIN } from './helpers';

async function caught(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    return e as DataError;
  }
  throw new Error('expected a rejection');
}

const OTHER_PIN = '603718';

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

  it('refuses weak PINs with the reason, before anything is stored', async () => {
    const cases: [string, string][] = [
      ['123456', 'sequence'],
      ['987654', 'sequence'],
      ['111111', 'repeat'],
      ['121212', 'repeat'],
      ['123123', 'pattern'],
      ['170845', 'date'],
      ['19450817', 'date'],
      ['147258', 'common'],
    ];
    for (const [pin, problem] of cases) {
      const e = await caught(createVault(pin));
      expect([pin, e.code, e.details?.problem]).toEqual([pin, 'pin_weak', problem]);
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
    expect((await caught(createVault(OTHER_PIN))).code).toBe('vault_exists');
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

  it('stores Argon2id parameters with the vault, no PBKDF2 count and no PIN verifier', async () => {
    await createVault(PIN);
    const reg = await getSetting<{
      format: number;
      kdf: { alg: string; memoryKiB: number; iterations: number; salt: Uint8Array };
      entries: Record<string, unknown>[];
    }>('vaults');
    expect(reg?.format).toBe(2);
    expect(reg?.kdf.alg).toBe('argon2id');
    expect(reg?.kdf.salt.byteLength).toBe(16);
    expect(reg?.entries).toHaveLength(1);
    expect(Object.keys(reg!.entries[0]!).sort()).toEqual(
      ['createdAt', 'salt', 'secret', 'slot', 'wrapIv', 'wrappedKey'].sort(),
    );
    expect(await getSetting('vault')).toBeUndefined();
  });
});

describe('wrong PINs: a counted delay, not a clock', () => {
  let clock = 0;
  beforeEach(async () => {
    await freshStore();
    clock = 1_000;
    configureVaultForTests({ iterations: 1000, now: () => clock });
    await createVault(PIN);
    lockVault();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    configureVaultForTests({ iterations: 1000 });
  });

  it('grows the delay, refuses to try during it, and survives a reload', async () => {
    for (let i = 1; i <= 3; i++) {
      const e = await caught(unlockVault('000000'));
      expect(e.code).toBe('wrong_pin');
      expect(e.details).toEqual({ attempts: i, retryAfterMs: 0 });
    }
    const fourth = await caught(unlockVault('000000'));
    expect(fourth.details).toEqual({ attempts: 4, retryAfterMs: 30_000 });

    clock += 10_000;
    const blocked = await caught(unlockVault(PIN));
    expect(blocked.code).toBe('pin_delay');
    expect(blocked.details?.retryAfterMs).toBe(20_000);
    expect(await getVaultStatus()).toBe('locked');

    // A reload: this session's view is gone; the remaining time written down comes back (not
    // less), and only time spent in the new session counts.
    resetAttemptsSession();
    clock = 5; // a new page's performance.now starts near zero
    expect(await getPinDelay()).toEqual({ attempts: 4, retryAfterMs: 20_000 });
    clock += 20_000;
    const fifth = await caught(unlockVault('111111'));
    expect(fifth.details).toEqual({ attempts: 5, retryAfterMs: 60_000 });
    clock += 60_000;
    await unlockVault(PIN);
    expect(await getPinDelay()).toEqual({ attempts: 0, retryAfterMs: 0 });
  });

  it('moving the phone clock forward does not shorten the delay', async () => {
    for (let i = 0; i < 4; i++) await caught(unlockVault('000000'));
    const realNow = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(realNow + 24 * 3600_000);
    expect((await getPinDelay()).retryAfterMs).toBe(30_000);
    expect((await caught(unlockVault(PIN))).code).toBe('pin_delay');
    // Nor does a reload with the clock moved.
    resetAttemptsSession();
    expect((await getPinDelay()).retryAfterMs).toBe(30_000);
    clock += 30_000;
    await unlockVault(PIN);
    expect(await getVaultStatus()).toBe('unlocked');
  });

  it('reads the wall-clock delay of older versions as the full delay', async () => {
    await setSetting('vaultAttempts', { failures: 5, blockedUntil: 1 });
    resetAttemptsSession();
    expect(await getPinDelay()).toEqual({ attempts: 5, retryAfterMs: 60_000 });
  });

  it('doubles the delay from 30 s up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(delayAfterFailures)).toEqual([
      0, 0, 0, 30_000, 60_000, 120_000, 240_000,
    ]);
    expect(delayAfterFailures(40)).toBe(3_600_000);
  });

  it('wipes a profile after N wrong tries only when it asked for it', async () => {
    await unlockVault(PIN);
    await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    await setWipeAfter(5);
    expect((await getSecuritySettings()).wipeAfter).toBe(5);
    expect(await countUnsyncedOnPhone()).toBe(1);
    lockVault();
    for (let i = 0; i < 4; i++) {
      await caught(unlockVault('000000'));
      clock += 3_600_000;
    }
    expect(await getVaultStatus()).toBe('locked');
    await caught(unlockVault('000000'));
    expect(await getVaultStatus()).toBe('uninitialised');
    expect(await countUnsyncedOnPhone()).toBe(0);
  });
});

describe('upgrade from the PBKDF2 vault', () => {
  beforeEach(freshStore);

  it('opens an old PBKDF2 vault with its PIN and re-wraps the same key with Argon2id', async () => {
    // A phone as the previous app version left it: PBKDF2 vault, an encrypted profile.
    const raw = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
      'encrypt',
      'decrypt',
    ]);
    const salt = randomBytes(16);
    const wrapIv = randomBytes(12);
    const pbkdf2 = await deriveKey(PIN, salt, 1000, ['wrapKey', 'unwrapKey']);
    const wrappedKey = await crypto.subtle.wrapKey('raw', raw, pbkdf2, {
      name: 'AES-GCM',
      iv: wrapIv,
    });
    await setSetting('vault', {
      format: 1,
      salt,
      iterations: 1000,
      wrapIv,
      wrappedKey,
      createdAt: '2026-01-01T00:00:00.000+07:00',
    });
    await setSetting('profile', await encryptJson(raw, { name: 'Sari' }));

    expect(await getVaultStatus()).toBe('locked');
    expect((await caught(unlockVault(OTHER_PIN))).code).toBe('wrong_pin');
    expect(await getSetting('vault')).toBeDefined();
    await unlockVault(PIN);
    expect(await getProfile()).toEqual({ name: 'Sari' });
    expect(await getSetting('vault')).toBeUndefined();
    expect((await getSetting<{ kdf: { alg: string } }>('vaults'))?.kdf.alg).toBe('argon2id');

    // From now on Argon2id opens it, and the data is the same.
    lockVault();
    await unlockVault(PIN);
    expect(await getProfile()).toEqual({ name: 'Sari' });
  });
});

describe('Argon2id calibration', () => {
  beforeEach(freshStore);
  afterEach(() => configureVaultForTests({ iterations: 1000 }));

  it('scales passes to the target and keeps the floors', () => {
    expect(iterationsFor(100, 700, 1)).toBe(7);
    expect(iterationsFor(2000, 700, 2)).toBe(2);
    expect(iterationsFor(0, 700, 1)).toBe(12);
  });

  it('calibrates on this device: at least 19 MiB, real memory-hard cost', async () => {
    configureVaultForTests({});
    const params = await calibrateArgon2();
    expect(params.memoryKiB).toBeGreaterThanOrEqual(MIN_MEMORY_KIB);
    expect(params.iterations).toBeGreaterThanOrEqual(1);
    expect(params.measuredMs).toBeGreaterThan(0);
    await createVault(PIN);
    lockVault();
    await unlockVault(PIN);
    expect(await getVaultStatus()).toBe('unlocked');
  }, 30_000);
});

describe('profiles on one phone', () => {
  beforeEach(freshStore);

  it('each PIN opens its own profile; neither sees the other records, profile or queue', async () => {
    await createVault(PIN);
    await saveProfile({ name: 'Ani' });
    await saveRecord({ kind: 'migrant', payload: { name: 'Korban Ani' } });
    lockVault();

    // The second volunteer adds a profile from the lock screen.
    await createVault(OTHER_PIN, { additional: true });
    expect(await getProfile()).toBeUndefined();
    expect((await listRecords({})).total).toBe(0);
    await saveProfile({ name: 'Budi' });
    await saveRecord({ kind: 'referral', payload: { note: 'Budi' } });
    lockVault();

    await unlockVault(PIN);
    expect(await getProfile()).toEqual({ name: 'Ani' });
    expect((await listRecords({})).items.map((r) => r.payload)).toEqual([{ name: 'Korban Ani' }]);
    lockVault();
    await unlockVault(OTHER_PIN);
    expect(await getProfile()).toEqual({ name: 'Budi' });
    expect((await listRecords({})).items.map((r) => r.kind)).toEqual(['referral']);
    expect(await countUnsyncedOnPhone()).toBe(2);
  });

  it('a new profile cannot take a PIN that opens another (counted as a wrong try)', async () => {
    await createVault(PIN);
    lockVault();
    const e = await caught(createVault(PIN, { additional: true }));
    expect(e.code).toBe('pin_unavailable');
    expect((await getPinDelay()).attempts).toBe(1);
    expect(await getVaultStatus()).toBe('locked');
  });

  it('changing the PIN keeps everything; the old PIN no longer opens', async () => {
    await createVault(PIN);
    const saved = await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    expect((await caught(changeSecret(OTHER_PIN, '583920', 'pin'))).code).toBe('wrong_pin');
    expect((await caught(changeSecret(PIN, '123456', 'pin'))).code).toBe('pin_weak');
    await changeSecret(PIN, '583920', 'pin');
    lockVault();
    expect((await caught(unlockVault(PIN))).code).toBe('wrong_pin');
    await unlockVault('583920');
    expect((await getRecord(saved.id))?.payload).toEqual({ name: 'A' });
  });

  it('a passphrase (words) can replace the PIN; a weak one is refused with the reason', async () => {
    expect((await caught(createVault('sandi', { secret: 'passphrase' }))).details?.problem).toBe(
      'too_short',
    );
    expect(
      (await caught(createVault('passwordpassword', { secret: 'passphrase' }))).details?.problem,
    ).toBe('few_words');
    const weak = await caught(createVault('satu dua tiga', { secret: 'passphrase' }));
    expect([weak.code, weak.details?.problem]).toEqual(['passphrase_weak', 'guessable']);
    const phrase = 'kebun jeruk nenek di lereng merapi';
    await createVault(phrase, { secret: 'passphrase' });
    lockVault();
    await unlockVault(phrase);
    expect((await getSecuritySettings()).secret).toBe('passphrase');
  });
});

describe('passkey (WebAuthn PRF) binding', () => {
  beforeEach(freshStore);

  it('a PRF-bound profile needs the passkey: the right PIN alone does not open it', async () => {
    const passkeys = installFakePasskeys();
    await createVault(PIN, { passkey: true });
    await saveRecord({ kind: 'migrant', payload: { name: 'Rahasia' } });
    expect((await getSecuritySettings()).passkey).toBe(true);
    lockVault();

    // A copy of the storage elsewhere: no authenticator holds the credential.
    passkeys.state.present = false;
    const e = await caught(unlockVault(PIN));
    expect(e.code).toBe('passkey_cancelled');
    expect(e.details?.attempts).toBe(1);
    expect(await getVaultStatus()).toBe('locked');

    passkeys.state.present = true;
    expect((await caught(unlockVault(OTHER_PIN))).code).toBe('wrong_pin');
    await unlockVault(PIN);
    expect((await listRecords({})).items[0]?.payload).toEqual({ name: 'Rahasia' });
    passkeys.remove();
  });

  it('enrols later from Settings and can be removed, keeping the data', async () => {
    const passkeys = installFakePasskeys();
    await createVault(PIN);
    const saved = await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    await enrollPasskey(PIN);
    lockVault();
    passkeys.state.present = false;
    expect((await caught(unlockVault(PIN))).code).toBe('passkey_cancelled');
    passkeys.state.present = true;
    await unlockVault(PIN);
    await removePasskey(PIN);
    lockVault();
    passkeys.state.present = false;
    await unlockVault(PIN);
    expect((await getRecord(saved.id))?.payload).toEqual({ name: 'A' });
    passkeys.remove();
  });

  it('an authenticator without PRF stores nothing and says so; a cancelled prompt loses nothing', async () => {
    const passkeys = installFakePasskeys({ prf: false });
    expect((await caught(createVault(PIN, { passkey: true }))).code).toBe('passkey_unsupported');
    expect(await getVaultStatus()).toBe('uninitialised');
    passkeys.state.prf = true;
    passkeys.state.cancel = true;
    expect((await caught(createVault(PIN, { passkey: true }))).code).toBe('passkey_cancelled');
    expect(await getVaultStatus()).toBe('uninitialised');
    passkeys.remove();
  });
});
