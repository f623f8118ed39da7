// The coordinator commands of the admin CLI refuse bad usage (exit 2, usage shown) and bad input
// (exit 1, a clear message), and the enrollment URL has the documented shape.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminMain } from '../../src/server/admin';
import { enrollmentUrl } from '../../src/server/adminCoordinator';
import { createTestApp, type TestApp } from './helpers';

let t: TestApp;
let env: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  env = { DATA_DIR: t.dir, DATA_KEY: t.rawKey.toString('base64') };
});
afterAll(async () => {
  await t.close();
});

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await adminMain(
    args,
    env,
    { write: async (text) => void (stdout += text) },
    { write: async (text) => void (stderr += text) },
  );
  return { code, stdout, stderr };
}

describe('admin coordinator commands', () => {
  it.each([
    [['review', randomUUID(), 'lost']],
    [['review', randomUUID()]],
    [['open', randomUUID()]],
    [['district-key']],
    [['district-key', 'create']],
    [['directory', 'get', 'x.json']],
    [['notice']],
    [['review', randomUUID(), 'closed', '--rev', 'zero']],
  ])('%j is a usage error (exit 2)', async (args) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage:');
  });

  it('answers bad input with exit 1 and a message', async () => {
    const unknown = await run('review', randomUUID(), 'closed');
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toMatch(/No sealed record/);
    const file = path.join(t.dir, 'contacts.json');
    writeFileSync(file, JSON.stringify([{ name: 'tanpa nomor' }]));
    expect((await run('directory', 'set', file)).stderr).toMatch(/Not a list of contacts/);
    expect((await run('notice', 'x'.repeat(501))).code).toBe(1);
    expect((await run('district-key', 'retire', 'A'.repeat(22))).code).toBe(1);
    expect((await run('district-key', 'list')).stdout.trim()).toBe('[]');
  });

  it('builds the enrollment URL of docs/sync-protocol-v2.md', () => {
    expect(enrollmentUrl('https://jejaring.example.id/path?x=1', 'K7M2Q-9XHTA')).toBe(
      'https://jejaring.example.id/#/enroll?server=https%3A%2F%2Fjejaring.example.id&code=K7M2Q-9XHTA',
    );
  });
});
