// `admin export --decrypt`: a coordinator who works in their own tools opens every current sealed
// record with the district key from the key holder's recovery file (the console's download) and
// gets ndjson or CSV. Works offline on the coordinator's laptop from an `export-sealed` file (no
// data directory, data key or database), or on the server host from the database. The key is
// unwrapped with the passphrase (never an argument: it would land in the shell history) into a
// non-extractable key that lives only in this process; nothing decrypted is written anywhere but
// standard output.
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import i18next, { type TFunction } from 'i18next';
import { z } from 'zod';
import { getDeclaration } from '../domain';
import { sealedSchema } from '../domain/contract';
import { csvCell } from '../domain/text';
import {
  describePublicKey,
  importPublicJwk,
  openRecordPayload,
  type OpenKey,
} from '../crypto/seal';
import { parseRecoveryFile, unwrapPrivateKey, WrongPassphraseError } from '../crypto/keyWrap';
import { exportRow } from '../ui/summary';
import recordsId from '../../locales/id/records.json';
import uiId from '../../locales/id/ui.json';
import consoleId from '../../locales/id/console.json';
import type { SealedExportLine } from './adminCoordinator';

export interface DecryptIo {
  write(text: string): Promise<void>;
}

/** Where the passphrase comes from: the environment (scripts, tests) or a prompt. */
export interface PassphraseSource {
  env?: string | undefined;
  /** Reads it from standard input (echo off on a terminal); absent when there is no stdin. */
  read?: () => Promise<string>;
}

/** Some records could not be opened (exit code 1; the others were written). */
export class DecryptIncompleteError extends Error {
  constructor(readonly skipped: readonly string[]) {
    super(
      `${skipped.length} record(s) could not be opened with this key and were left out ` +
        `(sealed to another key, damaged or changed): ` +
        `${skipped.slice(0, 20).join(', ')}${skipped.length > 20 ? ', …' : ''}`,
    );
    this.name = 'DecryptIncompleteError';
  }
}

/** Opens the recovery file with the passphrase; clear errors for a bad file or passphrase. */
export async function openRecoveryFile(file: string, source: PassphraseSource): Promise<OpenKey> {
  let recovery;
  let publicKey: CryptoKey;
  try {
    recovery = parseRecoveryFile(JSON.parse(readFileSync(file, 'utf8')));
    publicKey = await importPublicJwk(recovery.publicKey);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
      throw new Error(`${file}: no such file`, { cause: error });
    throw new Error(`${file} is not a district key recovery file (or it is damaged)`, {
      cause: error,
    });
  }
  const { kid } = await describePublicKey(publicKey);
  if (kid !== recovery.wrapped.kid || kid !== recovery.kid)
    throw new Error(`${file}: the wrapped key does not belong to its public key (damaged file)`);
  let passphrase = source.env;
  if (passphrase === undefined) {
    if (source.read === undefined)
      throw new Error('No passphrase: set DISTRICT_KEY_PASSPHRASE or type it on standard input');
    passphrase = await source.read();
  }
  try {
    return { kid, publicKey, privateKey: await unwrapPrivateKey(recovery.wrapped, passphrase) };
  } catch (error) {
    if (error instanceof WrongPassphraseError)
      throw new Error(`The passphrase does not open the district key in ${file}`, {
        cause: error,
      });
    throw new Error(
      `${file}: ${error instanceof Error ? error.message : 'the key does not open'}`,
      {
        cause: error,
      },
    );
  }
}

const lineSchema = z.object({
  id: z.string().min(1).max(100),
  kind: z.string(),
  schemaVersion: z.number().int(),
  rev: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  deleted: z.boolean(),
  meta: z.unknown(),
  sealed: z.unknown().optional(),
  deviceId: z.string(),
});

/** The lines of an `export-sealed` file; a line that is not one is yielded as its number. */
export async function* sealedFileRecords(
  file: string,
): AsyncGenerator<SealedExportLine | { badLine: number }> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    let parsed;
    try {
      parsed = lineSchema.safeParse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) yield parsed.data as SealedExportLine;
    else yield { badLine: number };
  }
}

