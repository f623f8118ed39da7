// Area "devices and directory" (administrators): phones with last seen and record counts,
// revoking one, moving a volunteer's records to a new phone, enrollment codes with their enroll
// URL (the browser draws the QR), the local contacts directory and notices (both reach phones
// through the feed). Device queries live in devices.ts.
import { Hono } from 'hono';
import {
  directoryPutSchema,
  enrollmentCodeRequestSchema,
  moveRecordsSchema,
  noticeRequestSchema,
} from '../../../domain/console';
import { enrollmentUrl } from '../../adminCoordinator';
import {
  createEnrollmentCode,
  deviceExists,
  listDevices,
  listEnrollmentCodes,
  reassignRecords,
  recordCountsByDevice,
  revokeDevice,
} from '../../devices';
import { addNotice, currentDirectory, setDirectory } from '../../feed/answers';
import { apiError, type AppEnv } from '../../http/common';
import { appendAudit } from '../audit';
import { ownOrigin, requireRole } from '../guard';
import { actor, idParam, parseBody, type ConsoleDeps } from './common';

export function deviceRoutes(deps: ConsoleDeps): Hono<AppEnv> {
  const { db, now } = deps;
  const app = new Hono<AppEnv>();
  for (const path of ['/devices', '/devices/*', '/enrollment-codes', '/directory', '/notices'])
    app.use(path, requireRole('admin'));

  app.get('/devices', async (c) => {
    const [devices, counts] = await Promise.all([
      listDevices(db, deps.dataKey),
      recordCountsByDevice(db),
    ]);
    return c.json(
      devices.map((d) => ({
        id: d.id,
        label: d.label,
        createdAt: d.enrolledAt,
        lastSeenAt: d.lastSeenAt,
        ...(d.revokedAt !== null ? { revokedAt: d.revokedAt } : {}),
        records: counts.get(d.id) ?? 0,
      })),
    );
  });

  app.post('/devices/:id/revoke', async (c) => {
    const id = idParam(c);
    const revoked = id === undefined ? undefined : await revokeDevice(db, id, now());
    if (revoked === undefined || id === undefined)
      return apiError(c, 404, 'not_found', 'No such device.');
    await appendAudit(db, { ...actor(c), action: 'device_revoked', target: id }, now());
    return c.json(revoked);
  });

  app.post('/devices/:id/move', async (c) => {
    const id = idParam(c);
    const body = await parseBody(c, moveRecordsSchema, 'Send {"toDeviceId"}');
    if (!body.ok) return body.response;
    const to = body.data.toDeviceId;
    if (id === undefined || !(await deviceExists(db, id)) || !(await deviceExists(db, to)))
      return apiError(c, 404, 'not_found', 'No such device.');
    if (id === to)
      return apiError(c, 400, 'malformed', 'Choose another phone to move the records to.');
    let moved: number;
    try {
      moved = await reassignRecords(db, id, to);
    } catch {
      return apiError(
        c,
        409,
        'device_revoked',
        'The new phone was revoked; enroll it again first.',
      );
    }
    await appendAudit(
      db,
      { ...actor(c), action: 'records_moved', target: id, detail: `${moved} records to ${to}` },
      now(),
    );
    return c.json({ moved, fromDeviceId: id, toDeviceId: to });
  });

  app.get('/enrollment-codes', async (c) => {
    const at = now().toISOString();
    return c.json(
      (await listEnrollmentCodes(db)).map((code) => ({ ...code, expired: code.expiresAt <= at })),
    );
  });

  app.post('/enrollment-codes', async (c) => {
    const body = await parseBody(c, enrollmentCodeRequestSchema, 'Send {"uses", "ttlHours"}');
    if (!body.ok) return body.response;
    const created = await createEnrollmentCode(db, deps.dataKey, {
      uses: body.data.uses,
      expiresInHours: body.data.ttlHours,
      now: now(),
    });
    await appendAudit(
      db,
      {
        ...actor(c),
        action: 'enrollment_code_created',
        detail: `${body.data.uses} uses, ${body.data.ttlHours} h`,
      },
      now(),
    );
    return c.json(
      {
        code: created.code,
        expiresAt: created.expiresAt,
        uses: body.data.uses,
        enrollUrl: enrollmentUrl(ownOrigin(c, deps), created.code),
      },
      201,
    );
  });

  app.get('/directory', async (c) => c.json(await currentDirectory(db)));

  app.put('/directory', async (c) => {
    const body = await parseBody(c, directoryPutSchema, 'Send {"contacts": [LocalContact, …]}');
    if (!body.ok) return body.response;
    const published = await setDirectory(db, body.data.contacts, now());
    await appendAudit(
      db,
      { ...actor(c), action: 'directory_published', detail: `${published.count} contacts` },
      now(),
    );
    return c.json(published);
  });

  app.post('/notices', async (c) => {
    const body = await parseBody(c, noticeRequestSchema, 'Send {"text"} (1–500 characters)');
    if (!body.ok) return body.response;
    const sent = await addNotice(db, body.data.text, now());
    await appendAudit(db, { ...actor(c), action: 'notice_sent', target: sent.id }, now());
    return c.json(sent, 201);
  });

  return app;
}
