// What a stolen DATA_DIR database reveals: no names, no tokens, no enrollment codes. And the data
// key: where it comes from, and that a wrong key is refused rather than silently used.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  canonicalJson,
  dataKeyFromBytes,
  defaultServerKeyFile,
  KEY_FILE_NAME,
  loadDataKey,
  seal,
  sha256Hex,
  unseal,
} from '../../src/server/crypto';
import { DATABASE_FILE_NAME, openDatabase, verifyDataKey } from '../../src/server/db';
import { createEnrollmentCode, listDevices } from '../../src/server/devices';
import { payloadContext } from '../../src/server/ingest';
import { MIGRATION_NAMES } from '../../src/server/migrations';
import {
  createTestApp,
  enrollDevice,
  envelope,
  examplePayload,
  push,
  tempDir,
  TEST_DIALECT,
  type TestApp,
} from './helpers';

// The machine is shared (2 cores): allow for slow fsyncs and process start-up under load.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const DISTINCTIVE_NAME = 'Zulaikha Purnamasari';
const DISTINCTIVE_LABEL = 'HP Ibu Wulandari';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

/**
 * Every byte of the database, its WAL and shared-memory files, as Latin-1 text to search in; on
 * PostgreSQL, a plain pg_dump of the database (what a stolen dump would hold).
 */
function rawDatabaseText(dir: string): string {
  if (TEST_DIALECT === 'postgres') {
    const { bin } = JSON.parse(process.env.JEJARING_TEST_POSTGRES ?? '{}') as { bin: string };
    return execFileSync(path.join(bin, 'pg_dump'), [process.env.DATABASE_URL ?? ''], {
      maxBuffer: 256 * 1024 * 1024,
    }).toString('latin1');
  }
  return ['', '-wal', '-shm']
    .map((suffix) => path.join(dir, DATABASE_FILE_NAME + suffix))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}

describe('the database file alone', () => {
  it('holds no payload text, device label, token or enrollment code, in the main file or the WAL', async () => {
    const { code } = await createEnrollmentCode(t.opened.db, t.dataKey, {
      uses: 1,
      expiresInHours: 1,
    });
    const response = await t.app.request('/api/v1/devices/enroll', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, label: DISTINCTIVE_LABEL }),
    });
    const { token } = (await response.json()) as { token: string };
    const payload = {
      ...examplePayload(),
      name: DISTINCTIVE_NAME,
      languageSkills: 'Bahasa Arab lancar',
    };
    const record = envelope({ payload });
    const result = await push(t.app, token, [record]);
    expect(result.body.results[0]?.status).toBe('stored');

    if (TEST_DIALECT === 'sqlite') {
      expect(existsSync(path.join(t.dir, `${DATABASE_FILE_NAME}-wal`))).toBe(true);
    }
    const forbidden = [
      DISTINCTIVE_NAME,
      'Zulaikha',
      'Purnamasari',
      'Bahasa Arab',
      DISTINCTIVE_LABEL,
      'Wulandari',
      token,
      code,
      code.replace('-', ''),
    ];
    const whileOpen = rawDatabaseText(t.dir);
    // The search would find the text if it were there: the record id and the token hash are.
    expect(whileOpen).toContain(record.id);
    expect(whileOpen).toContain(sha256Hex(token));
    for (const text of forbidden) expect(whileOpen).not.toContain(text);
    // Nor in UTF-16 or any other case: search a case-folded copy as well.
    expect(whileOpen.toLowerCase()).not.toContain('zulaikha');

    // After a checkpoint folds the WAL into the main file.
    await t.opened.close();
    const afterClose = rawDatabaseText(t.dir);
    for (const text of forbidden) expect(afterClose).not.toContain(text);
    t.opened = await openDatabase(t.dir);
  });

  it('keeps the payload readable with the key, and only in its own row', async () => {
    const { token } = await enrollDevice(t);
    const record = envelope({ payload: { ...examplePayload(), name: DISTINCTIVE_NAME } });
    await push(t.app, token, [record]);
    const row = await t.opened.db
      .selectFrom('records_current')
      .selectAll()
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    const plain = JSON.parse(
      unseal(t.dataKey, row.payload, payloadContext(record.id, 1)),
    ) as Record<string, unknown>;
    expect(plain.name).toBe(DISTINCTIVE_NAME);
    expect(() => unseal(t.dataKey, row.payload, payloadContext(record.id, 2))).toThrow();
    expect(() =>
      unseal(dataKeyFromBytes(Buffer.alloc(32, 7)), row.payload, payloadContext(record.id, 1)),
    ).toThrow();
    const devices = await listDevices(t.opened.db, t.dataKey);
    expect(devices.map((d) => d.label)).toEqual(['HP kader posyandu']);
  });

  it('stores tokens only as their SHA-256', async () => {
    const { deviceId, token } = await enrollDevice(t);
    const row = await t.opened.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });
});

