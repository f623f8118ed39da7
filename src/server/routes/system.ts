// Area "system": what any client may ask without a token — health and the kinds' JSON Schemas.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { kindJsonSchemas } from '../../domain';
import { methodNotAllowed, type AppEnv } from '../http/common';
import { REPO_ROOT } from '../paths';
import type { DialectName } from '../db';

const PACKAGE_VERSION = ((): string => {
  try {
    const pkg: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const version = (pkg as { version?: unknown }).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

export function systemRoutes(options: { storage: DialectName }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let schemas: unknown;

  app.get('/api/v1/health', (c) =>
    c.json({ status: 'ok', version: PACKAGE_VERSION, storage: options.storage }),
  );
  app.get('/api/v1/schemas', (c) => {
    schemas ??= { kinds: kindJsonSchemas() };
    return c.json(schemas as object);
  });

  app.all('/api/v1/health', methodNotAllowed('GET'));
  app.all('/api/v1/schemas', methodNotAllowed('GET'));
  return app;
}
