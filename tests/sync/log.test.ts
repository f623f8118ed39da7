import { describe, expect, it } from 'vitest';
import { formatSyncLog, formatSyncLogLine } from '../../src/sync/log';

describe('sync log text', () => {
  it('formats times, events, codes and counts', () => {
    expect(
      formatSyncLogLine({
        at: '2026-11-30T09:15:00+07:00',
        event: 'push',
        records: 200,
        bytes: 5123,
        httpStatus: 200,
        stored: 199,
        duplicate: 1,
      }),
    ).toBe(
      '2026-11-30T02:15:00.000Z push records=200 bytes=5123 httpStatus=200 stored=199 duplicate=1',
    );
    expect(
      formatSyncLogLine({
        at: '2026-11-30T02:15:00Z',
        event: 'retry',
        code: 'network',
        delayMs: 812,
      }),
    ).toBe('2026-11-30T02:15:00.000Z retry code=network delayMs=812');
  });

  it('never copies anything outside its whitelist, even if an entry carried personal data', () => {
    const line = formatSyncLogLine({
      at: '2026-11-30T02:15:00Z',
      event: 'push',
      reason: 'Siti Aminah',
      code: 'Budi <3>',
      payload: { name: 'Siti Aminah', nik: '3201234567890123' },
      id: '0192f1a6-0000-7000-8000-000000000000',
      records: '3201234567890123',
    });
    expect(line).toBe('2026-11-30T02:15:00.000Z push');
  });

  it('skips entries that are not log entries and adds a header', () => {
    const text = formatSyncLog(
      [null, 'x', { event: 'push' }, { at: '2026-11-30T02:15:00Z', event: 'idle' }],
      '2026-11-30T03:00:00.000Z',
      4,
    );
    expect(text).toBe(
      'Jejaring sync log — exported 2026-11-30T03:00:00.000Z — waiting=4\n2026-11-30T02:15:00.000Z idle\n',
    );
  });
});
