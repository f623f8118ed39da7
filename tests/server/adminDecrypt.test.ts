// `admin export --decrypt`: a coordinator opens every current sealed record with the key holder's
// recovery file and passphrase — from the database, or offline from an `export-sealed` file with
// no data directory at all. Wrong passphrase: exit 1, nothing on stdout. A record that does not
// open is left out, counted and named (exit 1), the others are written.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KIND_DECLARATIONS } from '../../src/domain';
import { exportPublicJwk } from '../../src/crypto/seal';
import { recoveryFile, setTestWrapCost, wrapPrivateKey } from '../../src/crypto/keyWrap';
import { adminMain, type AdminOptions } from '../../src/server/admin';
import { readPassphrase } from '../../src/server/adminDecrypt';
import recordsId from '../../locales/id/records.json';
import { createDistrictKey, enrollV2, pushV2, sealedEnvelope, type V2Phone } from './coordinator';
import { createTestApp, type TestApp } from './helpers';

const PASSPHRASE = 'kopi tubruk di balai desa 2026';
const migrant = structuredClone(RECORD_KIND_DECLARATIONS.migrant.examples[0]) as Record<
  string,
  unknown
>;
const screening = structuredClone(RECORD_KIND_DECLARATIONS.screening.examples[0]) as Record<
  string,
  unknown
>;

let t: TestApp;
let env: Record<string, string>;
let phone: V2Phone;
let recovery: string;
const pushed = new Map<string, Record<string, unknown> | null>();

async function run(args: string[], runEnv: Record<string, string> = env, options?: AdminOptions) {
  let stdout = '';
  let stderr = '';
  const code = await adminMain(
    args,
    runEnv,
    { write: async (text) => void (stdout += text) },
    { write: async (text) => void (stderr += text) },
    options,
  );
  return { code, stdout, stderr };
}

const lines = (ndjson: string) =>
  ndjson
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { id: string; payload: unknown; deleted: boolean });

