// Passkeys (WebAuthn) with a software authenticator: registering one, then using it as the
// second factor after the password, or to sign in without a password.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  call,
  createConsoleApp,
  json,
  login,
  makeAccount,
  ORIGIN,
  PASSWORD,
  sessionCookie,
  type ConsoleTestApp,
} from './consoleHelpers';
import { SoftAuthenticator } from './softAuthenticator';

let t: ConsoleTestApp;
beforeEach(async () => {
  t = await createConsoleApp();
  await makeAccount(t, 'siti', ['coordinator']);
});
afterEach(async () => {
  await t.close();
});

async function register(cookie: string, authenticator: SoftAuthenticator): Promise<Response> {
  const options = await json<{ challenge: string; rp: { id: string } }>(
    await call(t, 'POST', '/api/console/me/passkeys/options', { cookie, body: {} }),
  );
  expect(options.rp.id).toBe('localhost');
  return call(t, 'POST', '/api/console/me/passkeys', {
    cookie,
    body: { response: authenticator.register(options), label: 'Laptop kantor' },
  });
}

describe('passkeys', () => {
  it('registers a passkey, then asks for it after the password (second factor)', async () => {
    const cookie = await login(t, 'siti');
    const authenticator = new SoftAuthenticator(ORIGIN);
    expect((await register(cookie, authenticator)).status).toBe(201);
    expect(await json(await call(t, 'GET', '/api/console/me', { cookie }))).toMatchObject({
      passkeys: 1,
    });

    const signIn = await call(t, 'POST', '/api/console/auth/login', {
      body: { username: 'siti', password: PASSWORD },
    });
    expect(await json(signIn)).toMatchObject({ needsSecondFactor: true });
    const pending = sessionCookie(signIn) as string;
    const blocked = await call(t, 'GET', '/api/console/me', { cookie: pending });
    expect(blocked.status).toBe(401);
    expect((await json<{ error: { code: string } }>(blocked)).error.code).toBe(
      'second_factor_required',
    );
    const options = await json<{ challenge: string; allowCredentials: { id: string }[] }>(
      await call(t, 'POST', '/api/console/auth/passkey/options', { cookie: pending, body: {} }),
    );
    expect(options.allowCredentials.map((c) => c.id)).toEqual([authenticator.id]);
    const verified = await call(t, 'POST', '/api/console/auth/passkey/verify', {
      cookie: pending,
      body: { response: authenticator.authenticate(options) },
    });
    expect(verified.status).toBe(200);
    expect((await call(t, 'GET', '/api/console/me', { cookie: pending })).status).toBe(200);
  });

  it('signs in without a password when the passkey verified the user', async () => {
    const authenticator = new SoftAuthenticator(ORIGIN);
    await register(await login(t, 'siti'), authenticator);
    const options = await json<{ challenge: string; userVerification: string }>(
      await call(t, 'POST', '/api/console/auth/passkey/options', { body: {} }),
    );
    expect(options.userVerification).toBe('required');
    const response = await call(t, 'POST', '/api/console/auth/passkey/verify', {
      body: { response: authenticator.authenticate(options) },
    });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      account: { username: 'siti' },
      needsSecondFactor: false,
    });
    expect(
      (await call(t, 'GET', '/api/console/me', { cookie: sessionCookie(response) })).status,
    ).toBe(200);
  });

  it('refuses a replayed challenge, a passkey for another origin, and one without user verification', async () => {
    const authenticator = new SoftAuthenticator(ORIGIN);
    // A full session, kept: once a passkey exists the password alone gives a pending one.
    const full = await login(t, 'siti');
    await register(full, authenticator);
    const options = await json<{ challenge: string }>(
      await call(t, 'POST', '/api/console/auth/passkey/options', { body: {} }),
    );
    const response = authenticator.authenticate(options);
    expect(
      (await call(t, 'POST', '/api/console/auth/passkey/verify', { body: { response } })).status,
    ).toBe(200);
    const replay = await call(t, 'POST', '/api/console/auth/passkey/verify', {
      body: { response },
    });
    expect(replay.status).toBe(401);

    const phishing = new SoftAuthenticator('https://jejaring-login.example');
    const fresh = await json<{ challenge: string }>(
      await call(t, 'POST', '/api/console/auth/passkey/options', { body: {} }),
    );
    const wrongOrigin = await call(t, 'POST', '/api/console/auth/passkey/verify', {
      body: {
        response: {
          ...phishing.authenticate(fresh),
          id: authenticator.id,
          rawId: authenticator.id,
        },
      },
    });
    expect(wrongOrigin.status).toBe(401);

    const presenceOnly = new SoftAuthenticator(ORIGIN, false);
    expect((await register(full, presenceOnly)).status).toBe(201);
    const third = await json<{ challenge: string }>(
      await call(t, 'POST', '/api/console/auth/passkey/options', { body: {} }),
    );
    const noUv = await call(t, 'POST', '/api/console/auth/passkey/verify', {
      body: { response: presenceOnly.authenticate(third) },
    });
    expect(noUv.status).toBe(401);
    const failures = await t.opened.db
      .selectFrom('console_audit')
      .selectAll()
      .where('action', '=', 'sign_in_failed')
      .execute();
    expect(failures).toHaveLength(3);
  });
});
