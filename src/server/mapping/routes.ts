// Area "map" of the console API: GET /api/console/map/* (docs/console-api.md, "Map"). Viewers and
// coordinators read the table, trends and report (counts only, small ones withheld from viewers);
// coordinators alone get the record ids behind a cell. The session and role checks are the
// console's (`requireRole` from src/server/console), handed in by httpApp.ts.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import {
  INDICATORS,
  mapRecordsQuerySchema,
  mapReportQuerySchema,
  mapTableQuerySchema,
  mapTrendQuerySchema,
  SMALL_COUNT,
  type MapAudience,
  type MapIndicatorsResponse,
} from '../../domain/mapping';
import type { ServerDb } from '../db';
import { apiError, methodNotAllowed, type AppEnv } from '../http/common';
import { mapRecords, mapReport, mapTable, mapTrend, MapQueryError } from './queries';

export interface MapRouteOptions {
  db: ServerDb;
  /** Lets viewers and coordinators through (401/403 otherwise). */
  readers: MiddlewareHandler<AppEnv>;
  /** Lets coordinators through. */
  coordinators: MiddlewareHandler<AppEnv>;
  /** Who is asking, after `readers`: coordinators see exact counts. */
  audienceOf: (c: Context<AppEnv>) => MapAudience;
}

const BASE = '/api/console/map';

function parse<S extends z.ZodType>(
  c: Context,
  schema: S,
): { ok: true; value: z.infer<S> } | { ok: false; response: Response } {
  const result = schema.safeParse(c.req.query());
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return {
    ok: false,
    response: apiError(c, 400, 'malformed', `Check the query: ${where}${issue.message}.`),
  };
}

async function answer(c: Context, run: () => Promise<object>): Promise<Response> {
  try {
    return c.json(await run());
  } catch (error) {
    if (error instanceof MapQueryError)
      return apiError(c, 400, 'malformed', `${error.message} Check the query.`);
    throw error;
  }
}

export function mapRoutes(options: MapRouteOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { db, readers, coordinators, audienceOf } = options;

  app.get(`${BASE}/indicators`, readers, (c) => {
    const body: MapIndicatorsResponse = {
      smallCount: SMALL_COUNT,
      audience: audienceOf(c),
      indicators: INDICATORS.map((i) => ({
        id: i.id,
        kind: i.kind,
        group: i.group,
        lampiran: i.lampiran,
        labelKey: i.labelKey,
        unit: i.unit,
        column: i.column,
        breakdowns: i.breakdowns.map((b) => ({
          id: b.id,
          labelKey: b.labelKey,
          labelKeyPrefix: b.labelKeyPrefix,
          codes: b.codes,
        })),
      })),
    };
    return c.json(body);
  });

  app.get(`${BASE}/table`, readers, async (c) => {
    const query = parse(c, mapTableQuerySchema);
    if (!query.ok) return query.response;
    return answer(c, () => mapTable(db, query.value, audienceOf(c)));
  });

  app.get(`${BASE}/trend`, readers, async (c) => {
    const query = parse(c, mapTrendQuerySchema);
    if (!query.ok) return query.response;
    return answer(c, () => mapTrend(db, query.value, audienceOf(c)));
  });

  app.get(`${BASE}/report`, readers, async (c) => {
    const query = parse(c, mapReportQuerySchema);
    if (!query.ok) return query.response;
    return answer(c, () => mapReport(db, query.value, audienceOf(c)));
  });

  app.get(`${BASE}/records`, coordinators, async (c) => {
    const query = parse(c, mapRecordsQuerySchema);
    if (!query.ok) return query.response;
    return answer(c, () => mapRecords(db, query.value));
  });

  for (const path of ['indicators', 'table', 'trend', 'report', 'records'])
    app.all(`${BASE}/${path}`, methodNotAllowed('GET'));
  return app;
}
