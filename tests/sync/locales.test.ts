import { describe, expect, it } from 'vitest';
import en from '../../locales/en/sync.json';
import id from '../../locales/id/sync.json';
import { AUTH_FAILURE_CODES, RETRY_CODES, type SyncPhase } from '../../src/sync/engine';
import { rejectionMessageKey, SyncError, type SyncErrorCode } from '../../src/sync/errors';

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'string') out.set(path, child);
    else for (const [k, v] of flatten(child, path)) out.set(k, v);
  }
  return out;
}

const bundles = { id: flatten(id), en: flatten(en) };
const PHASES: SyncPhase[] = [
  'idle',
  'syncing',
  'waiting_retry',
  'offline',
  'needs_enrollment',
  'not_enrolled',
  'locked',
];
const SYNC_ERROR_CODES: SyncErrorCode[] = [
  'invalid_url',
  'insecure_url',
  'unreachable',
  'enrollment_code_invalid',
  'rate_limited',
  'server_error',
  'vault_locked',
];

describe('sync locales', () => {
  it('Bahasa Indonesia and English have exactly the same keys, none empty', () => {
    expect([...bundles.en.keys()].sort()).toEqual([...bundles.id.keys()].sort());
    for (const bundle of Object.values(bundles)) {
      for (const text of bundle.values()) expect(text.trim()).not.toBe('');
    }
  });

  it('keep the same interpolation variables in both languages', () => {
    const vars = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of bundles.id)
      expect(vars(bundles.en.get(key) ?? '')).toEqual(vars(text));
  });

  it('name every phase, record state, error and rejection the sync module can produce', () => {
    const keys = [
      ...PHASES.flatMap((p) => [`phase.${p}`, `phaseHelp.${p}`]),
      ...['pending', 'sending', 'synced', 'rejected'].map((s) => `recordState.${s}`),
      ...[...SYNC_ERROR_CODES, ...RETRY_CODES, ...AUTH_FAILURE_CODES].map((c) => `errors.${c}`),
      ...['invalid', 'unknown_kind', 'conflict', 'forbidden', 'too_large', 'other'].map((c) =>
        rejectionMessageKey(c).replace('sync:', ''),
      ),
      new SyncError('invalid_url').key.replace('sync:', ''),
      'waiting_one',
      'waiting_other',
      'lastSync',
      'lastSyncNever',
    ];
    for (const bundle of Object.values(bundles)) {
      for (const key of keys) expect(bundle.has(key), key).toBe(true);
    }
  });

  it('use the agreed wording for record states in Bahasa Indonesia', () => {
    expect(bundles.id.get('recordState.pending')).toBe('Tersimpan di HP');
    expect(bundles.id.get('recordState.sending')).toBe('Sedang dikirim');
    expect(bundles.id.get('recordState.synced')).toBe('Terkirim');
    expect(bundles.id.get('recordState.rejected')).toBe('Perlu perhatian');
    expect(bundles.id.get('waiting_other')).toContain('{{count}}');
  });
});
