// Admin commands that play the coordinator's part with a district key file, so the whole v2 loop
// (phone seals → server stores → coordinator opens and answers → phone reads the feed) can be run
// and tested without the console: district keys, reviews, directory, notices, opening a record,
// the sealed export, and the enrollment QR code. The console will do the same in the browser with
// the same server modules (districtKeys.ts, feed/*).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderUnicodeCompact } from 'uqr';
import { REVIEW_STATES, publicJwkSchema, sealedSchema, type ReviewState } from '../domain/contract';
import { isRecordKind, RECORD_KINDS } from '../domain';
import {
  describePublicKey,
  exportPublicJwk,
  generateKeyPair,
  importPrivateJwk,
  importPublicJwk,
  openRecordPayload,
  openReviewNote,
} from '../crypto/seal';
import type { ServerDb } from './db';
import {
  activeDistrictKeys,
  registerDistrictKey,
  retireDistrictKey,
  setDistrictName,
} from './districtKeys';
import { addNotice, addReview, setDirectory } from './feed/answers';

export const COORDINATOR_USAGE = `  district-key create --out FILE
      Generate a district key pair, write it to FILE (mode 0600; keep it off the server) and
      register its public half: phones seal every record to it from their next feed fetch.
  district-key list | district-key retire <kid>
  district-name "<name>"
      The district's name as phones show it after enrolling.
  review <recordId> <received|in_follow_up|referred|closed|needs_correction> [--note TEXT] [--rev N]
      Answer a record; the note is sealed to the phone's device key and the district keys.
  directory set <file.json>
      Publish the local contacts ([{id, category, name, phone, whatsapp?, notes?}]) to every phone.
  notice "<text>"
      A short notice to every phone (no personal data).
  open <recordId> --key FILE [--rev N]
      Decrypt a stored record (and its review notes) with a district key file and print it.
  export-sealed [--kind K]
      Every current sealed record as ndjson (the server cannot open them).`;

/** What a district key file holds (JSON). The private JWK never goes to the server. */
export interface DistrictKeyFile {
  kid: string;
  fingerprint: string;
  publicKey: JsonWebKey;
  privateKey: JsonWebKey;
}

export interface CoordinatorIo {
  write(text: string): Promise<void>;
}

type Action = (db: ServerDb) => Promise<void>;

export class CoordinatorUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CoordinatorUsageError';
  }
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--'))
    throw new CoordinatorUsageError(`${name} needs a value`);
  args.splice(index, 2);
  return value;
}

function revOption(args: string[]): number | undefined {
  const raw = option(args, '--rev');
  if (raw === undefined) return undefined;
  const rev = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(rev) || rev < 1)
    throw new CoordinatorUsageError(`--rev must be a whole number >= 1, got "${raw}"`);
  return rev;
}

function noExtra(args: string[], expected: number): void {
  if (args.length !== expected)
    throw new CoordinatorUsageError(
      args.length > expected ? `Unexpected argument "${args[expected]}"` : 'Missing argument',
    );
}

/** Reads and checks a district key file written by `district-key create`. */
export async function readDistrictKeyFile(file: string) {
  let parsed: DistrictKeyFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as DistrictKeyFile;
  } catch {
    throw new Error(`${file} is not a district key file`);
  }
  const publicKey = await importPublicJwk(publicJwkSchema.parse(parsed.publicKey));
  const privateKey = await importPrivateJwk(parsed.privateKey);
  const { kid } = await describePublicKey(publicKey);
  if (kid !== parsed.kid) throw new Error(`${file}: the kid does not match its public key`);
  return { kid, privateKey, publicKey };
}

/** One line of `export-sealed`: a current sealed record as the server stores it. */
export interface SealedExportLine {
  id: string;
  kind: string;
  schemaVersion: number;
  rev: number;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  meta: unknown;
  /** Absent for a tombstone. */
  sealed?: unknown;
  deviceId: string;
}

/** Every current sealed record (of one kind), in export order, read in pages. */
export async function* sealedCurrentRecords(
  db: ServerDb,
  kind: string | undefined,
): AsyncGenerator<SealedExportLine> {
  let query = db
    .selectFrom('sealed_current as c')
    .innerJoin('sealed_revisions as r', (join) =>
      join.onRef('r.id', '=', 'c.id').onRef('r.rev', '=', 'c.rev'),
    )
    .select([
      'r.id',
      'r.kind',
      'r.schema_version',
      'r.rev',
      'r.created_at',
      'r.updated_at',
      'r.deleted',
      'r.meta',
      'r.sealed',
      'r.device_id',
    ])
    .orderBy('r.kind')
    .orderBy('r.created_at')
    .orderBy('r.id');
  if (kind !== undefined) query = query.where('c.kind', '=', kind);
  // Pages instead of query.stream(): streaming needs pg-cursor on PostgreSQL. The order is
  // total (id is unique), so offsets neither skip nor repeat rows.
  for (let offset = 0; ; offset += 500) {
    const page = await query.limit(500).offset(offset).execute();
    for (const row of page)
      yield {
        id: row.id,
        kind: row.kind,
        schemaVersion: row.schema_version,
        rev: Number(row.rev),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        deleted: Number(row.deleted) === 1,
        meta: JSON.parse(row.meta) as unknown,
        ...(row.sealed !== null ? { sealed: JSON.parse(row.sealed) as unknown } : {}),
        deviceId: row.device_id,
      };
    if (page.length < 500) return;
  }
}

/** The https URL an enrollment QR code holds (docs/sync-protocol-v2.md, "QR enrollment"). */
export function enrollmentUrl(server: string, code: string): string {
  const origin = new URL(server).origin;
  return `${origin}/#/enroll?server=${encodeURIComponent(origin)}&code=${encodeURIComponent(code)}`;
}