describe('the data key', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.remove());

  it('is created once outside DATA_DIR with mode 0600 and then reused', () => {
    const keyFile = path.join(temp.dir, 'config', 'jejaring', KEY_FILE_NAME);
    const dataDir = path.join(temp.dir, 'data');
    const first = loadDataKey(dataDir, undefined, { keyFile });
    expect(first.source).toBe('created');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(dataDir, KEY_FILE_NAME))).toBe(false);
    const second = loadDataKey(dataDir, undefined, { keyFile });
    expect(second.source).toBe('file');
    expect(second.key.encryption.equals(first.key.encryption)).toBe(true);
  });

  it('defaults to SERVER_KEY_FILE, else $XDG_CONFIG_HOME/jejaring/server.key', () => {
    expect(defaultServerKeyFile({ SERVER_KEY_FILE: '/etc/jejaring/key' })).toBe(
      '/etc/jejaring/key',
    );
    expect(defaultServerKeyFile({ XDG_CONFIG_HOME: '/home/k/.config' })).toBe(
      '/home/k/.config/jejaring/server.key',
    );
    expect(defaultServerKeyFile({ HOME: '/home/k' })).toBe('/home/k/.config/jejaring/server.key');
  });

  it('refuses a key file inside DATA_DIR, but reads an older install’s DATA_DIR/server.key', () => {
    expect(() =>
      loadDataKey(temp.dir, undefined, { keyFile: path.join(temp.dir, 'keys', 'k') }),
    ).toThrow(/inside DATA_DIR/);
    const legacy = path.join(temp.dir, KEY_FILE_NAME);
    writeFileSync(legacy, Buffer.alloc(32, 7).toString('base64'));
    const loaded = loadDataKey(temp.dir, undefined, {
      keyFile: path.join(temp.dir, '..', `absent-${Date.now()}.key`),
    });
    expect(loaded).toMatchObject({ source: 'legacy', file: legacy });
  });

  it('comes from DATA_KEY when set, and a malformed DATA_KEY is a clear error', () => {
    const env = Buffer.alloc(32, 3).toString('base64');
    expect(loadDataKey(temp.dir, env).source).toBe('env');
    expect(existsSync(path.join(temp.dir, KEY_FILE_NAME))).toBe(false);
    expect(() => loadDataKey(temp.dir, 'c2hvcnQ=')).toThrow(/32/);
  });

  it('is not created when creation is not allowed (the admin CLI)', () => {
    expect(() =>
      loadDataKey(temp.dir, undefined, {
        create: false,
        keyFile: path.join(os.tmpdir(), `none-${Date.now()}`),
      }),
    ).toThrow(/DATA_KEY/);
  });

  it('must match the key the database was written with', async () => {
    const opened = await openDatabase(temp.dir);
    try {
      await verifyDataKey(opened.db, dataKeyFromBytes(Buffer.alloc(32, 1)));
      await verifyDataKey(opened.db, dataKeyFromBytes(Buffer.alloc(32, 1)));
      await expect(verifyDataKey(opened.db, dataKeyFromBytes(Buffer.alloc(32, 2)))).rejects.toThrow(
        /not the key/,
      );
    } finally {
      await opened.close();
    }
  });
});

describe('migrations and helpers', () => {
  it('records every migration once and reopening applies nothing new', async () => {
    const temp = tempDir();
    try {
      await (await openDatabase(temp.dir)).close();
      const opened = await openDatabase(temp.dir);
      const rows = await opened.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      expect(rows.map((r) => (r as { name: string }).name)).toEqual(MIGRATION_NAMES);
      await opened.close();
    } finally {
      temp.remove();
    }
  });

  it('canonical JSON ignores key order and seal never repeats a ciphertext', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    const key = dataKeyFromBytes(Buffer.alloc(32, 9));
    expect(seal(key, 'same', 'ctx')).not.toBe(seal(key, 'same', 'ctx'));
  });
});
