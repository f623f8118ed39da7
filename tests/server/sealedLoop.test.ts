// The whole v2 loop without the console, on a real server process in this test: the admin CLI
// creates a district key file, a phone enrolls with a device key and pushes a record sealed with a
// known name; the coordinator (admin CLI with the key file) answers with a sealed note, a notice
// and the directory; the phone reads them from the feed. Then: the raw database, WAL, export and
// logs hold no name typed into the record — even with the server's own key at hand — and a
// tampered sealed payload fails to open.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { feedPageSchema, sealedSchema, type Sealed } from '../../src/domain/contract';
import {
  exportPublicJwk,
  importPublicJwk,
  openRecordPayload,
  openReviewNote,
  SealedOpenError,
} from '../../src/crypto/seal';
import { adminMain } from '../../src/server/admin';
import { readDistrictKeyFile } from '../../src/server/adminCoordinator';
import { dataKeyFromBytes, unseal } from '../../src/server/crypto';
import { openDatabase } from '../../src/server/db';
import { startServer, type RunningServer } from '../../src/server/main';
import { randomBytes } from 'node:crypto';
import { examplePayload, postgresDumpText, tempDir, TEST_DIALECT } from './helpers';
import { newKeyHolder, sealedEnvelope, type KeyHolder } from './coordinator';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// Distinctive enough never to appear by chance in ciphertext, ids or timestamps.
const NAME = 'Zubaidah Kusumawardhani Qx';
const RECRUITER = 'Pak Wirokerten Yq';
const NOTE_TEXT = 'Mohon cek tanggal lahir Zubaidah';
const WORDS = ['Zubaidah', 'Kusumawardhani', 'Wirokerten'];

let server: RunningServer;
const temp = tempDir('jejaring-loop-');
const dataDir = path.join(temp.dir, 'data');
const keyFile = path.join(temp.dir, 'district-key.json');
const rawKey = randomBytes(32);
const env = { DATA_DIR: dataDir, DATA_KEY: rawKey.toString('base64') };
const logs: string[] = [];

async function admin(...args: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await adminMain(
    args,
    env,
    { write: async (text) => void (out += text) },
    { write: async (text) => void (err += text) },
  );
  logs.push(err);
  if (code !== 0) throw new Error(`admin ${args[0]} failed (${code}): ${err}`);
  return out;
}

let phone: {
  deviceId: string;
  token: string;
  key: KeyHolder;
  keys: { kid: string; publicKey: CryptoKey }[];
};
let recordId: string;

async function api(pathname: string, init: RequestInit = {}, token = phone?.token) {
  return fetch(`${server.url}${pathname}`, {
    ...init,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
  });
}

beforeAll(async () => {
  for (const method of ['info', 'warn', 'error'] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logs.push(args.map(String).join(' '));
    });
  server = await startServer({
    dataDir,
    port: 0,
    staticDir: null,
    dataKey: env.DATA_KEY,
    logLevel: 'info',
  });
});
afterAll(async () => {
  await server?.close();
  vi.restoreAllMocks();
  temp.remove();
});