/** The QR code of a URL as Unicode half blocks for a terminal (dark on light, with a margin). */
export function terminalQr(url: string): string {
  return renderUnicodeCompact(url, { border: 2, ecc: 'M' });
}

/** The action of a coordinator command, or undefined when `command` is not one of them. */
export function coordinatorCommand(
  command: string,
  rest: readonly string[],
  io: CoordinatorIo,
): Action | undefined {
  const args = [...rest];
  const json = (value: unknown) => io.write(JSON.stringify(value, null, 2) + '\n');
  switch (command) {
    case 'district-key': {
      const sub = args.shift();
      if (sub === 'create') {
        const out = option(args, '--out');
        if (out === undefined)
          throw new CoordinatorUsageError('district-key create needs --out FILE');
        noExtra(args, 0);
        return async (db) => {
          const pair = await generateKeyPair(true);
          const { kid, fingerprint } = await describePublicKey(pair.publicKey);
          const file: DistrictKeyFile = {
            kid,
            fingerprint,
            publicKey: await exportPublicJwk(pair.publicKey),
            privateKey: await crypto.subtle.exportKey('jwk', pair.privateKey),
          };
          // 'wx': never overwrite a key file (losing it loses every record sealed to it).
          writeFileSync(out, JSON.stringify(file, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
          const registered = await registerDistrictKey(db, await exportPublicJwk(pair.publicKey));
          await json({ kid: registered.kid, fingerprint: registered.fingerprint, file: out });
        };
      }
      if (sub === 'list') {
        noExtra(args, 0);
        return async (db) => json(await activeDistrictKeys(db));
      }
      if (sub === 'retire') {
        noExtra(args, 1);
        const kid = args[0] as string;
        return async (db) => {
          if (!(await retireDistrictKey(db, kid))) throw new Error(`No active district key ${kid}`);
          await json({ retired: kid });
        };
      }
      throw new CoordinatorUsageError('district-key needs create, list or retire');
    }
    case 'district-name': {
      noExtra(args, 1);
      const name = (args[0] as string).trim();
      if (name.length === 0 || name.length > 100)
        throw new CoordinatorUsageError('The district name has 1 to 100 characters');
      return async (db) => {
        await setDistrictName(db, name);
        await json({ name });
      };
    }
    case 'review': {
      const note = option(args, '--note');
      const rev = revOption(args);
      noExtra(args, 2);
      const [recordId, state] = args as [string, string];
      if (!(REVIEW_STATES as readonly string[]).includes(state))
        throw new CoordinatorUsageError(`The state is one of ${REVIEW_STATES.join(', ')}`);
      return async (db) =>
        json(
          await addReview(db, {
            recordId,
            state: state as ReviewState,
            ...(note !== undefined ? { note } : {}),
            ...(rev !== undefined ? { rev } : {}),
          }),
        );
    }
    case 'directory': {
      if (args.shift() !== 'set')
        throw new CoordinatorUsageError('directory needs "set <file.json>"');
      noExtra(args, 1);
      const file = args[0] as string;
      return async (db) => {
        let contacts: unknown;
        try {
          contacts = JSON.parse(readFileSync(file, 'utf8'));
        } catch {
          throw new Error(`${file} is not readable JSON`);
        }
        await json(await setDirectory(db, contacts));
      };
    }
    case 'notice': {
      noExtra(args, 1);
      const text = args[0] as string;
      return async (db) => json(await addNotice(db, text));
    }
    case 'open': {
      const keyFile = option(args, '--key');
      const rev = revOption(args);
      if (keyFile === undefined) throw new CoordinatorUsageError('open needs --key FILE');
      noExtra(args, 1);
      const recordId = args[0] as string;
      return async (db) => {
        const key = await readDistrictKeyFile(keyFile);
        let query = db.selectFrom('sealed_revisions').selectAll().where('id', '=', recordId);
        if (rev !== undefined) query = query.where('rev', '=', rev);
        const row = await query.orderBy('rev', 'desc').executeTakeFirst();
        if (row === undefined) throw new Error(`No sealed record ${recordId}`);
        const header = {
          id: row.id,
          rev: Number(row.rev),
          kind: row.kind,
          schemaVersion: row.schema_version,
          deleted: row.deleted === 1,
        };
        const payload =
          row.sealed === null
            ? null
            : await openRecordPayload(header, sealedSchema.parse(JSON.parse(row.sealed)), [key]);
        const reviews = [];
        for (const item of await db
          .selectFrom('feed_items')
          .select(['seq', 'body'])
          .where('record_id', '=', recordId)
          .orderBy('seq')
          .execute()) {
          const body = JSON.parse(item.body) as {
            rev: number;
            state: string;
            at: string;
            note?: unknown;
          };
          const note =
            body.note === undefined
              ? undefined
              : await openReviewNote(
                  { recordId, rev: body.rev, state: body.state, at: body.at },
                  sealedSchema.parse(body.note),
                  [key],
                );
          reviews.push({
            seq: Number(item.seq),
            rev: body.rev,
            state: body.state,
            at: body.at,
            note,
          });
        }
        await json({ ...header, meta: JSON.parse(row.meta), payload, reviews });
      };
    }
    case 'export-sealed': {
      const kind = option(args, '--kind');
      noExtra(args, 0);
      if (kind !== undefined && !isRecordKind(kind))
        throw new CoordinatorUsageError(
          `Unknown kind "${kind}"; use one of ${RECORD_KINDS.join(', ')}`,
        );
      return async (db) => {
        for await (const record of sealedCurrentRecords(db, kind))
          await io.write(JSON.stringify(record) + '\n');
      };
    }
    default:
      return undefined;
  }
}
