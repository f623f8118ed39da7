// Admin commands for console accounts: the first administrator comes from here (the console
// needs an account before anyone can sign in). Prints the one-time setup link; the password is
// chosen in the browser, never on the command line.
import { parseArgs } from 'node:util';
import {
  accountCreateSchema,
  setupLinkFor,
  SETUP_TOKEN_HOURS,
  type ConsoleRole,
} from '../../domain/console';
import type { ServerDb } from '../db';
import { AccountError, createAccount, findAccountByUsername, issueSetupToken } from './accounts';
import { appendAudit } from './audit';

export const ACCOUNT_USAGE = `  create-account --username U --roles admin[,coordinator,viewer] --display-name "Name" [--server https://host]
      Create a console account and print its one-time setup link (valid ${SETUP_TOKEN_HOURS} hours):
      <server>/koordinator/#/setup?token=… The first administrator is made this way.
  setup-link --username U [--server https://host]
      A new one-time setup link for an existing account (e.g. a forgotten password).`;

export class AccountUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountUsageError';
  }
}

export interface AccountIo {
  write(text: string): Promise<void>;
}

function serverOrigin(value: string | undefined, env: { PUBLIC_URL?: string; PORT?: string }) {
  const server = value ?? env.PUBLIC_URL ?? `http://localhost:${env.PORT || '8080'}`;
  if (!/^https?:\/\/[^\s/]+/.test(server))
    throw new AccountUsageError(
      `--server must be the server's address, e.g. https://host, got "${server}"`,
    );
  return new URL(server).origin;
}

/** The action of an account command, or undefined when `command` is not one. */
export function accountCommand(
  command: string,
  args: readonly string[],
  io: AccountIo,
  env: { PUBLIC_URL?: string; PORT?: string },
): ((db: ServerDb) => Promise<void>) | undefined {
  if (command !== 'create-account' && command !== 'setup-link') return undefined;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        username: { type: 'string' },
        roles: { type: 'string' },
        'display-name': { type: 'string' },
        server: { type: 'string' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    throw new AccountUsageError(error instanceof Error ? error.message : String(error));
  }
  const origin = serverOrigin(values.server as string | undefined, env);
  if (command === 'setup-link') {
    const username = values.username as string | undefined;
    if (username === undefined) throw new AccountUsageError('setup-link needs --username');
    return async (db) => {
      const account = await findAccountByUsername(db, username);
      if (account === undefined) throw new Error(`No account "${username}"`);
      const now = new Date();
      const token = await issueSetupToken(db, account.id, now);
      await appendAudit(
        db,
        { actorId: null, actorName: 'admin CLI', action: 'setup_link_issued', target: account.id },
        now,
      );
      await io.write(`${setupLinkFor(origin, token)}\n`);
    };
  }
  const parsed = accountCreateSchema.safeParse({
    username: values.username,
    displayName: values['display-name'],
    roles:
      typeof values.roles === 'string' ? values.roles.split(',').map((r) => r.trim()) : undefined,
  });
  if (!parsed.success)
    throw new AccountUsageError(
      `create-account needs --username (a-z 0-9 . _ -), --roles (admin, coordinator, viewer; comma-separated) and --display-name: ${parsed.error.issues
        .map((i) => i.path.join('.'))
        .join(', ')}`,
    );
  const input = parsed.data;
  return async (db) => {
    const now = new Date();
    try {
      const { account, token } = await createAccount(
        db,
        {
          username: input.username,
          displayName: input.displayName,
          roles: input.roles as ConsoleRole[],
        },
        now,
      );
      await appendAudit(
        db,
        {
          actorId: null,
          actorName: 'admin CLI',
          action: 'account_created',
          target: account.id,
          detail: `${account.username}: ${account.roles}`,
        },
        now,
      );
      await io.write(
        `${JSON.stringify({ id: account.id, username: account.username, roles: account.roles.split(',') })}\n` +
          `Setup link (one use, ${SETUP_TOKEN_HOURS} hours): ${setupLinkFor(origin, token)}\n`,
      );
    } catch (error) {
      if (error instanceof AccountError) throw new Error(error.message, { cause: error });
      throw error;
    }
  };
}
