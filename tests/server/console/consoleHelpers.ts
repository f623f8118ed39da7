// Console test set-up: an app with a clock the test moves, accounts made directly in the database
// (hashing as the server does), signing in through the API, and requests with the console's
// Origin and session cookie.
import type { ConsoleRole } from '../../../src/domain/console';
import { createAccount, patchAccount, useSetupToken } from '../../../src/server/console/accounts';
import { hashPassword } from '../../../src/server/console/passwords';
import type { ServerAppOptions } from '../../../src/server/httpApp';
import { createTestApp, type TestApp } from '../helpers';

export const ORIGIN = 'http://localhost';
export const PASSWORD = 'kopi tubruk di warung pak min';

export interface ConsoleTestApp extends TestApp {
  clock: { now: Date };
  advance(ms: number): void;
}

export async function createConsoleApp(
  options: Partial<Omit<ServerAppOptions, 'db' | 'dataKey'>> = {},
): Promise<ConsoleTestApp> {
  const clock = { now: new Date('2026-12-01T03:00:00.000Z') };
  const t = await createTestApp({ now: () => clock.now, ...options });
  return {
    ...t,
    clock,
    advance: (ms) => {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
}

let hashOnce: Promise<string> | undefined;

/** An account with PASSWORD set (one Argon2id hash shared by every test account). */
export async function makeAccount(
  t: ConsoleTestApp,
  username: string,
  roles: ConsoleRole[],
  options: { disabled?: boolean } = {},
): Promise<string> {
  const { account, token } = await createAccount(
    t.opened.db,
    { username, displayName: `Name of ${username}`, roles },
    t.clock.now,
  );
  hashOnce ??= hashPassword(PASSWORD);
  await useSetupToken(t.opened.db, token, await hashOnce, t.clock.now);
  if (options.disabled === true)
    await patchAccount(t.opened.db, account.id, { disabled: true }, t.clock.now);
  return account.id;
}

/** The session cookie (`jejaring_session=…`) of a Set-Cookie header. */
export function sessionCookie(response: Response): string | undefined {
  const header = response.headers.get('set-cookie') ?? '';
  const match = /jejaring_session=([^;]*)/.exec(header);
  return match?.[1] ? `jejaring_session=${match[1]}` : undefined;
}

export async function login(
  t: Pick<TestApp, 'app'>,
  username: string,
  password = PASSWORD,
): Promise<string> {
  const response = await call(t, 'POST', '/api/console/auth/login', {
    body: { username, password },
  });
  const cookie = sessionCookie(response);
  if (response.status !== 200 || cookie === undefined)
    throw new Error(`login failed: ${response.status}`);
  return cookie;
}

export interface CallOptions {
  cookie?: string;
  body?: unknown;
  /** null: send no Origin. Default: the console's own origin. */
  origin?: string | null;
  headers?: Record<string, string>;
}

export async function call(
  t: Pick<TestApp, 'app'>,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie !== undefined) headers.Cookie = options.cookie;
  if (options.origin !== null) headers.Origin = options.origin ?? ORIGIN;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return t.app.request(path, {
    method,
    headers,
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
