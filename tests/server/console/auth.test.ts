// Console sign-in: sessions (cookie attributes, idle and absolute expiry, sign out here and
// everywhere, disabled accounts), the setup link, the Origin check and the login throttle.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/server/console/accounts';
import {
  call,
  createConsoleApp,
  json,
  login,
  makeAccount,
  PASSWORD,
  sessionCookie,
  type ConsoleTestApp,
} from './consoleHelpers';

let t: ConsoleTestApp;
beforeEach(async () => {
  t = await createConsoleApp({ consoleThrottle: { usernameFree: 3, firstLockSeconds: 10 } });
});
afterEach(async () => {
  await t.close();
});

describe('sign-in and sessions', () => {
  it('signs in with the password and sets a strict HttpOnly cookie scoped to the console API', async () => {
    await makeAccount(t, 'siti', ['coordinator']);
    const response = await call(t, 'POST', '/api/console/auth/login', {
      body: { username: 'Siti', password: PASSWORD },
    });
    expect(response.status).toBe(200);
    const body = await json<{
      account: { username: string; roles: string[] };
      needsSecondFactor: boolean;
    }>(response);
    expect(body.account).toMatchObject({ username: 'siti', roles: ['coordinator'] });
    expect(body.needsSecondFactor).toBe(false);
    const header = response.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\/api\/console/);
    expect(header).not.toMatch(/Secure/);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const me = await call(t, 'GET', '/api/console/me', { cookie: sessionCookie(response) });
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ username: 'siti', passkeys: 0 });
  });

  it('marks the cookie Secure behind a TLS proxy', async () => {
    const tls = await createConsoleApp({ tlsProxy: true });
    try {
      await makeAccount(tls, 'budi', ['admin']);
      const response = await call(tls, 'POST', '/api/console/auth/login', {
        body: { username: 'budi', password: PASSWORD },
        origin: 'https://localhost',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toMatch(/Secure/);
    } finally {
      await tls.close();
    }
  });

  it('refuses a wrong password and an unknown username alike, and changes nothing', async () => {
    await makeAccount(t, 'siti', ['coordinator']);
    for (const body of [
      { username: 'siti', password: 'not the password at all' },
      { username: 'nobody', password: PASSWORD },
    ]) {
      const response = await call(t, 'POST', '/api/console/auth/login', { body });
      expect(response.status).toBe(401);
      expect((await json<{ error: { code: string } }>(response)).error.code).toBe(
        'bad_credentials',
      );
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    const sessions = await t.opened.db.selectFrom('console_sessions').selectAll().execute();
    expect(sessions).toHaveLength(0);
  });

  it('ends a session after 30 idle minutes but keeps an active one', async () => {
    await makeAccount(t, 'siti', ['coordinator']);
    const cookie = await login(t, 'siti');
    t.advance(29 * 60_000);
    expect((await call(t, 'GET', '/api/console/me', { cookie })).status).toBe(200);
    t.advance(29 * 60_000);
    expect((await call(t, 'GET', '/api/console/me', { cookie })).status).toBe(200);
    t.advance(31 * 60_000);
    const expired = await call(t, 'GET', '/api/console/me', { cookie });
    expect(expired.status).toBe(401);
    expect((await json<{ error: { code: string } }>(expired)).error.code).toBe('unauthenticated');
    // Ended for good: coming back does not revive it.
    expect((await call(t, 'GET', '/api/console/me', { cookie })).status).toBe(401);
  });

  it('ends a session 12 hours after sign-in however active it was', async () => {
    await makeAccount(t, 'siti', ['coordinator']);
    const cookie = await login(t, 'siti');
    for (let i = 0; i < 24; i += 1) {
      t.advance(29 * 60_000);
      expect((await call(t, 'GET', '/api/console/me', { cookie })).status).toBe(i < 24 ? 200 : 401);
    }
    t.advance(29 * 60_000);
    expect((await call(t, 'GET', '/api/console/me', { cookie })).status).toBe(401);
  });

  it('signs out here, or everywhere', async () => {
    await makeAccount(t, 'siti', ['coordinator']);
    const first = await login(t, 'siti');
    const second = await login(t, 'siti');
    const third = await login(t, 'siti');
    const out = await call(t, 'POST', '/api/console/auth/logout', { cookie: first });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/jejaring_session=;/);
    expect((await call(t, 'GET', '/api/console/me', { cookie: first })).status).toBe(401);
    expect((await call(t, 'GET', '/api/console/me', { cookie: second })).status).toBe(200);
    const everywhere = await call(t, 'POST', '/api/console/auth/logout-everywhere', {
      cookie: second,
    });
    expect(everywhere.status).toBe(200);
    expect(await json(everywhere)).toEqual({ ended: 2 });
    expect((await call(t, 'GET', '/api/console/me', { cookie: second })).status).toBe(401);
    expect((await call(t, 'GET', '/api/console/me', { cookie: third })).status).toBe(401);
  });

  it('a disabled account cannot sign in and its sessions end', async () => {
    const adminCookie = await (async () => {
      await makeAccount(t, 'admin', ['admin']);
      return login(t, 'admin');
    })();
    const id = await makeAccount(t, 'siti', ['coordinator']);
    const cookie = await login(t, 'siti');
    const patch = await call(t, 'PATCH', `/api/console/accounts/${id}`, {
      cookie: adminCookie,
      body: { disabled: true },
    });
    expect(patch.status).toBe(200);
    expect((await call(t, 'GET', '/api/console/me', { cookie })).status).toBe(401);
    const again = await call(t, 'POST', '/api/console/auth/login', {
      body: { username: 'siti', password: PASSWORD },
    });
    expect(again.status).toBe(403);
    expect((await json<{ error: { code: string } }>(again)).error.code).toBe('account_disabled');
  });

  it('the setup link sets the password once, refuses weak passwords, and expires', async () => {
    const { token } = await createAccount(
      t.opened.db,
      { username: 'rina', displayName: 'Rina', roles: ['viewer'] },
      t.clock.now,
    );
    const weak = await call(t, 'POST', '/api/console/auth/setup', {
      body: { token, password: 'password1234' },
    });
    expect(weak.status).toBe(400);
    expect((await json<{ error: { code: string } }>(weak)).error.code).toBe('weak_password');
    const ok = await call(t, 'POST', '/api/console/auth/setup', {
      body: { token, password: PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect(sessionCookie(ok)).toBeDefined();
    const reuse = await call(t, 'POST', '/api/console/auth/setup', {
      body: { token, password: PASSWORD },
    });
    expect(reuse.status).toBe(400);
    expect((await json<{ error: { code: string } }>(reuse)).error.code).toBe('setup_invalid');
    const late = await createAccount(
      t.opened.db,
      { username: 'late', displayName: 'Late', roles: ['viewer'] },
      t.clock.now,
    );
    t.advance(24 * 3_600_000 + 1000);
    const expired = await call(t, 'POST', '/api/console/auth/setup', {
      body: { token: late.token, password: PASSWORD },
    });
    expect(expired.status).toBe(400);
  });

  it('changes the password only with the current one, ending the other sessions', async () => {
    await makeAccount(t, 'siti', ['coordinator']);
    const other = await login(t, 'siti');
    const cookie = await login(t, 'siti');
    const wrong = await call(t, 'POST', '/api/console/me/password', {
      cookie,
      body: { current: 'wrong wrong wrong', next: 'sate ayam madura pedas sekali' },
    });
    expect(wrong.status).toBe(400);
    const changed = await call(t, 'POST', '/api/console/me/password', {
      cookie,
      body: { current: PASSWORD, next: 'sate ayam madura pedas sekali' },
    });
    expect(changed.status).toBe(200);
    expect((await call(t, 'GET', '/api/console/me', { cookie: other })).status).toBe(401);
    expect(
      (await call(t, 'GET', '/api/console/me', { cookie: sessionCookie(changed) })).status,
    ).toBe(200);
    expect(
      (
        await call(t, 'POST', '/api/console/auth/login', {
          body: { username: 'siti', password: 'sate ayam madura pedas sekali' },
        })
      ).status,
    ).toBe(200);
  });
});

describe('Origin check (CSRF)', () => {
  it('refuses a state-changing request with a forged or missing Origin, and changes nothing', async () => {
    await makeAccount(t, 'siti', ['coordinator']);
    const cookie = await login(t, 'siti');
    for (const origin of ['https://evil.example', 'http://localhost:9999', 'null', null]) {
      const response = await call(t, 'POST', '/api/console/auth/logout-everywhere', {
        cookie,
        origin,
      });
      expect(response.status).toBe(403);
      expect((await json<{ error: { code: string } }>(response)).error.code).toBe('bad_origin');
    }
    // Still signed in: none of the forged requests ended the sessions.
    expect((await call(t, 'GET', '/api/console/me', { cookie })).status).toBe(200);
    // A forged login does not even look at the password.
    const forged = await call(t, 'POST', '/api/console/auth/login', {
      body: { username: 'siti', password: PASSWORD },
      origin: 'https://evil.example',
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
  });

  it('uses PUBLIC_URL as the own origin when set', async () => {
    const pub = await createConsoleApp({ publicUrl: 'https://jejaring.kab-contoh.go.id' });
    try {
      await makeAccount(pub, 'siti', ['coordinator']);
      const wrong = await call(pub, 'POST', '/api/console/auth/login', {
        body: { username: 'siti', password: PASSWORD },
      });
      expect(wrong.status).toBe(403);
      const right = await call(pub, 'POST', '/api/console/auth/login', {
        body: { username: 'siti', password: PASSWORD },
        origin: 'https://jejaring.kab-contoh.go.id',
      });
      expect(right.status).toBe(200);
    } finally {
      await pub.close();
    }
  });
});

describe('login throttle', () => {
  it('locks a username after repeated failures with 429 + Retry-After, growing, then lets it in', async () => {
    await makeAccount(t, 'siti', ['coordinator']);
    const attempt = (password: string) =>
      call(t, 'POST', '/api/console/auth/login', { body: { username: 'siti', password } });
    for (let i = 0; i < 2; i += 1) expect((await attempt('wrong guess number')).status).toBe(401);
    // The third failure locks: from now on even the right password waits.
    expect((await attempt('wrong guess number')).status).toBe(401);
    const locked = await attempt(PASSWORD);
    expect(locked.status).toBe(429);
    expect((await json<{ error: { code: string } }>(locked)).error.code).toBe('rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBe(10);
    t.advance(11_000);
    expect((await attempt('wrong again guess')).status).toBe(401);
    const longer = await attempt(PASSWORD);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBe(20);
    t.advance(21_000);
    expect((await attempt(PASSWORD)).status).toBe(200);
    // Success cleared the username's count.
    expect((await attempt('wrong guess number')).status).toBe(401);
    expect((await attempt(PASSWORD)).status).toBe(200);
  });

  it('limits one address across usernames', async () => {
    const ip = await createConsoleApp({ consoleThrottle: { addressFree: 4, usernameFree: 100 } });
    try {
      for (let i = 0; i < 4; i += 1) {
        const response = await call(ip, 'POST', '/api/console/auth/login', {
          body: { username: `guess${i}`, password: 'some password here' },
        });
        expect(response.status).toBe(401);
      }
      const locked = await call(ip, 'POST', '/api/console/auth/login', {
        body: { username: 'another', password: 'some password here' },
      });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await ip.close();
    }
  });
});