describe('the v2 loop with the admin CLI as coordinator', () => {
  it('creates a district key file and an enrollment QR code', async () => {
    const created = JSON.parse(await admin('district-key', 'create', '--out', keyFile)) as {
      kid: string;
      fingerprint: string;
    };
    expect(created.fingerprint).toMatch(/^\d{5} \d{5} \d{5} \d{5}$/);
    expect((await readDistrictKeyFile(keyFile)).kid).toBe(created.kid);
    // The key file is never overwritten.
    await expect(admin('district-key', 'create', '--out', keyFile)).rejects.toThrow();
    await admin('district-name', 'Kabupaten Contoh');

    const out = await admin('enrollment-code', '--server', 'https://jejaring.example.id');
    const [line, ...qr] = out.split('\n');
    const code = JSON.parse(line as string) as { code: string; url: string };
    expect(code.url).toBe(
      `https://jejaring.example.id/#/enroll?server=https%3A%2F%2Fjejaring.example.id&code=${code.code}`,
    );
    expect(qr.join('\n')).toMatch(/[█▀▄]/);

    const key = await newKeyHolder();
    const response = await api(
      '/api/v2/devices/enroll',
      {
        method: 'POST',
        body: JSON.stringify({
          code: code.code,
          label: 'HP kader posyandu',
          devicePublicKey: await exportPublicJwk(key.recipient.publicKey),
        }),
      },
      '',
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      deviceId: string;
      token: string;
      district: { name: string; keys: { kid: string; publicKey: never; fingerprint: string }[] };
    };
    expect(body.district.name).toBe('Kabupaten Contoh');
    expect(body.district.keys.map((k) => k.fingerprint)).toEqual([created.fingerprint]);
    phone = {
      deviceId: body.deviceId,
      token: body.token,
      key,
      keys: await Promise.all(
        body.district.keys.map(async (k) => ({
          kid: k.kid,
          publicKey: await importPublicJwk(k.publicKey),
        })),
      ),
    };
  });

  it('a record sealed on the phone is stored, opened only with the key file, and answered', async () => {
    const payload = { ...examplePayload('migrant'), name: NAME, recruiterName: RECRUITER };
    const record = await sealedEnvelope(phone.keys, { kind: 'migrant', payload });
    recordId = record.id;
    const pushed = await api('/api/v2/sync/push', {
      method: 'POST',
      body: JSON.stringify({ records: [record] }),
    });
    expect(((await pushed.json()) as { results: { status: string }[] }).results[0]?.status).toBe(
      'stored',
    );

    await admin('review', recordId, 'needs_correction', '--note', NOTE_TEXT);
    await admin('notice', 'Rapat kader hari Senin pukul 09.00');
    const contacts = path.join(temp.dir, 'contacts.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      contacts,
      JSON.stringify([
        {
          id: randomUUID(),
          category: 'uptd_ppa',
          name: 'UPTD PPA Kab. Contoh',
          phone: '0281 123456',
        },
      ]),
    );
    await admin('directory', 'set', contacts);

    const opened = JSON.parse(await admin('open', recordId, '--key', keyFile)) as {
      payload: { name: string };
      reviews: { state: string; note: string }[];
    };
    expect(opened.payload.name).toBe(NAME);
    expect(opened.reviews).toMatchObject([{ state: 'needs_correction', note: NOTE_TEXT }]);

    const page = feedPageSchema.parse(await (await api('/api/v2/sync/feed')).json());
    expect(page.items.map((i) => i.type)).toEqual(['keys', 'review', 'notice', 'directory']);
    const review = page.items.find((i) => i.type === 'review');
    if (review?.type !== 'review' || review.note === undefined) throw new Error('no review note');
    expect(
      await openReviewNote(
        { recordId, rev: review.rev, state: review.state, at: review.at },
        review.note,
        [phone.key.open],
      ),
    ).toBe(NOTE_TEXT);
  });

  it('a tampered or moved sealed payload fails to open', async () => {
    const key = await readDistrictKeyFile(keyFile);
    const opened = await openDatabase(dataDir);
    try {
      const row = await opened.db
        .selectFrom('sealed_revisions')
        .selectAll()
        .where('id', '=', recordId)
        .executeTakeFirstOrThrow();
      const sealed = sealedSchema.parse(JSON.parse(row.sealed as string));
      const header = { id: recordId, rev: 1, kind: 'migrant', schemaVersion: 1, deleted: false };
      expect(await openRecordPayload(header, sealed, [key])).toMatchObject({ name: NAME });
      const flipped: Sealed = {
        ...sealed,
        ct: `${sealed.ct.slice(0, 10)}${sealed.ct[10] === 'A' ? 'B' : 'A'}${sealed.ct.slice(11)}`,
      };
      await expect(openRecordPayload(header, flipped, [key])).rejects.toBeInstanceOf(
        SealedOpenError,
      );
      await expect(
        openRecordPayload({ ...header, id: randomUUID() }, sealed, [key]),
      ).rejects.toBeInstanceOf(SealedOpenError);
      await expect(openRecordPayload({ ...header, rev: 2 }, sealed, [key])).rejects.toBeInstanceOf(
        SealedOpenError,
      );
    } finally {
      await opened.close();
    }
  });

  it('database, WAL, exports and logs hold no typed name, even with the server key', async () => {
    const exports = (await admin('export-sealed')) + (await admin('export', '--format', 'ndjson'));
    expect(exports).toContain(recordId);
    // On PostgreSQL the stored bytes are what pg_dump of the database holds.
    const files = () =>
      TEST_DIALECT === 'postgres'
        ? [{ name: 'pg_dump', bytes: Buffer.from(postgresDumpText(), 'latin1') }]
        : readdirSync(dataDir).map((name) => ({
            name,
            bytes: readFileSync(path.join(dataDir, name)),
          }));
    const leaks = (text: string) =>
      WORDS.filter((w) => text.toLowerCase().includes(w.toLowerCase()));
    // While the server runs, the WAL holds the latest pages.
    const live = files();
    if (TEST_DIALECT === 'sqlite') expect(live.some((f) => f.name.endsWith('-wal'))).toBe(true);
    for (const file of live) expect(leaks(file.bytes.toString('latin1')), file.name).toEqual([]);
    expect(leaks(exports)).toEqual([]);

    // With the server key: everything the server itself can decrypt (device labels) is no leak either.
    const key = dataKeyFromBytes(rawKey);
    const opened = await openDatabase(dataDir);
    try {
      for (const device of await opened.db.selectFrom('devices').selectAll().execute())
        expect(leaks(unseal(key, device.label, `device-label:${device.id}`))).toEqual([]);
      const cells = JSON.stringify([
        await opened.db.selectFrom('sealed_revisions').selectAll().execute(),
        await opened.db.selectFrom('sealed_current').selectAll().execute(),
        await opened.db.selectFrom('feed_items').selectAll().execute(),
      ]);
      expect(leaks(cells)).toEqual([]);
    } finally {
      await opened.close();
    }
    await server.close();
    for (const file of files()) expect(leaks(file.bytes.toString('latin1')), file.name).toEqual([]);
    expect(existsSync(path.join(dataDir, 'server.key'))).toBe(false);
    expect(logs.join('\n')).toContain('/api/v2/sync/push');
    expect(leaks(logs.join('\n'))).toEqual([]);
  });
});
