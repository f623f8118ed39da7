// Operators' safety: admin backup (a consistent copy), admin verify (engine check + every row well
// formed), export that skips and counts unreadable rows, purge-record and retention (content goes,
// existence and dates stay), and the integrity check at start.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adminMain, type AdminIo } from '../../src/server/admin';
import { openDatabase } from '../../src/server/db';
import { startServer } from '../../src/server/main';
import { applyRetention, PURGED_PAYLOAD, verifyDatabase } from '../../src/server/maintenance';
import { createTestApp, enrollDevice, envelope, push, TEST_DIALECT, type TestApp } from './helpers';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let t: TestApp;
let env: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp();
  env = { DATA_DIR: t.dir, DATA_KEY: t.rawKey.toString('base64') };
});
afterEach(async () => {
  await t.close();
});

function collect(): AdminIo & { text(): string } {
  let text = '';
  return {
    write: (more) => {
      text += more;
      return Promise.resolve();
    },
    text: () => text,
  };
}

async function admin(args: string[]) {
  const out = collect();
  const err = collect();
  const code = await adminMain(args, env, out, err);
  return { code, stdout: out.text(), stderr: err.text() };
}

async function pushSome(count: number) {
  const { token } = await enrollDevice(t);
  const records = Array.from({ length: count }, () => envelope());
  const answer = await push(t.app, token, records);
  expect(answer.status).toBe(200);
  return { token, records };
}

/** Spoils one stored payload as a torn page or a bad restore would. */
async function damage(id: string) {
  await t.opened.db
    .updateTable('records_current')
    .set({ payload: 'v1.AAAA.BBBB' })
    .where('id', '=', id)
    .execute();
}

describe('admin verify', () => {
  it('passes a sound database and names every damaged row, exiting 1', async () => {
    const { records } = await pushSome(5);
    const sound = await admin(['verify']);
    expect(sound.code).toBe(0);
    const report = JSON.parse(sound.stdout) as { ok: boolean; rowsChecked: number };
    expect(report).toMatchObject({ ok: true, rowsChecked: 10 });

    await damage(records[2]!.id);
    await t.opened.db
      .updateTable('record_revisions')
      .set({ kind: 'no_such_kind' })
      .where('id', '=', records[4]!.id)
      .execute();
    const damaged = await admin(['verify']);
    expect(damaged.code).toBe(1);
    const problems = (JSON.parse(damaged.stdout) as { problems: { id: string; problem: string }[] })
      .problems;
    expect(problems.map((p) => p.id).sort()).toEqual([records[2]!.id, records[4]!.id].sort());
  });
});

