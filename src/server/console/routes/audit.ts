// Area "audit" (administrators): the log filtered, as CSV, and the chain's verification.
import { Hono } from 'hono';
import { auditQuerySchema } from '../../../domain/console';
import type { AppEnv } from '../../http/common';
import { appendAudit, auditCsv, queryAudit, verifyAuditChain } from '../audit';
import { requireRole } from '../guard';
import { actor, parseQuery, type ConsoleDeps } from './common';

export function auditRoutes(deps: ConsoleDeps): Hono<AppEnv> {
  const { db, now } = deps;
  const app = new Hono<AppEnv>();
  for (const path of ['/audit', '/audit.csv', '/audit/verify']) app.use(path, requireRole('admin'));

  app.get('/audit', async (c) => {
    const query = parseQuery(
      c,
      auditQuerySchema,
      'Use ?actor=&action=&from=&to=&before=&limit=1..1000',
    );
    if (!query.ok) return query.response;
    return c.json(await queryAudit(db, query.data));
  });

  app.get('/audit.csv', async (c) => {
    const query = parseQuery(c, auditQuerySchema, 'Use ?actor=&action=&from=&to=');
    if (!query.ok) return query.response;
    const { actor: who, action, from, to } = query.data;
    const csv = await auditCsv(db, {
      ...(who !== undefined ? { actor: who } : {}),
      ...(action !== undefined ? { action } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    await appendAudit(db, { ...actor(c), action: 'audit_downloaded' }, now());
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="jejaring-audit-${now().toISOString().slice(0, 10)}.csv"`,
    });
  });

  app.get('/audit/verify', async (c) => c.json(await verifyAuditChain(db)));

  return app;
}
