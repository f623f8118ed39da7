import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { DataError, isDataError } from '../../src/data';
import { guardWrite, isQuotaError } from '../../src/data/errors';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('error mapping', () => {
  it('recognises QuotaExceededError itself and wrapped by Dexie', () => {
    expect(isQuotaError(quota())).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('aborted', quota()))).toBe(true);
    expect(isQuotaError(new Dexie.BulkError('bulk', [quota()]))).toBe(true);
    expect(isQuotaError(new Error('other', { cause: quota() }))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('aborted'))).toBe(false);
    expect(isQuotaError(new TypeError('x'))).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
  });

  it('guardWrite turns storage-full into quota_exceeded and leaves other errors alone', async () => {
    const mapped = await guardWrite(() =>
      Promise.reject(new Dexie.AbortError('aborted', quota())),
    ).catch((e: unknown) => e);
    expect(isDataError(mapped, 'quota_exceeded')).toBe(true);
    const other = new TypeError('bug');
    await expect(guardWrite(() => Promise.reject(other))).rejects.toBe(other);
    const own = new DataError('vault_locked');
    await expect(guardWrite(() => Promise.reject(own))).rejects.toBe(own);
    expect(await guardWrite(() => Promise.resolve(7))).toBe(7);
  });

  it('carries a code and details, and no personal data in its message', () => {
    const e = new DataError('wrong_pin', { attempts: 4, retryAfterMs: 30_000 });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DataError');
    expect(e.message).toBe('DataError: wrong_pin');
    expect(e.details).toEqual({ attempts: 4, retryAfterMs: 30_000 });
  });
});
