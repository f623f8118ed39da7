// The coordinator's command line on the server host: enrollment codes, devices, exports.
// `npm run admin -- <command>`; uses the same DATA_DIR and data key as the server and is safe to
// run while the server is up (WAL + busy_timeout in db.ts).
import { once } from 'node:events';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pathToFileURL } from 'node:url';
import { getDeclaration, isRecordKind, RECORD_KINDS } from '../domain';
import { csvCell as domainCsvCell } from '../domain/text';
import { loadDataKey, unseal, type DataKey } from './crypto';
import type { Selectable } from 'kysely';
import {
  openDatabase,
  verifyDataKey,
  type OpenedDatabase,
  type RecordCurrentTable,
  type ServerDb,
} from './db';
import { applyRetention, PURGED_PAYLOAD, purgeRecord, verifyDatabase } from './maintenance';
import { createEnrollmentCode, listDevices, reassignRecords, revokeDevice } from './devices';
import { payloadContext } from './ingest';
import {
  COORDINATOR_USAGE,
  CoordinatorUsageError,
  coordinatorCommand,
  enrollmentUrl,
  sealedCurrentRecords,
  terminalQr,
} from './adminCoordinator';
import { ACCOUNT_USAGE, AccountUsageError, accountCommand } from './console/adminAccounts';
import {
  openRecoveryFile,
  readPassphrase,
  sealedFileRecords,
  writeDecrypted,
} from './adminDecrypt';

