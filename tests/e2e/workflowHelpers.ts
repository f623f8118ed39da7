// Helpers for the workflow and sync browser tests: a private coordinator server per test (its own
// DATA_DIR and data key, so the admin CLI can be run against it), the admin CLI as a child process,
// a proxy that holds push answers back (to close the page while a push is in flight), and filling
// a record kind's form through its controls from the kind's own declaration.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { test as base, expect, type Page } from '@playwright/test';
import { getDeclaration, validateForFinish } from '../../src/domain/index';
import type { RecordKind } from '../../src/domain/envelope';
import type { FieldMeta, RecordKindDeclaration } from '../../src/domain/recordKind';
import {
  applies,
  fieldDomId,
  getPath,
  setPath,
  type Payload,
} from '../../src/app/records/form/model';
import { renderSummary } from '../../src/ui/summary';
import { startServer } from '../../src/server/main';
import { dataKeyFromBytes } from '../../src/server/crypto';
import { DATABASE_FILE_NAME, openDatabase } from '../../src/server/db';
import { createEnrollmentCode } from '../../src/server/devices';
import { registerDistrictKey } from '../../src/server/districtKeys';
import {
  describePublicKey,
  exportPublicJwk,
  generateKeyPair,
  openRecordPayload,
  type OpenKey,
} from '../../src/crypto/seal';
import type { Sealed } from '../../src/domain/contract';
import { idText, openRoute, pressFinish, TEST_PROVINCE } from './fixtures';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');

// ---------------------------------------------------------------------------------------------
// The coordinator's server

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  /** base64 of the server's data key, as DATA_KEY for the admin CLI. */
  dataKey: string;
  /** The district key this test plays the coordinator with (phones seal to it). */
  districtKey: OpenKey;
  close(): Promise<void>;
}

/**
 * The real server (src/server) on a free port with a fresh DATA_DIR, a known data key and a
 * private copy of the built app (a concurrent `npm run build` cannot change it under the test).
 */
/**
 * A real server on a throwaway DATA_DIR. By default a district key is registered before any phone
 * enrolls; `registerDistrictKey: false` leaves that to the test (the console sets one up itself).
 */
