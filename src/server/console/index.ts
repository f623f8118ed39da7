// The coordinator console's server side, mounted by httpApp.ts under /api/console: the guard
// (Origin check + session) on every /api/console/* path, then the areas, each in ./routes.
// Other areas under /api/console/ (the map) use requireRole from here after the guard.
import { Hono } from 'hono';
import type { AppEnv } from '../http/common';
import { authRoutes } from './routes/auth';
import { recordRoutes } from './routes/records';
import { accountRoutes } from './routes/accounts';
import { districtKeyRoutes } from './routes/districtKey';
import { deviceRoutes } from './routes/devices';
import { passkeyRoutes } from './routes/passkeys';
import { auditRoutes } from './routes/audit';
import type { ConsoleDeps } from './routes/common';

export { consoleGuard, requireRole, requireSession, sessionRoles, ownOrigin } from './guard';
export type { ConsoleDeps } from './routes/common';
export { DEFAULT_THROTTLE, type ThrottlePolicy } from './throttle';

/** Every console area; mount at /api/console after consoleGuard. */
export function consoleRoutes(deps: ConsoleDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/', authRoutes(deps));
  app.route('/', recordRoutes(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', passkeyRoutes(deps));
  app.route('/', districtKeyRoutes(deps));
  app.route('/', deviceRoutes(deps));
  app.route('/', auditRoutes(deps));
  return app;
}