export const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  enrollment-code [--uses N] [--expires-in-hours H] [--server https://host]
      Create a code for enrolling phones (default: 1 use, valid 24 hours). Prints {"code","expiresAt"}.
      With --server (or PUBLIC_URL), also the enrollment URL and its QR code for any camera app.
  devices
      List enrolled devices (id, label, enrolled, last seen, revoked) as JSON.
  revoke-device <deviceId>
      Refuse this device's token from now on.
  reassign-records <fromDeviceId> <toDeviceId>
      Give a re-enrolled (or restored) phone the records of its old device id, so its edits are
      accepted instead of rejected as belonging to another device.
  export --format ndjson|csv [--kind K]
      Write the current version of every record to standard output. Rows that cannot be read are
      left out, counted and named on standard error (exit code 1).
      Kinds: ${RECORD_KINDS.join(', ')}
  export --decrypt --recovery FILE --format ndjson|csv [--kind K] [--in SEALED.ndjson]
      Open every current sealed record with the district key in the key holder's recovery file
      (downloaded from the console) and write it decrypted: ndjson with its payload, or CSV of one
      --kind with Indonesian headers and option labels. With --in, read a file written by
      export-sealed instead of the database: no DATA_DIR, DATA_KEY or database needed (offline).
      The passphrase is read from DISTRICT_KEY_PASSPHRASE or from standard input (never an
      argument). Records that do not open are left out, counted and named (exit code 1).
  backup <file>
      SQLite: write a consistent copy of the live database to a NEW file (VACUUM INTO; never copy
      the .sqlite file itself while the server runs: recent commits are still in its -wal file).
      PostgreSQL: use pg_dump (see README).
  verify
      Integrity check of the engine (SQLite PRAGMA quick_check) and of every stored row (decrypts,
      parses, matches its content hash). Prints a JSON report; exit code 1 when anything is wrong.
  purge-record <recordId>
      Remove the content of every revision of one record. Its id, revs, kind and dates stay, and a
      phone resending it is answered "duplicate" (the content is not stored again).
  retention --days N
      Remove the content of revisions superseded, and of records deleted, more than N days ago
      (the server does this daily with RETENTION_DAYS).
${COORDINATOR_USAGE}
${ACCOUNT_USAGE}

Environment: DATA_DIR (default ./data), DATA_KEY and DATABASE_URL (as for the server), PUBLIC_URL,
DISTRICT_KEY_PASSPHRASE (export --decrypt).`;

/** admin verify found problems (its report is already written; exit code 1). */
export class VerifyFailedError extends Error {
  constructor() {
    super('verify found problems (see the report above)');
    this.name = 'VerifyFailedError';
  }
}

/** A mistake in how the command was called (exit code 2, usage shown). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface AdminIo {
  write(text: string): Promise<void>;
}

export interface AdminOptions {
  /** Reads the district key passphrase when DISTRICT_KEY_PASSPHRASE is not set (stdin). */
  readPassphrase?: () => Promise<string>;
}

function positiveInteger(
  value: string | undefined,
  name: string,
  fallback: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1 || number > max) {
    throw new UsageError(`${name} must be a whole number from 1 to ${max}, got "${value}"`);
  }
  return number;
}

/** CSV cell: the domain's one rule (controls and bidi neutralised, formulas prefixed with '). */
export const csvCell = domainCsvCell;

function parse(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : 'Invalid options');
  }
}

async function exportRecords(
  db: ServerDb,
  key: DataKey,
  io: AdminIo,
  format: 'ndjson' | 'csv',
  kind: string | undefined,
): Promise<void> {
  const columns = kind === undefined ? [] : (getDeclaration(kind)?.exportColumns ?? []);
  if (format === 'csv') {
    const header = [
      'id',
      'kind',
      'rev',
      'deviceId',
      'createdAt',
      'updatedAt',
      'deleted',
      ...columns.map((c) => c.key),
    ];
    await io.write(header.map((cell) => csvCell(cell)).join(',') + '\r\n');
  }
  const skipped: string[] = [];
  for await (const row of currentRecordPages(db, kind)) {
    const rev = Number(row.rev);
    let payload: Record<string, unknown> | null;
    const purged = row.payload === PURGED_PAYLOAD;
    try {
      payload = purged
        ? null
        : (JSON.parse(unseal(key, row.payload, payloadContext(row.id, rev))) as Record<
            string,
            unknown
          >);
    } catch {
      // A damaged row (torn page, bad restore, wrong key for this row) must not end the export:
      // the rest is written, and the ids of the rows left out are reported afterwards.
      skipped.push(row.id);
      continue;
    }
    const envelope = {
      id: row.id,
      kind: row.kind,
      schemaVersion: row.schema_version,
      rev,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      deleted: Number(row.deleted) === 1,
      payload,
      deviceId: row.device_id,
      // Content removed by purge-record or retention: the record's existence and dates remain.
      ...(purged ? { purged: true } : {}),
    };
    if (format === 'ndjson') {
      await io.write(JSON.stringify(envelope) + '\n');
      continue;
    }
    const extra = columns.map((column) => {
      try {
        return payload === null ? null : column.value(payload);
      } catch {
        // A tombstone's empty payload has none of the kind's fields.
        return null;
      }
    });
    const cells = [
      envelope.id,
      envelope.kind,
      envelope.rev,
      envelope.deviceId,
      envelope.createdAt,
      envelope.updatedAt,
      envelope.deleted,
      ...extra,
    ];
    await io.write(cells.map((cell) => csvCell(cell)).join(',') + '\r\n');
  }
  if (skipped.length > 0) throw new ExportIncompleteError(skipped);
}

/** Export finished, but some rows could not be read (exit code 1; the rest was written). */
export class ExportIncompleteError extends Error {
  constructor(readonly skippedIds: readonly string[]) {
    super(
      `${skippedIds.length} record(s) could not be read and were left out of the export ` +
        `(run \`admin verify\`): ${skippedIds.slice(0, 20).join(', ')}${skippedIds.length > 20 ? ', …' : ''}`,
    );
    this.name = 'ExportIncompleteError';
  }
}

/** Rows of records_current in export order, read in pages (keyset), so memory stays bounded. */
export async function* currentRecordPages(
  db: ServerDb,
  kind: string | undefined,
  pageSize = 500,
): AsyncGenerator<Selectable<RecordCurrentTable>> {
  let after: { kind: string; createdAt: string; id: string } | undefined;
  for (;;) {
    let query = db
      .selectFrom('records_current')
      .selectAll()
      .orderBy('kind')
      .orderBy('created_at')
      .orderBy('id')
      .limit(pageSize);
    if (kind !== undefined) query = query.where('kind', '=', kind);
    if (after !== undefined) {
      const from = after;
      query = query.where((eb) =>
        eb(
          eb.refTuple('kind', 'created_at', 'id'),
          '>',
          eb.tuple(from.kind, from.createdAt, from.id),
        ),
      );
    }
    const rows = await query.execute();
    for (const row of rows) yield row;
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    after = { kind: last.kind, createdAt: last.created_at, id: last.id };
  }
}