export async function startTestServer({
  registerDistrictKey: withDistrictKey = true,
}: { registerDistrictKey?: boolean } = {}): Promise<TestServer> {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/ has no built app: run `npm run build` before the browser tests.');
  }
  const root = mkdtempSync(join(tmpdir(), 'jejaring-wf-'));
  const dataDir = join(root, 'data');
  const staticDir = join(root, 'static');
  cpSync(DIST, staticDir, { recursive: true });
  const dataKey = randomBytes(32).toString('base64');
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    staticDir,
    dataKey,
    logLevel: 'error',
    shutdownGraceMs: 1000,
  });
  // The coordinator's district key: registered before any phone enrolls, so enrollment answers it.
  const pair = await generateKeyPair(true);
  const { kid } = await describePublicKey(pair.publicKey);
  if (withDistrictKey) {
    const opened = await openDatabase(dataDir);
    try {
      await registerDistrictKey(opened.db, await exportPublicJwk(pair.publicKey));
    } finally {
      await opened.close();
    }
  }
  return {
    url: running.url,
    port: running.port,
    dataDir,
    dataKey,
    districtKey: { kid, privateKey: pair.privateKey, publicKey: pair.publicKey },
    close: async () => {
      await running.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs `npm run admin -- <args>` (the same entry point) against the server's DATA_DIR. */
export async function admin(server: TestServer, args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/server/admin.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: server.dataDir, DATA_KEY: server.dataKey },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout;
}

/** A fresh enrollment code from the admin CLI. */
export async function enrollmentCode(server: TestServer, uses = 1): Promise<string> {
  const created = JSON.parse(await admin(server, ['enrollment-code', '--uses', String(uses)])) as {
    code: string;
  };
  return created.code;
}

/**
 * A code that expired an hour ago. The CLI only makes codes valid for at least an hour, so this
 * uses the server's own code maker with a creation time in the past.
 */
export async function expiredEnrollmentCode(server: TestServer): Promise<string> {
  const opened = await openDatabase(server.dataDir);
  try {
    const key = dataKeyFromBytes(new Uint8Array(Buffer.from(server.dataKey, 'base64')));
    const created = await createEnrollmentCode(opened.db, key, {
      uses: 1,
      expiresInHours: 1,
      now: new Date(Date.now() - 2 * 3_600_000),
    });
    return created.code;
  } finally {
    await opened.close();
  }
}

export interface ExportedRecord {
  id: string;
  kind: RecordKind;
  rev: number;
  deleted: boolean;
  deviceId: string;
  payload: Payload;
}

/**
 * The current version of every record, opened with the test's district key (the coordinator's
 * side: the server itself cannot read them). Tombstones come with an empty payload.
 */
export async function exportRecords(server: TestServer): Promise<ExportedRecord[]> {
  const sqlite = new BetterSqlite3(join(server.dataDir, DATABASE_FILE_NAME), { readonly: true });
  let rows: {
    id: string;
    rev: number | bigint;
    kind: string;
    schema_version: number;
    deleted: number;
    device_id: string;
    sealed: string | null;
  }[];
  try {
    rows = sqlite
      .prepare(
        `SELECT c.id, c.rev, r.kind, r.schema_version, r.deleted, c.device_id, r.sealed
           FROM sealed_current c JOIN sealed_revisions r ON r.id = c.id AND r.rev = c.rev
          ORDER BY c.id`,
      )
      .all() as typeof rows;
  } finally {
    sqlite.close();
  }
  return Promise.all(
    rows.map(async (row) => {
      const header = {
        id: row.id,
        rev: Number(row.rev),
        kind: row.kind,
        schemaVersion: row.schema_version,
        deleted: row.deleted === 1,
      };
      const payload =
        row.sealed === null
          ? {}
          : ((await openRecordPayload(header, JSON.parse(row.sealed) as Sealed, [
              server.districtKey,
            ])) as Payload);
      return {
        id: row.id,
        kind: row.kind as RecordKind,
        rev: header.rev,
        deleted: header.deleted,
        deviceId: row.device_id,
        payload,
      };
    }),
  );
}

/** How many times the server's append-only history holds each (id, rev), keyed `id@rev`. */
export function revisionCounts(server: TestServer): Map<string, number> {
  const sqlite = new BetterSqlite3(join(server.dataDir, DATABASE_FILE_NAME), { readonly: true });
  try {
    const rows = sqlite
      .prepare('SELECT id, rev, COUNT(*) AS n FROM sealed_revisions GROUP BY id, rev')
      .all() as { id: string; rev: number; n: number }[];
    return new Map(rows.map((row) => [`${row.id}@${Number(row.rev)}`, Number(row.n)]));
  } finally {
    sqlite.close();
  }
}

/** Device ids the server knows, with their revocation time. */
export async function devices(
  server: TestServer,
): Promise<{ id: string; revokedAt: string | null }[]> {
  return JSON.parse(await admin(server, ['devices'])) as { id: string; revokedAt: string | null }[];
}

// ---------------------------------------------------------------------------------------------
// A proxy that holds push answers back

export interface HoldingProxy {
  url: string;
  /** Push requests that reached the server (each answered by it before being held). */
  pushesAnswered: number;
  /** Resolves when the next push has been answered by the server (and is being held). */
  nextPushAnswered(): Promise<void>;
  /** Stop holding: answers held now and later go through at once. */
  release(): void;
  close(): Promise<void>;
}

/**
 * Forwards everything to `target`. While holding, a push is forwarded at once — the server
 * commits it — but its answer is kept from the phone: the window in which a closed page must
 * not lose or duplicate anything when it sends the same records again.
 */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const upstream = new URL(target);
  let holding = true;
  const held: (() => void)[] = [];
  let waiters: (() => void)[] = [];
  const state = { pushesAnswered: 0 };
  const server = http.createServer((req, res) => {
    const isPush = req.method === 'POST' && (req.url ?? '').startsWith('/api/v2/sync/push');
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        if (!isPush) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const send = () => {
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(chunks));
          };
          state.pushesAnswered += 1;
          const woken = waiters;
          waiters = [];
          for (const wake of woken) wake();
          if (holding) held.push(send);
          else send();
        });
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get pushesAnswered() {
      return state.pushesAnswered;
    },
    nextPushAnswered: () => new Promise<void>((resolve) => waiters.push(resolve)),
    release() {
      holding = false;
      for (const send of held.splice(0)) send();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Record forms through the UI

/** The example of a kind without its links to other records (those do not exist on this phone). */
export function exampleWithoutLinks(kind: RecordKind): Payload {
  const declaration = declarationOf(kind);
  let payload = structuredClone(declaration.examples[0]) as Payload;
  for (const field of declaration.fields) {
    if (field.input === 'recordLinks') payload = setPath(payload, field.name, undefined);
  }
  return payload;
}

/**
 * What the phone stores for the example typed by hand: a region typed (not picked from the
 * search) keeps only the village name and detail, under the volunteer's own province.
 */
export function typedPayload(kind: RecordKind, payload: Payload): Payload {
  let out = structuredClone(payload);
  for (const field of declarationOf(kind).fields) {
    const value = getPath(out, field.name) as Record<string, string> | undefined;
    if (field.input !== 'region' || !value) continue;
    out = setPath(out, field.name, {
      provinceCode: TEST_PROVINCE,
      villageName: value.villageName,
      ...(value.detail ? { detail: value.detail } : {}),
    });
  }
  return out;
}

/** `t` over the Bahasa Indonesia locale files, enough for summaries (`{{count}}`). */
function translateId(key: string, options?: Record<string, unknown>): string {
  let text: string;
  try {
    text = idText(key);
  } catch {
    text = String(options?.defaultValue ?? key);
  }
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options?.[name] ?? ''));
}

