// Area "sync v1": POST /api/v1/sync/push with clear payloads (the server validates and encrypts
// them at rest). Kept until phones speak v2.
import { Hono } from 'hono';
import { MAX_PUSH_RECORDS } from '../../domain/envelope';
import { admittedBody, type PushAdmission } from '../admission/pushAdmission';
import {
  apiError,
  isPlainObject,
  methodNotAllowed,
  type AppEnv,
  type RouteDeps,
} from '../http/common';
import { requireDevice } from '../http/deviceAuth';
import {
  DeviceRevokedError,
  hasRecordIdentity,
  ingestRecords,
  type PayloadValidator,
} from '../ingest';

export { BUSY_RETRY_AFTER_SECONDS } from '../admission/pushAdmission';

export interface SyncV1RouteOptions extends RouteDeps {
  /** Per-device bounds, quotas, body deadline and processing slots (admission/). */
  admission: PushAdmission;
  validatePayload: PayloadValidator;
}

export function syncV1Routes(options: SyncV1RouteOptions): Hono<AppEnv> {
  const { db, dataKey, now } = options;
  const ingest = { db, dataKey, now, validatePayload: options.validatePayload };
  const app = new Hono<AppEnv>();

  // Authentication, then admission (which reads the body), then the handler: it only ever sees
  // pushes whose body has fully arrived and passed the size and shape limits.
  app.post('/api/v1/sync/push', requireDevice({ db }), options.admission.middleware, async (c) => {
    const deviceId = c.get('deviceId') as string;
    const value = admittedBody(c);
    if (!isPlainObject(value) || !Array.isArray(value.records)) {
      return apiError(c, 400, 'malformed', 'Send {"records": [envelope, …]}.');
    }
    const records: unknown[] = value.records;
    if (records.length > MAX_PUSH_RECORDS) {
      return apiError(
        c,
        413,
        'payload_too_large',
        `At most ${MAX_PUSH_RECORDS} records per request; split the batch.`,
      );
    }
    if (records.length === 0) {
      return apiError(c, 400, 'malformed', 'Send at least one record.');
    }
    if (!records.every(hasRecordIdentity)) {
      // Without an id and rev a record cannot get its own answer.
      return apiError(
        c,
        400,
        'malformed',
        'Every record needs a string "id" and an integer "rev" >= 1.',
      );
    }
    try {
      const results = await ingestRecords(ingest, deviceId, records);
      return c.json({ results, serverTime: now().toISOString() });
    } catch (error) {
      if (error instanceof DeviceRevokedError) {
        return apiError(c, 403, 'device_revoked', 'This device was revoked; enroll it again.');
      }
      throw error;
    }
  });

  app.all('/api/v1/sync/push', methodNotAllowed('POST'));
  return app;
}