/** Bahasa Indonesia, whatever the machine's language: the district's reports are in Indonesian. */
async function indonesian(): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: 'id',
    fallbackLng: 'id',
    ns: ['records', 'ui', 'console'],
    defaultNS: 'records',
    resources: { id: { records: recordsId, ui: uiId, console: consoleId } },
    interpolation: { escapeValue: false },
  });
  return instance.getFixedT('id');
}

/** Writes every record of `records` opened with `key` as ndjson or CSV (CSV needs one kind). */
export async function writeDecrypted(
  records: AsyncIterable<SealedExportLine | { badLine: number }>,
  key: OpenKey,
  io: DecryptIo,
  format: 'ndjson' | 'csv',
  kind: string | undefined,
): Promise<void> {
  const t = await indonesian();
  const declaration = kind === undefined ? undefined : getDeclaration(kind);
  if (format === 'csv') {
    if (declaration === undefined) throw new Error('CSV export needs --kind');
    const header = [
      t('console:export.columns.id'),
      t('console:export.columns.kind'),
      t('console:export.columns.rev'),
      t('console:export.columns.device'),
      t('console:export.columns.savedAt'),
      t('console:export.columns.updatedAt'),
      t('console:export.columns.deleted'),
      // The kind's stable export keys (snake_case), as the v1 export; the values are labelled.
      ...declaration.exportColumns.map((column) => column.key),
    ];
    // BOM: spreadsheet programs then read the Indonesian text as UTF-8.
    await io.write('\uFEFF' + header.map((cell) => csvCell(cell)).join(',') + '\r\n');
  }
  const skipped: string[] = [];
  for await (const record of records) {
    if ('badLine' in record) {
      skipped.push(`line ${record.badLine}`);
      continue;
    }
    if (kind !== undefined && record.kind !== kind) continue;
    let payload: Record<string, unknown> | null;
    try {
      if (record.sealed === undefined || record.sealed === null) {
        // A tombstone carries no content; anything else without it is not a record we can read.
        if (!record.deleted) throw new Error('no sealed content');
        payload = null;
      } else {
        const opened = await openRecordPayload(
          {
            id: record.id,
            rev: record.rev,
            kind: record.kind,
            schemaVersion: record.schemaVersion,
            deleted: record.deleted,
          },
          sealedSchema.parse(record.sealed),
          [key],
        );
        if (opened === null || typeof opened !== 'object' || Array.isArray(opened))
          throw new Error('not an object');
        payload = opened as Record<string, unknown>;
      }
    } catch {
      // Only the id is named (never content): the rest of the export goes on.
      skipped.push(record.id);
      continue;
    }
    if (format === 'ndjson') {
      await io.write(
        JSON.stringify({
          id: record.id,
          kind: record.kind,
          schemaVersion: record.schemaVersion,
          rev: record.rev,
          createdAt: record.createdAt,
          updatedAt: record.updatedAt,
          deleted: record.deleted,
          payload,
          deviceId: record.deviceId,
        }) + '\n',
      );
      continue;
    }
    const values =
      payload === null
        ? (declaration?.exportColumns ?? []).map(() => null)
        : exportRow(record.kind, payload, (k, options) => t(k, options)).map((cell) => cell.value);
    const cells = [
      record.id,
      t(`records:${record.kind}.title`, { defaultValue: record.kind }),
      record.rev,
      record.deviceId,
      record.createdAt,
      record.updatedAt,
      t(record.deleted ? 'ui:yes' : 'ui:no'),
      ...values,
    ];
    await io.write(cells.map((cell) => csvCell(cell)).join(',') + '\r\n');
  }
  if (skipped.length > 0) throw new DecryptIncompleteError(skipped);
}

/**
 * Reads the passphrase from `input`: on a terminal with echo off (prompt on `output`), otherwise
 * its first line (a pipe or a file).
 */
export async function readPassphrase(
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
): Promise<string> {
  if (!input.isTTY) {
    let text = '';
    input.setEncoding('utf8');
    for await (const chunk of input as AsyncIterable<string>) {
      text += chunk;
      if (text.includes('\n')) break;
    }
    return (text.split('\n')[0] ?? '').replace(/\r$/, '');
  }
  output.write('Passphrase of the district key (not shown): ');
  input.setEncoding('utf8');
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new Error('Cancelled'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}