/** Runs one admin command against dataDir. Throws UsageError for bad usage. */
export async function runAdmin(
  argv: readonly string[],
  env: {
    DATA_DIR?: string;
    DATA_KEY?: string;
    DATABASE_URL?: string;
    PUBLIC_URL?: string;
    PORT?: string;
    DISTRICT_KEY_PASSPHRASE?: string;
  },
  io: AdminIo,
  options: AdminOptions = {},
): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('No command given');
  if (command === 'help' || command === '--help' || command === '-h') {
    await io.write(USAGE + '\n');
    return;
  }
  let action: (db: ServerDb, key: DataKey, opened: OpenedDatabase) => Promise<void>;
  switch (command) {
    case 'enrollment-code': {
      const { values, positionals } = parse(rest, {
        uses: { type: 'string' },
        'expires-in-hours': { type: 'string' },
        server: { type: 'string' },
      });
      if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
      const uses = positiveInteger(values.uses as string | undefined, '--uses', 1, 10_000);
      const hours = positiveInteger(
        values['expires-in-hours'] as string | undefined,
        '--expires-in-hours',
        24,
        24 * 366,
      );
      const server = (values.server as string | undefined) ?? env.PUBLIC_URL;
      if (server !== undefined && !/^https?:\/\/[^\s/]+/.test(server))
        throw new UsageError(
          `--server must be the server's address, e.g. https://host, got "${server}"`,
        );
      action = async (db, key) => {
        const created = await createEnrollmentCode(db, key, { uses, expiresInHours: hours });
        if (server === undefined) {
          await io.write(JSON.stringify(created) + '\n');
          return;
        }
        const url = enrollmentUrl(server, created.code);
        await io.write(JSON.stringify({ ...created, url }) + '\n' + terminalQr(url) + '\n');
      };
      break;
    }
    case 'devices': {
      const { positionals } = parse(rest, {});
      if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
      action = async (db, key) => {
        await io.write(JSON.stringify(await listDevices(db, key), null, 2) + '\n');
      };
      break;
    }
    case 'revoke-device': {
      const { positionals } = parse(rest, {});
      const deviceId = positionals[0];
      if (deviceId === undefined || positionals.length > 1) {
        throw new UsageError('revoke-device needs exactly one device id');
      }
      action = async (db) => {
        const revoked = await revokeDevice(db, deviceId);
        if (revoked === undefined) throw new Error(`No device with id ${deviceId}`);
        await io.write(JSON.stringify(revoked) + '\n');
      };
      break;
    }
    case 'reassign-records': {
      const { positionals } = parse(rest, {});
      const [fromId, toId] = positionals;
      if (fromId === undefined || toId === undefined || positionals.length > 2) {
        throw new UsageError('reassign-records needs the old and the new device id');
      }
      action = async (db) => {
        const moved = await reassignRecords(db, fromId, toId);
        await io.write(
          JSON.stringify({ fromDeviceId: fromId, toDeviceId: toId, records: moved }) + '\n',
        );
      };
      break;
    }
    case 'export': {
      const { values, positionals } = parse(rest, {
        format: { type: 'string' },
        kind: { type: 'string' },
        decrypt: { type: 'boolean' },
        recovery: { type: 'string' },
        in: { type: 'string' },
      });
      if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
      const format = values.format;
      if (format !== 'ndjson' && format !== 'csv')
        throw new UsageError('export needs --format ndjson or --format csv');
      const kind = values.kind as string | undefined;
      if (kind !== undefined && !isRecordKind(kind)) {
        throw new UsageError(`Unknown kind "${kind}"; use one of ${RECORD_KINDS.join(', ')}`);
      }
      if (values.decrypt !== true) {
        if (values.recovery !== undefined || values.in !== undefined)
          throw new UsageError('--recovery and --in belong to export --decrypt');
        action = (db, key) => exportRecords(db, key, io, format, kind);
        break;
      }
      const recovery = values.recovery as string | undefined;
      if (recovery === undefined)
        throw new UsageError('export --decrypt needs --recovery FILE (the key holder’s file)');
      if (format === 'csv' && kind === undefined)
        throw new UsageError('export --decrypt --format csv needs --kind (one table per kind)');
      const source = {
        env: env.DISTRICT_KEY_PASSPHRASE,
        ...(options.readPassphrase ? { read: options.readPassphrase } : {}),
      };
      const input = values.in as string | undefined;
      if (input !== undefined) {
        // Offline: the coordinator's own laptop, with a file from export-sealed; no database.
        if (!existsSync(input)) throw new Error(`${input}: no such file`);
        const key = await openRecoveryFile(recovery, source);
        await writeDecrypted(sealedFileRecords(input), key, io, format, kind);
        return;
      }
      action = async (db) => {
        const key = await openRecoveryFile(recovery, source);
        await writeDecrypted(sealedCurrentRecords(db, kind), key, io, format, kind);
      };
      break;
    }
    case 'backup': {
      const { positionals } = parse(rest, {});
      const target = positionals[0];
      if (target === undefined || positionals.length > 1)
        throw new UsageError('backup needs exactly one new file name');
      action = async (_db, _key, opened) => {
        const file = path.resolve(target);
        mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        await opened.backupTo(file);
        await io.write(JSON.stringify({ backup: file, bytes: statSync(file).size }) + '\n');
      };
      break;
    }
    case 'verify': {
      const { positionals } = parse(rest, {});
      if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
      action = async (_db, key, opened) => {
        const report = await verifyDatabase(opened, key);
        const ok = report.engine.length === 0 && report.problems.length === 0;
        await io.write(JSON.stringify({ ok, ...report }, null, 2) + '\n');
        if (!ok) throw new VerifyFailedError();
      };
      break;
    }
    case 'purge-record': {
      const { positionals } = parse(rest, {});
      const id = positionals[0];
      if (id === undefined || positionals.length > 1)
        throw new UsageError('purge-record needs exactly one record id');
      action = async (db) => {
        const rowsPurged = await purgeRecord(db, id);
        await io.write(JSON.stringify({ id, rowsPurged }) + '\n');
      };
      break;
    }
    case 'retention': {
      const { values, positionals } = parse(rest, { days: { type: 'string' } });
      if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
      if (values.days === undefined) throw new UsageError('retention needs --days N');
      const days = positiveInteger(values.days as string, '--days', 1, 36_600);
      action = async (db) => {
        await io.write(JSON.stringify({ days, ...(await applyRetention(db, days)) }) + '\n');
      };
      break;
    }
    default: {
      let coordinator: ReturnType<typeof coordinatorCommand>;
      try {
        coordinator =
          accountCommand(command, rest, io, env) ?? coordinatorCommand(command, rest, io);
      } catch (error) {
        if (error instanceof CoordinatorUsageError || error instanceof AccountUsageError)
          throw new UsageError(error.message);
        throw error;
      }
      if (coordinator === undefined) throw new UsageError(`Unknown command "${command}"`);
      action = (db) => coordinator(db);
    }
  }

  const dataDir = path.resolve(env.DATA_DIR || './data');
  const key = loadDataKey(dataDir, env.DATA_KEY, { create: false }).key;
  const opened = await openDatabase(dataDir, { databaseUrl: env.DATABASE_URL, poolSize: 2 });
  try {
    await verifyDataKey(opened.db, key);
    await action(opened.db, key, opened);
  } finally {
    await opened.close();
  }
}

/**
 * Runs the CLI: output to `out`, errors (with usage for usage mistakes) to `err`.
 * Resolves to the exit code: 0 success, 1 failure, 2 bad usage.
 */
export async function adminMain(
  argv: readonly string[],
  env: {
    DATA_DIR?: string;
    DATA_KEY?: string;
    DATABASE_URL?: string;
    PUBLIC_URL?: string;
    PORT?: string;
    DISTRICT_KEY_PASSPHRASE?: string;
  },
  out: AdminIo,
  err: AdminIo,
  options: AdminOptions = {},
): Promise<number> {
  try {
    await runAdmin(argv, env, out, options);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      await err.write(`Error: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    await err.write(`Error: ${error instanceof Error ? error.message : 'the command failed'}\n`);
    return 1;
  }
}

function streamIo(stream: NodeJS.WriteStream): AdminIo {
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
  };
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  void adminMain(
    process.argv.slice(2),
    process.env,
    streamIo(process.stdout),
    streamIo(process.stderr),
    { readPassphrase: () => readPassphrase(process.stdin, process.stderr) },
  ).then((code) => {
    process.exitCode = code;
  });
}
