// The audit log: hash-chained and append-only (tampering is detected), filtered and downloaded
// by administrators, never holding content.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/domain/console';
import { appendAudit, verifyAuditChain } from '../../../src/server/console/audit';
import {
  call,
  createConsoleApp,
  json,
  login,
  makeAccount,
  type ConsoleTestApp,
} from './consoleHelpers';

let t: ConsoleTestApp;
let admin: string;
beforeEach(async () => {
  t = await createConsoleApp();
  await makeAccount(t, 'admin', ['admin']);
  admin = await login(t, 'admin');
});
afterEach(async () => {
  await t.close();
});

async function fill(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    t.advance(1000);
    await appendAudit(
      t.opened.db,
      {
        actorId: 'acc-1',
        actorName: i % 2 ? 'siti' : 'dewi',
        action: 'record_opened',
        target: `rec-${i}`,
        detail: 'rev 1',
      },
      t.clock.now,
    );
  }
}

describe('audit chain', () => {
  it('verifies an intact chain, including entries appended concurrently', async () => {
    await fill(5);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        appendAudit(
          t.opened.db,
          { actorId: null, actorName: 'x', action: 'export', detail: `${i}` },
          t.clock.now,
        ),
      ),
    );
    const result = await verifyAuditChain(t.opened.db);
    expect(result.ok).toBe(true);
    // 1 sign-in + 5 + 12
    expect(result.entries).toBe(18);
    const verify = await json(await call(t, 'GET', '/api/console/audit/verify', { cookie: admin }));
    expect(verify).toEqual({ ok: true, entries: 18 });
  });

  it.each([
    ['a changed detail', { detail: 'rev 2' }],
    ['a changed actor', { actor_name: 'someone else' }],
    ['a changed time', { at: '2020-01-01T00:00:00.000Z' }],
    ['a recomputed-looking hash', { hash: 'f'.repeat(64) }],
  ])('detects %s', async (_name, change) => {
    await fill(6);
    await t.opened.db.updateTable('console_audit').set(change).where('seq', '=', 4).execute();
    const result = await verifyAuditChain(t.opened.db);
    expect(result).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('detects a removed entry', async () => {
    await fill(6);
    await t.opened.db.deleteFrom('console_audit').where('seq', '=', 3).execute();
    expect(await verifyAuditChain(t.opened.db)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects a rewritten entry whose own hash was recomputed (the next link breaks)', async () => {
    await fill(6);
    const { auditHash } = await import('../../../src/server/console/audit');
    const row = await t.opened.db
      .selectFrom('console_audit')
      .selectAll()
      .where('seq', '=', 4)
      .executeTakeFirstOrThrow();
    const forged = {
      seq: 4,
      at: row.at,
      actorId: row.actor_id,
      actorName: 'forger',
      action: 'record_opened' as const,
      ...(row.target ? { target: row.target } : {}),
      ...(row.detail ? { detail: row.detail } : {}),
    };
    await t.opened.db
      .updateTable('console_audit')
      .set({ actor_name: 'forger', hash: auditHash(row.prev_hash, forged) })
      .where('seq', '=', 4)
      .execute();
    expect(await verifyAuditChain(t.opened.db)).toMatchObject({ ok: false, brokenAt: 5 });
  });
});

describe('GET /audit and /audit.csv', () => {
  it('filters by actor, action and period, newest first, and pages', async () => {
    await fill(10);
    const page = await json<{ items: AuditEntry[]; more: boolean }>(
      await call(t, 'GET', '/api/console/audit?actor=siti&action=record_opened&limit=3', {
        cookie: admin,
      }),
    );
    expect(page.items).toHaveLength(3);
    expect(page.more).toBe(true);
    expect(page.items.every((e) => e.actorName === 'siti' && e.action === 'record_opened')).toBe(
      true,
    );
    const seqs = page.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const from = new Date(t.clock.now.getTime() - 2500).toISOString();
    const recent = await json<{ items: AuditEntry[] }>(
      await call(t, 'GET', `/api/console/audit?from=${encodeURIComponent(from)}`, {
        cookie: admin,
      }),
    );
    expect(recent.items.map((e) => e.target)).toEqual(['rec-9', 'rec-8', 'rec-7']);
    const bad = await call(t, 'GET', '/api/console/audit?action=nonsense', { cookie: admin });
    expect(bad.status).toBe(400);
  });

  it('downloads CSV oldest first with the chain columns, and audits the download', async () => {
    await appendAudit(
      t.opened.db,
      { actorId: null, actorName: '=cmd()', action: 'export', detail: 'a, "b"' },
      t.clock.now,
    );
    const response = await call(t, 'GET', '/api/console/audit.csv', { cookie: admin });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor_id,actor_name,action,target,detail,prev_hash,hash');
    expect(lines[1]).toMatch(/^1,.*,admin,sign_in,/);
    expect(lines[2]).toContain(`'=cmd()`);
    expect(lines[2]).toContain('"a, ""b"""');
    const downloaded = await json<{ items: AuditEntry[] }>(
      await call(t, 'GET', '/api/console/audit?action=audit_downloaded', { cookie: admin }),
    );
    expect(downloaded.items).toHaveLength(1);
  });

  it('holds no content: sign-in failures do not log what was typed', async () => {
    await call(t, 'POST', '/api/console/auth/login', {
      body: { username: 'my secret password 123', password: 'x' },
    });
    const rows = await t.opened.db.selectFrom('console_audit').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('my secret password');
    expect(rows.some((r) => r.action === 'sign_in_failed')).toBe(true);
  });
});