describe('admin export', () => {
  it('skips and counts rows it cannot read, writing all the others', async () => {
    const { records } = await pushSome(4);
    await damage(records[1]!.id);
    const run = await admin(['export', '--format', 'ndjson']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(run.stderr).toContain('1 record(s) could not be read');
    expect(run.stderr).toContain(records[1]!.id);
  });
});

describe('admin purge-record and retention', () => {
  it('purge-record removes the content of every revision, keeps id, revs and dates; a resend is duplicate', async () => {
    const { token, records } = await pushSome(2);
    const target = records[0]!;
    const second = { ...target, rev: 2, updatedAt: '2026-11-30T10:00:00+07:00' };
    expect((await push(t.app, token, [second])).body.results[0]?.status).toBe('stored');
    const run = await admin(['purge-record', target.id]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ id: target.id, rowsPurged: 3 });
    const rows = await t.opened.db
      .selectFrom('record_revisions')
      .select(['rev', 'payload', 'created_at', 'updated_at'])
      .where('id', '=', target.id)
      .orderBy('rev')
      .execute();
    expect(rows.map((r) => [Number(r.rev), r.payload, r.created_at])).toEqual([
      [1, PURGED_PAYLOAD, target.createdAt],
      [2, PURGED_PAYLOAD, target.createdAt],
    ]);
    // The phone resending it does not bring the content back.
    expect((await push(t.app, token, [second])).body.results[0]?.status).toBe('duplicate');
    // Purged rows are well formed; export shows the record without content.
    expect((await admin(['verify'])).code).toBe(0);
    const exported = (await admin(['export', '--format', 'ndjson'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; purged?: boolean; payload: unknown });
    expect(exported.find((e) => e.id === target.id)).toMatchObject({ purged: true, payload: null });
    expect((await admin(['purge-record', 'no-such-id'])).code).toBe(1);
  });

  it('retention empties superseded revisions and tombstoned records older than N days', async () => {
    const { token, records } = await pushSome(3);
    const [edited, deleted, kept] = records as [
      (typeof records)[0],
      (typeof records)[0],
      (typeof records)[0],
    ];
    await push(t.app, token, [
      { ...edited, rev: 2 },
      { ...deleted, rev: 2, deleted: true, payload: {} },
    ]);
    // Nothing is old enough yet.
    expect(await applyRetention(t.opened.db, 30)).toEqual({
      supersededRevisions: 0,
      tombstonedRows: 0,
    });
    const later = new Date(Date.now() + 31 * 86_400_000);
    const result = await applyRetention(t.opened.db, 30, later);
    expect(result).toEqual({ supersededRevisions: 2, tombstonedRows: 2 });
    const payloads = await t.opened.db
      .selectFrom('record_revisions')
      .select(['id', 'rev', 'payload'])
      .execute();
    const purged = (id: string, rev: number) =>
      payloads.find((p) => p.id === id && Number(p.rev) === rev)?.payload === PURGED_PAYLOAD;
    expect(purged(edited.id, 1)).toBe(true);
    expect(purged(edited.id, 2)).toBe(false);
    expect(purged(deleted.id, 1)).toBe(true);
    expect(purged(kept.id, 1)).toBe(false);
    const report = await verifyDatabase(t.opened, t.dataKey);
    expect(report.problems).toEqual([]);
    expect(report.purgedRows).toBeGreaterThanOrEqual(3);
  });
});

describe('admin backup', () => {
  it('writes a consistent, self-contained copy (SQLite) or points to pg_dump (PostgreSQL)', async () => {
    const { records } = await pushSome(3);
    const target = path.join(t.dir, 'backup', 'jejaring-backup.sqlite');
    const run = await admin(['backup', target]);
    if (TEST_DIALECT === 'postgres') {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('pg_dump');
      return;
    }
    expect(run.code).toBe(0);
    // The copy holds everything, including what was still only in the live WAL.
    const copy = new BetterSqlite3(target, { readonly: true });
    try {
      const ids = copy.prepare('select id from records_current').all() as { id: string }[];
      expect(ids.map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
      expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    // Never overwrites.
    expect((await admin(['backup', target])).code).toBe(1);
  });
});

describe('at start', () => {
  it('refuses a DATA_DIR inside STATIC_DIR (it would be served)', async () => {
    await expect(
      startServer({
        dataDir: path.join(t.dir, 'web', 'data'),
        staticDir: path.join(t.dir, 'web'),
        port: 0,
        dataKey: t.rawKey,
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/must not be inside STATIC_DIR/);
  });

  it('refuses to serve a database that fails its integrity check', async () => {
    await pushSome(50);
    if (TEST_DIALECT === 'postgres') {
      // PostgreSQL checks its own pages; a sound database passes and the check is what start runs.
      expect(await t.opened.integrityProblems()).toEqual([]);
      const running = await startServer({
        dataDir: t.dir,
        staticDir: null,
        port: 0,
        dataKey: t.rawKey,
        logLevel: 'silent',
      });
      await running.close();
      return;
    }
    await t.opened.close();
    const file = path.join(t.dir, 'jejaring.sqlite');
    // Spoil pages past the header, as a torn write or a bad disk would.
    const bytes = readFileSync(file);
    for (let at = 4096 * 2; at < bytes.length; at += 97) bytes[at] = (bytes[at] ?? 0) ^ 0xa5;
    writeFileSync(file, bytes);
    await expect(
      startServer({
        dataDir: t.dir,
        staticDir: null,
        port: 0,
        dataKey: t.rawKey,
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/integrity|malformed|corrupt/i);
    t.opened = await openDatabase(path.join(t.dir, 'fresh'));
  });
});