/** The line the list shows for a record with this payload (Bahasa Indonesia, as the app). */
export function summaryFor(kind: RecordKind, payload: Payload): string {
  const date = (iso: string) =>
    new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium' }).format(new Date(`${iso}T00:00:00`));
  return renderSummary(declarationOf(kind).summaryParts(payload), { translate: translateId, date });
}

/**
 * A small valid screening (the kind with the fewest required answers) whose list line is told
 * apart by `initials`: quick to type, so the sync tests can create several.
 */
export function quickScreening(initials: string): Payload {
  const payload: Payload = {
    screenedOn: '2025-05-12',
    consent: 'agreed',
    subjectInitials: initials,
    subjectAgeGroup: 'adult',
    subjectSex: 'female',
    placeMet: 'after_return',
    immediateDanger: false,
  };
  expect(validateForFinish('screening', payload), 'the quick screening is valid').toEqual([]);
  return payload;
}

function declarationOf(kind: RecordKind): RecordKindDeclaration {
  const declaration = getDeclaration(kind);
  if (!declaration) throw new Error(`no declaration for ${kind}`);
  return declaration;
}

const byId = (page: Page, path: string) => page.locator(`[id="${fieldDomId(path)}"]`);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Goes to a section through the form's section row ("2. Identitas"). */
export async function openSection(page: Page, kind: RecordKind, section: string): Promise<void> {
  const label = idText(`records:${kind}.sections.${section}`);
  const nav = page.getByRole('navigation', { name: idText('forms:form.sectionsLabel') });
  const button = nav.getByRole('button', {
    name: new RegExp(`^\\d+\\. ${escapeRegExp(label)}(\\s|$)`),
  });
  await button.click();
  await expect(button).toHaveAttribute('aria-current', 'step');
}

export async function fillField(
  page: Page,
  field: FieldMeta,
  path: string,
  value: unknown,
): Promise<void> {
  switch (field.input) {
    case 'text':
    case 'textarea':
    case 'date':
    case 'number':
      await byId(page, path).fill(String(value));
      return;
    case 'select': {
      const control = byId(page, path);
      // Short lists are one-tap buttons (a radio group) since issue 8; long ones drop-downs.
      const isSelect = await control.evaluate((element) => element.tagName === 'SELECT');
      if (isSelect) await control.selectOption(String(value));
      else await control.locator(`input[type="radio"][value="${String(value)}"]`).check();
      return;
    }
    case 'multiselect':
      for (const option of value as string[]) {
        // Asked once: a repeated option follows the earlier answer (src/domain/sameFacts.ts).
        if (field.repeats?.[option]) continue;
        await byId(page, path).locator(`input[value="${option}"]`).check();
      }
      return;
    case 'boolean':
      await byId(page, path)
        .locator('input[type="radio"]')
        .nth(value === true ? 0 : 1)
        .check();
      return;
    case 'checklist':
      for (const [item, answer] of Object.entries(
        value as Record<string, { state: string; note?: string }>,
      )) {
        await page.locator(`input[name="${path}.${item}"][value="${answer.state}"]`).check();
        if (answer.note) await byId(page, `${path}.${item}.note`).fill(answer.note);
      }
      return;
    case 'region': {
      const region = value as Record<string, string>;
      await byId(page, `${path}.villageName`).fill(region.villageName ?? '');
      if (region.detail) await byId(page, `${path}.detail`).fill(region.detail);
      return;
    }
    case 'recordLinks':
      throw new Error(`links (${path}) are not typed by these tests; drop them from the payload`);
    case 'group': {
      const items = value as Payload[];
      const label = idText(`records:${field.labelKey}`);
      const add = page.getByRole('button', {
        name: idText('forms:form.addItem').replace('{{label}}', label),
        exact: true,
      });
      for (let index = 0; index < items.length; index++) {
        await add.click();
        const item = items[index] as Payload;
        for (const sub of field.fields ?? []) {
          const subValue = getPath(item, sub.name);
          if (subValue === undefined || !applies(sub, item)) continue;
          await fillField(page, sub, `${path}.${index}.${sub.name}`, subValue);
        }
      }
      return;
    }
  }
}

/**
 * Fills the open form with `payload` through its controls, one section screen at a time, in the
 * declaration's order (so an answer a later field depends on is given first).
 */
