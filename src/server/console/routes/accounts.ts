// Area "console accounts" (administrators): list, create (with a one-time setup link), change
// roles, disable or enable, issue a new setup link. Nothing is deleted.
import { Hono } from 'hono';
import {
  accountCreateSchema,
  accountPatchSchema,
  setupLinkFor,
  type ConsoleRole,
} from '../../../domain/console';
import { apiError, type AppEnv } from '../../http/common';
import {
  AccountError,
  accountView,
  createAccount,
  findAccount,
  issueSetupToken,
  listAccounts,
  patchAccount,
  rolesOf,
} from '../accounts';
import { appendAudit } from '../audit';
import { ownOrigin, requireRole } from '../guard';
import { actor, idParam, parseBody, type ConsoleDeps } from './common';

export function accountRoutes(deps: ConsoleDeps): Hono<AppEnv> {
  const { db, now } = deps;
  const app = new Hono<AppEnv>();
  app.use('/accounts', requireRole('admin'));
  app.use('/accounts/*', requireRole('admin'));

  app.get('/accounts', async (c) => c.json(await listAccounts(db)));

  app.post('/accounts', async (c) => {
    const body = await parseBody(
      c,
      accountCreateSchema,
      'Send {"username", "displayName", "roles": ["admin"|"coordinator"|"viewer", …]}',
    );
    if (!body.ok) return body.response;
    try {
      const { account, token } = await createAccount(
        db,
        { ...body.data, roles: body.data.roles as ConsoleRole[] },
        now(),
      );
      await appendAudit(
        db,
        {
          ...actor(c),
          action: 'account_created',
          target: account.id,
          detail: `${account.username}: ${account.roles}`,
        },
        now(),
      );
      return c.json(
        {
          account: await accountView(db, account),
          setupLink: setupLinkFor(ownOrigin(c, deps), token),
        },
        201,
      );
    } catch (error) {
      if (error instanceof AccountError && error.code === 'username_taken')
        return apiError(c, 409, 'username_taken', 'This username is taken; choose another.');
      throw error;
    }
  });

  app.patch('/accounts/:id', async (c) => {
    const id = idParam(c);
    const body = await parseBody(c, accountPatchSchema, 'Send {"roles"?, "disabled"?}');
    if (!body.ok) return body.response;
    if (id === undefined) return apiError(c, 404, 'not_found', 'No such account.');
    try {
      const { before, after } = await patchAccount(
        db,
        id,
        {
          ...(body.data.roles !== undefined ? { roles: body.data.roles as ConsoleRole[] } : {}),
          ...(body.data.disabled !== undefined ? { disabled: body.data.disabled } : {}),
        },
        now(),
      );
      const changes = [
        ...(before.roles !== after.roles
          ? [`roles ${rolesOf(before).join('+')} -> ${rolesOf(after).join('+')}`]
          : []),
        ...((before.disabled_at === null) !== (after.disabled_at === null)
          ? [after.disabled_at === null ? 'enabled' : 'disabled']
          : []),
      ];
      await appendAudit(
        db,
        {
          ...actor(c),
          action: 'account_changed',
          target: id,
          detail: changes.join('; ') || 'no change',
        },
        now(),
      );
      return c.json(await accountView(db, after));
    } catch (error) {
      if (error instanceof AccountError && error.code === 'not_found')
        return apiError(c, 404, 'not_found', 'No such account.');
      if (error instanceof AccountError && error.code === 'last_admin')
        return apiError(
          c,
          409,
          'last_admin',
          'The district needs at least one active administrator; give the role to someone else first.',
        );
      throw error;
    }
  });

  app.post('/accounts/:id/setup-link', async (c) => {
    const id = idParam(c);
    const account = id === undefined ? undefined : await findAccount(db, id);
    if (account === undefined) return apiError(c, 404, 'not_found', 'No such account.');
    if (account.disabled_at !== null)
      return apiError(c, 409, 'account_disabled', 'Enable the account first.');
    const token = await issueSetupToken(db, account.id, now());
    await appendAudit(db, { ...actor(c), action: 'setup_link_issued', target: account.id }, now());
    return c.json({ setupLink: setupLinkFor(ownOrigin(c, deps), token) }, 201);
  });

  return app;
}
