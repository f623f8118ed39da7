// Area "district key": public information for coordinators and administrators, the caller's own
// wrapped private keys, registering a new (or rotated) key made in the browser, adding a holder.
import { Hono } from 'hono';
import { addHolderSchema, registerKeySchema } from '../../../domain/console';
import { describePublicKey } from '../../../crypto/seal';
import { apiError, type AppEnv } from '../../http/common';
import { findAccount, rolesOf } from '../accounts';
import { appendAudit } from '../audit';
import { requireRole } from '../guard';
import {
  addHolder,
  districtKeyState,
  KeyHolderError,
  registerBrowserKey,
  wrappedKeysOf,
} from '../keyHolders';
import { actor, parseBody, type ConsoleDeps } from './common';

const STATUS = {
  not_key_holder: 403,
  retired_key: 409,
  already_holder: 409,
  not_found: 404,
} as const;

export function districtKeyRoutes(deps: ConsoleDeps): Hono<AppEnv> {
  const { db, now } = deps;
  const app = new Hono<AppEnv>();

  app.get('/district-key', requireRole('coordinator', 'admin'), async (c) =>
    c.json(await districtKeyState(db)),
  );

  app.get('/district-key/wrapped', requireRole('coordinator'), async (c) =>
    c.json(await wrappedKeysOf(db, c.get('consoleSession')?.account.id ?? '')),
  );

  app.post('/district-key', requireRole('coordinator'), async (c) => {
    const body = await parseBody(c, registerKeySchema, 'Send {"publicKey": JWK, "wrapped": {…}}');
    if (!body.ok) return body.response;
    try {
      await describePublicKey(body.data.publicKey);
    } catch {
      return apiError(c, 400, 'malformed', 'publicKey is not a valid P-256 public key.');
    }
    try {
      const registered = await registerBrowserKey(
        db,
        { ...body.data, accountId: c.get('consoleSession')?.account.id ?? '' },
        now(),
      );
      await appendAudit(
        db,
        { ...actor(c), action: 'district_key_registered', target: registered.kid },
        now(),
      );
      for (const kid of registered.retired)
        await appendAudit(db, { ...actor(c), action: 'district_key_retired', target: kid }, now());
      return c.json(registered, 201);
    } catch (error) {
      if (error instanceof KeyHolderError)
        return apiError(c, STATUS[error.code], error.code, error.message);
      throw error;
    }
  });

  app.post('/district-key/:kid/holders', requireRole('coordinator'), async (c) => {
    const kid = c.req.param('kid');
    const body = await parseBody(c, addHolderSchema, 'Send {"accountId", "wrapped": {…}}');
    if (!body.ok) return body.response;
    const target = await findAccount(db, body.data.accountId);
    if (target === undefined || target.disabled_at !== null)
      return apiError(c, 404, 'not_found', 'No such active account.');
    if (!rolesOf(target).includes('coordinator'))
      return apiError(
        c,
        409,
        'not_coordinator',
        'Only a coordinator can hold the district key; give the account that role first.',
      );
    try {
      await addHolder(
        db,
        {
          kid,
          accountId: target.id,
          wrapped: body.data.wrapped,
          by: c.get('consoleSession')?.account.id ?? '',
        },
        now(),
      );
    } catch (error) {
      if (error instanceof KeyHolderError)
        return apiError(c, STATUS[error.code], error.code, error.message);
      throw error;
    }
    await appendAudit(
      db,
      { ...actor(c), action: 'key_holder_added', target: kid, detail: `holder ${target.id}` },
      now(),
    );
    return c.json({ kid, accountId: target.id }, 201);
  });

  return app;
}