export async function fillRecordForm(page: Page, kind: RecordKind, payload: Payload) {
  const declaration = declarationOf(kind);
  for (const section of declaration.sections) {
    const fields = declaration.fields.filter(
      (field) =>
        field.section === section &&
        applies(field, payload) &&
        getPath(payload, field.name) !== undefined,
    );
    if (fields.length === 0) continue;
    await openSection(page, kind, section);
    for (const field of fields) {
      await fillField(page, field, field.name, getPath(payload, field.name));
    }
  }
}

/** The heading of a kind's new-record form. */
export function newFormTitle(kind: RecordKind): string {
  return idText('forms:form.newTitle').replace('{{kind}}', idText(`forms:kinds.${kind}`));
}

/**
 * Creates a finished record through the UI: opens the kind's new form, types `payload`, presses
 * "Selesai dan simpan" and waits for the saved record's screen. Returns the record id.
 */
export async function createRecord(page: Page, kind: RecordKind, payload: Payload) {
  await openRoute(page, `/records/${kind}/new`);
  await expect(page.getByRole('heading', { name: newFormTitle(kind), level: 1 })).toBeVisible();
  await fillRecordForm(page, kind, payload);
  await pressFinish(page);
  await expect(page, 'the finished record opens (no validation errors)').toHaveURL(
    /#\/record\/[0-9a-f-]+$/,
  );
  const id = /#\/record\/([0-9a-f-]+)$/.exec(page.url())?.[1];
  if (!id) throw new Error(`no record id in ${page.url()}`);
  return id;
}

/** The list row (link) of a record, found by its summary line. */
export function listRow(page: Page, summary: string) {
  return page.getByRole('link').filter({ hasText: summary });
}

/** Opens a kind's list and waits until it has loaded. */
export async function openList(page: Page, kind: RecordKind): Promise<void> {
  await openRoute(page, `/records/${kind}`);
  await expect(
    page.getByRole('heading', { name: idText(`forms:kinds.${kind}`), level: 1, exact: true }),
  ).toBeVisible();
  await expect(page.getByText(idText('forms:common.loading'))).toHaveCount(0);
}

// ---------------------------------------------------------------------------------------------
// Enrollment and sync status through the UI

/** Opens #/enroll and submits the server address, code and phone name. */
export async function submitEnrollment(
  page: Page,
  serverUrl: string,
  code: string,
  label = 'HP relawan uji',
): Promise<void> {
  await openRoute(page, '/enroll');
  await expect(
    page.getByRole('heading', { name: idText('app:enroll.title'), level: 1 }),
  ).toBeVisible();
  await page.getByLabel(idText('app:enroll.serverUrl'), { exact: true }).fill(serverUrl);
  await page.getByLabel(idText('app:enroll.code'), { exact: true }).fill(code);
  await page.getByLabel(idText('app:enroll.label'), { exact: true }).fill(label);
  await page.getByRole('button', { name: idText('app:enroll.submit'), exact: true }).click();
}

/** Enrolls through the UI and waits for the "connected" confirmation. */
export async function enrollThroughUi(page: Page, serverUrl: string, code: string) {
  await submitEnrollment(page, serverUrl, code);
  await expect(page.getByText(idText('app:enroll.done'))).toBeVisible({ timeout: 20_000 });
}

/** The status bar's "N catatan menunggu dikirim". */
export function waitingText(count: number): string {
  return idText('app:status.pending_other')
    .replace('{{n}}', String(count))
    .replace('{{count}}', String(count));
}

/** Waits until the status bar says that nothing waits to be sent. */
export async function expectAllSent(page: Page, timeout = 30_000): Promise<void> {
  await expect(page.getByText(idText('app:status.allSent'))).toBeVisible({ timeout });
}

// ---------------------------------------------------------------------------------------------
// A test with its own coordinator server

export interface ServerFixtures {
  /** Reach the server through a proxy that holds push answers (see startHoldingProxy). */
  viaHoldingProxy: boolean;
  /** False: the server starts without a district key (the test sets one up in the console). */
  districtKeyRegistered: boolean;
  server: TestServer;
  holdingProxy: HoldingProxy;
}

/**
 * `test` whose pages live on the origin of a private server (or of the holding proxy in front
 * of it): the phone enrolls with its own origin as the server address, and the test reads the
 * server with the admin CLI.
 */
export const serverTest = base.extend<ServerFixtures>({
  viaHoldingProxy: [false, { option: true }],
  districtKeyRegistered: [true, { option: true }],
  server: async ({ districtKeyRegistered }, use) => {
    const server = await startTestServer({ registerDistrictKey: districtKeyRegistered });
    await use(server);
    await server.close();
  },
  holdingProxy: async ({ server }, use) => {
    const proxy = await startHoldingProxy(server.url);
    await use(proxy);
    proxy.release();
    await proxy.close();
  },
  baseURL: async ({ server, holdingProxy, viaHoldingProxy }, use) => {
    await use(viaHoldingProxy ? holdingProxy.url : server.url);
  },
});
