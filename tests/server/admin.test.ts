// The admin CLI as a coordinator runs it (`npm run admin -- …`), in a child process against the
// same DATA_DIR as a live app: codes, devices, revocation, exports and clear usage errors.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminMain, csvCell } from '../../src/server/admin';
import { createTestApp, envelope, examplePayload, push, type TestApp } from './helpers';
import { runAdminCli, type AdminRun } from './processes';

// The machine is shared (2 cores): allow for slow fsyncs and process start-up under load.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let t: TestApp;
let env: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  env = { DATA_DIR: t.dir, DATA_KEY: t.rawKey.toString('base64') };
});
afterAll(async () => {
  await t.close();
});

/** The same CLI entry point in this process (fast); child processes prove the real command. */
async function runInProcess(
  args: readonly string[],
  environment: Record<string, string>,
): Promise<AdminRun> {
  let stdout = '';
  let stderr = '';
  const code = await adminMain(
    args,
    environment,
    { write: async (text) => void (stdout += text) },
    { write: async (text) => void (stderr += text) },
  );
  return { code, stdout, stderr };
}

async function enrollWith(code: string, label: string) {
  return t.app.request('/api/v1/devices/enroll', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, label }),
  });
}

describe('admin CLI', () => {
  it('creates codes, lists and revokes devices, exports records', { timeout: 60_000 }, async () => {
    const [created, createdTwice] = await Promise.all([
      runAdminCli(['enrollment-code'], env),
      runInProcess(['enrollment-code', '--uses', '2', '--expires-in-hours', '48'], env),
    ]);
    expect(created.code, created.stderr).toBe(0);
    const single = JSON.parse(created.stdout) as { code: string; expiresAt: string };
    expect(single.code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(Date.parse(single.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(Date.parse(single.expiresAt) - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    const double = JSON.parse(createdTwice.stdout) as { code: string; expiresAt: string };
    expect(Date.parse(double.expiresAt) - Date.now()).toBeGreaterThan(47 * 3_600_000);

    // The codes work in the app's database (the CLI wrote while the app had it open).
    expect((await enrollWith(single.code, 'HP Bu Siti')).status).toBe(201);
    expect((await enrollWith(single.code, 'again')).status).toBe(403);
    const second = await enrollWith(double.code, 'HP kader');
    expect(second.status).toBe(201);
    const { deviceId, token } = (await second.json()) as { deviceId: string; token: string };

    const resident = envelope({ payload: { ...examplePayload(), name: '=HYPERLINK("x")' } });
    const tombstone = envelope({ deleted: true, payload: {} });
    expect(
      (await push(t.app, token, [resident, tombstone])).body.results.map((r) => r.status),
    ).toEqual(['stored', 'stored']);

    const [devices, ndjson, csv, csvAll] = await Promise.all([
      runInProcess(['devices'], env),
      runAdminCli(['export', '--format', 'ndjson'], env),
      runInProcess(['export', '--format', 'csv', '--kind', 'migrant'], env),
      runInProcess(['export', '--format', 'csv'], env),
    ]);
    const listed = JSON.parse(devices.stdout) as {
      id: string;
      label: string;
      lastSeenAt: string | null;
      revokedAt: string | null;
    }[];
    expect(listed.map((d) => d.label)).toEqual(['HP Bu Siti', 'HP kader']);
    expect(listed[1]).toMatchObject({ id: deviceId, revokedAt: null });
    expect(listed[1]?.lastSeenAt).not.toBeNull();

    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual({
      ...resident,
      deviceId,
      payload: expect.objectContaining({ name: '=HYPERLINK("x")' }),
    });
    expect(lines).toContainEqual({ ...tombstone, deviceId });

    const csvLines = csv.stdout.trim().split('\r\n');
    const header = csvLines[0]!.split(',');
    expect(header.slice(0, 7)).toEqual([
      'id',
      'kind',
      'rev',
      'deviceId',
      'createdAt',
      'updatedAt',
      'deleted',
    ]);
    expect(header).toContain('name');
    expect(csvLines).toHaveLength(3);
    const residentLine = csvLines.find((line) => line.startsWith(resident.id))!;
    // A name that a spreadsheet would run as a formula is neutralised.
    expect(residentLine).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csvAll.stdout.split('\r\n')[0]).toBe('id,kind,rev,deviceId,createdAt,updatedAt,deleted');

    const revoked = await runAdminCli(['revoke-device', deviceId], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ deviceId });
    const refused = await push(t.app, token, [envelope()]);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: { code: 'device_revoked', message: expect.any(String) },
    });
  });

  it('fails clearly, with a non-zero exit, on bad usage', { timeout: 60_000 }, async () => {
    const runs = await Promise.all([
      runInProcess([], env),
      runAdminCli(['frobnicate'], env),
      runInProcess(['enrollment-code', '--uses', '0'], env),
      runInProcess(['enrollment-code', '--expires-in-hours', 'soon'], env),
      runInProcess(['export'], env),
      runInProcess(['export', '--format', 'xml'], env),
      runInProcess(['export', '--format', 'csv', '--kind', 'pets'], env),
      runInProcess(['revoke-device'], env),
      runInProcess(['devices', '--verbose'], env),
      runInProcess(['revoke-device', 'no-such-device'], env),
      runInProcess(['devices'], { ...env, DATA_KEY: Buffer.alloc(32, 5).toString('base64') }),
      runInProcess(['reassign-records', 'only-one'], env),
      runInProcess(['reassign-records', 'no-such-a', 'no-such-b'], env),
    ]);
    const [
      none,
      unknown,
      zeroUses,
      badHours,
      noFormat,
      badFormat,
      badKind,
      noId,
      badOption,
      noDevice,
      wrongKey,
      oneId,
      noSuch,
    ] = runs;
    for (const run of [
      none,
      unknown,
      zeroUses,
      badHours,
      noFormat,
      badFormat,
      badKind,
      noId,
      badOption,
      oneId,
    ]) {
      expect(run!.code, run!.stderr).toBe(2);
      expect(run!.stderr).toMatch(/^Error: /);
      expect(run!.stderr).toContain('Usage: npm run admin');
    }
    expect(unknown!.stderr).toContain('Unknown command "frobnicate"');
    expect(zeroUses!.stderr).toContain('--uses');
    expect(badKind!.stderr).toContain('Unknown kind "pets"');
    expect(noDevice!.code).toBe(1);
    expect(noDevice!.stderr).toContain('No device with id no-such-device');
    expect(noSuch!.code).toBe(1);
    expect(noSuch!.stderr).toContain('No device with id no-such-a');
    expect(wrongKey!.code).toBe(1);
    expect(wrongKey!.stderr).toMatch(/not the key this database was written with/);
    const help = await runInProcess(['help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('revoke-device <deviceId>');
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=1+1', "'=1+1"],
    ['@cmd', "'@cmd"],
    [-5, '-5'],
    [true, 'true'],
    [null, ''],
  ])('%j → %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});