beforeAll(async () => {
  setTestWrapCost({ memoryKiB: 64, iterations: 1 });
  t = await createTestApp();
  env = {
    DATA_DIR: t.dir,
    DATA_KEY: t.rawKey.toString('base64'),
    DISTRICT_KEY_PASSPHRASE: PASSPHRASE,
  };
  const holder = await createDistrictKey(t);
  // What the console's key setup downloads: the private key wrapped under the passphrase.
  const wrapped = await wrapPrivateKey(holder.open.privateKey, holder.kid, PASSPHRASE);
  recovery = path.join(t.dir, 'kunci-distrik.recovery.json');
  writeFileSync(
    recovery,
    JSON.stringify(
      recoveryFile(
        await exportPublicJwk(holder.recipient.publicKey),
        holder.fingerprint,
        wrapped,
        '2026-12-01T08:00:00Z',
      ),
    ),
  );
  phone = await enrollV2(t);
  const records = [
    await sealedEnvelope(phone.districtKeys, { kind: 'migrant', payload: migrant }),
    await sealedEnvelope(phone.districtKeys, { kind: 'screening', payload: screening }),
    await sealedEnvelope(phone.districtKeys, { kind: 'migrant', deleted: true }),
  ];
  const response = await pushV2(t.app, phone.token, records);
  expect(response.status).toBe(200);
  expect(response.body.results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
  pushed.set(records[0]!.id, migrant);
  pushed.set(records[1]!.id, screening);
  pushed.set(records[2]!.id, null);
});

afterAll(async () => {
  setTestWrapCost(undefined);
  await t.close();
});

describe('admin export --decrypt', () => {
  it('writes every current record with the payload the phone sealed (tombstones: null)', async () => {
    const result = await run(['export', '--decrypt', '--recovery', recovery, '--format', 'ndjson']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out).toHaveLength(3);
    expect(new Map(out.map((line) => [line.id, line.payload]))).toEqual(pushed);
    expect(out.find((line) => line.payload === null)?.deleted).toBe(true);
  });

  it('writes CSV of one kind with Indonesian headers and option labels', async () => {
    const result = await run([
      'export',
      '--decrypt',
      '--recovery',
      recovery,
      '--format',
      'csv',
      '--kind',
      'migrant',
    ]);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(header).toMatch(/^ID catatan,Jenis catatan,Revisi,Perangkat,Disimpan di HP,/);
    expect(header).toContain('record_type');
    expect(rows).toHaveLength(2);
    const [id] = [...pushed].find(([, payload]) => payload === migrant)!;
    const row = rows.find((line) => line.startsWith(id))!;
    expect(row).toContain(recordsId.migrant.title);
    const recordType = migrant.recordType as keyof typeof recordsId.migrant.options.recordType;
    expect(row).toContain(recordsId.migrant.options.recordType[recordType]);
    expect(row).not.toContain(`,${recordType},`);
    expect(row).toContain(String(migrant.name));
  });

  it('opens an export-sealed file offline: no data directory, data key or database', async () => {
    const sealed = await run(['export-sealed']);
    expect(sealed.code).toBe(0);
    const file = path.join(t.dir, 'sealed.ndjson');
    writeFileSync(file, sealed.stdout);
    const nowhere = path.join(t.dir, 'no-data-dir');
    const result = await run(
      ['export', '--decrypt', '--recovery', recovery, '--format', 'ndjson', '--in', file],
      { DATA_DIR: nowhere, DISTRICT_KEY_PASSPHRASE: PASSPHRASE },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(new Map(lines(result.stdout).map((line) => [line.id, line.payload]))).toEqual(pushed);
    expect(existsSync(nowhere)).toBe(false);
    const withoutDataDir = await run(
      ['export', '--decrypt', '--recovery', recovery, '--format', 'ndjson', '--in', file],
      { DISTRICT_KEY_PASSPHRASE: PASSPHRASE },
    );
    expect(lines(withoutDataDir.stdout)).toHaveLength(3);
    // A line that is not a sealed record (cut off, edited) is counted and named by its number.
    writeFileSync(file, sealed.stdout + '{"id":"cut off\n');
    const damaged = await run(
      ['export', '--decrypt', '--recovery', recovery, '--format', 'ndjson', '--in', file],
      { DISTRICT_KEY_PASSPHRASE: PASSPHRASE },
    );
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/1 record\(s\) could not be opened.*line 4/);
    expect(lines(damaged.stdout)).toHaveLength(3);
  });

  it('a wrong passphrase: exit 1, a clear message, nothing on standard output', async () => {
    for (const passphrase of ['salah sandi', '']) {
      const result = await run(
        ['export', '--decrypt', '--recovery', recovery, '--format', 'csv', '--kind', 'migrant'],
        { ...env, DISTRICT_KEY_PASSPHRASE: passphrase },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/passphrase does not open/);
    }
  });

  it('without DISTRICT_KEY_PASSPHRASE, reads it from standard input (first line of a pipe)', async () => {
    const { DISTRICT_KEY_PASSPHRASE: _unused, ...withoutPassphrase } = env;
    const stdin = new PassThrough();
    stdin.end(`${PASSPHRASE}\nmore lines\n`);
    const result = await run(
      ['export', '--decrypt', '--recovery', recovery, '--format', 'ndjson', '--kind', 'screening'],
      withoutPassphrase,
      {
        readPassphrase: () => readPassphrase(stdin as unknown as NodeJS.ReadStream, process.stderr),
      },
    );
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((line) => line.payload)).toEqual([screening]);
  });

  it('refuses bad usage (exit 2) and a file that is not a recovery file (exit 1)', async () => {
    for (const args of [
      ['export', '--decrypt', '--format', 'ndjson'],
      ['export', '--decrypt', '--recovery', recovery, '--format', 'csv'],
      ['export', '--format', 'ndjson', '--in', 'sealed.ndjson'],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Usage:');
    }
    const notRecovery = path.join(t.dir, 'not-recovery.json');
    writeFileSync(notRecovery, '{"kid":"x"}');
    const result = await run([
      'export',
      '--decrypt',
      '--recovery',
      notRecovery,
      '--format',
      'ndjson',
    ]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/not a district key recovery file/);
  });

  it('a tampered record is left out, counted and named; the others are written (exit 1)', async () => {
    const [id] = [...pushed].find(([, payload]) => payload === screening)!;
    const row = await t.opened.db
      .selectFrom('sealed_revisions')
      .select(['rev', 'sealed'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const sealed = JSON.parse(row.sealed!) as { ct: string };
    sealed.ct = `${sealed.ct.slice(0, 10)}${sealed.ct[10] === 'A' ? 'B' : 'A'}${sealed.ct.slice(11)}`;
    await t.opened.db
      .updateTable('sealed_revisions')
      .set({ sealed: JSON.stringify(sealed) })
      .where('id', '=', id)
      .where('rev', '=', row.rev)
      .execute();
    const result = await run(['export', '--decrypt', '--recovery', recovery, '--format', 'ndjson']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: 1 record\(s\) could not be opened/);
    expect(result.stderr).toContain(id);
    const out = lines(result.stdout);
    expect(out.map((line) => line.id).sort()).toEqual(
      [...pushed.keys()].filter((k) => k !== id).sort(),
    );
  });
});
