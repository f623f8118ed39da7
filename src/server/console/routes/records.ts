// Area "console records" (coordinators): sealed records in pages, revisions, reviews (answers to
// the phone), and the audit notes the browser sends when it opens a record or builds an export.
import { Hono, type Context } from 'hono';
import {
  exportAuditSchema,
  openAuditSchema,
  recordsQuerySchema,
  reviewRequestSchema,
} from '../../../domain/console';
import { devicePublicKey } from '../../devices';
import { apiError, type AppEnv } from '../../http/common';
import { appendAudit } from '../audit';
import { requireRole } from '../guard';
import {
  currentRecord,
  decodeRecordsCursor,
  recordReviews,
  recordRevisions,
  recordsPage,
  revisionExists,
} from '../records';
import { storeReview } from '../reviews';
import { actor, idParam, parseBody, parseQuery, type ConsoleDeps } from './common';

/** A note's `at` may differ from the server's clock by this much (the browser sealed it). */
const REVIEW_CLOCK_SKEW_MS = 3_600_000;

export function recordRoutes(deps: ConsoleDeps): Hono<AppEnv> {
  const { db, now } = deps;
  const app = new Hono<AppEnv>();
  app.use('/records', requireRole('coordinator'));
  app.use('/records/*', requireRole('coordinator'));
  app.use('/exports-audit', requireRole('coordinator'));

  const notFound = (c: Context<AppEnv>) =>
    apiError(c, 404, 'not_found', 'No such record on this server.');

  app.get('/records', async (c) => {
    const query = parseQuery(c, recordsQuerySchema, 'Use ?since=<cursor>&limit=1..1000');
    if (!query.ok) return query.response;
    const after = decodeRecordsCursor(query.data.since);
    if (after === undefined)
      return apiError(c, 400, 'malformed', 'since must be a cursor this server gave.');
    const page = await recordsPage(db, deps.dataKey, after, query.data.limit);
    // The console asks every minute for what arrived: a page with nothing in it is not audited,
    // or the log would drown in empty fetches.
    if (page.items.length > 0)
      await appendAudit(
        db,
        { ...actor(c), action: 'records_fetched', detail: `${page.items.length} records` },
        now(),
      );
    return c.json(page);
  });

  app.get('/records/:id/revisions', async (c) => {
    const id = idParam(c);
    if (id === undefined) return notFound(c);
    const items = await recordRevisions(db, id);
    if (items.length === 0) return notFound(c);
    await appendAudit(
      db,
      { ...actor(c), action: 'revisions_fetched', target: id, detail: `${items.length} revisions` },
      now(),
    );
    return c.json({ items });
  });

  app.post('/records/:id/open-audit', async (c) => {
    const id = idParam(c);
    if (id === undefined) return notFound(c);
    const body = await parseBody(c, openAuditSchema, 'Send {"rev"}');
    if (!body.ok) return body.response;
    if (!(await revisionExists(db, id, body.data.rev))) return notFound(c);
    await appendAudit(
      db,
      { ...actor(c), action: 'record_opened', target: id, detail: `rev ${body.data.rev}` },
      now(),
    );
    return c.body(null, 204);
  });

  app.get('/records/:id/reviews', async (c) => {
    const id = idParam(c);
    if (id === undefined) return notFound(c);
    if ((await currentRecord(db, id)) === undefined) return notFound(c);
    return c.json({ items: await recordReviews(db, id) });
  });

  app.post('/records/:id/review', async (c) => {
    const id = idParam(c);
    if (id === undefined) return notFound(c);
    const body = await parseBody(
      c,
      reviewRequestSchema,
      'Send {"rev", "state", "at"?, "note"?, "decision"?}',
    );
    if (!body.ok) return body.response;
    const review = body.data;
    const record = await currentRecord(db, id);
    if (record === undefined) return notFound(c);
    if (review.rev > record.rev || !(await revisionExists(db, id, review.rev)))
      return apiError(c, 400, 'bad_rev', `This record has no revision ${review.rev}; reload it.`);
    if (review.decision !== undefined && record.kind !== 'screening')
      return apiError(
        c,
        400,
        'decision_not_allowed',
        'A trafficking-status decision belongs to a screening only.',
      );
    const serverNow = now();
    const at = review.at !== undefined ? new Date(review.at) : serverNow;
    if (Math.abs(at.getTime() - serverNow.getTime()) > REVIEW_CLOCK_SKEW_MS)
      return apiError(
        c,
        400,
        'bad_time',
        "The time of this answer is far from the server's clock; check this computer's clock.",
      );
    if (review.note !== undefined) {
      const device = await devicePublicKey(db, record.deviceId);
      if (device === undefined)
        return apiError(
          c,
          400,
          'note_not_deliverable',
          'This phone has no device key (old version): send the answer without a note.',
        );
      if (!review.note.recipients.some((r) => r.kid === device.kid))
        return apiError(
          c,
          400,
          'note_recipients',
          "The note is not sealed to the phone's key; reload the record and try again.",
        );
    }
    const session = c.get('consoleSession');
    const stored = await storeReview(db, {
      recordId: id,
      rev: review.rev,
      state: review.state,
      at,
      ...(review.note !== undefined ? { note: review.note } : {}),
      ...(review.decision !== undefined ? { decision: review.decision } : {}),
      accountId: session?.account.id ?? '',
      accountName: session?.account.username ?? '',
      now: serverNow,
    });
    return c.json(
      {
        seq: stored.seq,
        recordId: id,
        rev: review.rev,
        state: review.state,
        at: at.toISOString(),
        ...(review.note !== undefined ? { note: review.note } : {}),
        ...(review.decision !== undefined ? { decision: review.decision } : {}),
        accountId: session?.account.id ?? '',
        accountName: session?.account.display_name ?? '',
      },
      201,
    );
  });

  app.post('/exports-audit', async (c) => {
    const body = await parseBody(c, exportAuditSchema, 'Send {"kind", "count", "format"}');
    if (!body.ok) return body.response;
    await appendAudit(
      db,
      {
        ...actor(c),
        action: 'export',
        target: body.data.kind,
        detail: `${body.data.count} records, ${body.data.format}`,
      },
      now(),
    );
    return c.body(null, 204);
  });

  return app;
}
