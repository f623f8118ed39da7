// What a coordinator sends back to phones through the feed: review answers (with a note sealed to
// the phone and the district keys), the local contacts directory, and notices. The admin CLI uses
// these today; the coordinator console will call the same functions (or seal notes in the browser
// and call addReview with a ready `note`).
import { randomUUID } from 'node:crypto';
import {
  DIRECTORY_MAX,
  NOTICE_MAX,
  REVIEW_STATES,
  type ReviewState,
  type Sealed,
} from '../../domain/contract';
import { localContactSchema, type LocalContact } from '../../domain';
import { importPublicJwk, sealReviewNote, type SealRecipient } from '../../crypto/seal';
import type { ServerDb } from '../db';
import { devicePublicKey } from '../devices';
import { activeDistrictKeys } from '../districtKeys';
import { appendFeedItems, appendFeedItemsIn, type Executor } from './store';
import { z } from 'zod';

export class FeedInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedInputError';
  }
}

export interface ReviewInput {
  recordId: string;
  /** Default: the record's current rev. */
  rev?: number;
  state: ReviewState;
  /** Clear text, sealed here to the device key and the district keys. */
  note?: string;
  /** Or a note already sealed (by the console, in the browser). */
  sealedNote?: Sealed;
  at?: Date;
}

export interface AppendedReview {
  seq: number;
  deviceId: string;
  rev: number;
  at: string;
  note?: Sealed;
}

/**
 * Seals `note` (if any) and appends a review item addressed to the record's device. `alsoIn`
 * runs inside the same transaction (the console stores its own copy of the answer there, so the
 * phone's item and the console's history never disagree).
 */
export async function addReview(
  db: ServerDb,
  input: ReviewInput,
  alsoIn?: (trx: Executor, appended: AppendedReview) => Promise<void>,
): Promise<{ seq: number; deviceId: string; rev: number }> {
  if (!(REVIEW_STATES as readonly string[]).includes(input.state))
    throw new FeedInputError(`state must be one of ${REVIEW_STATES.join(', ')}`);
  const record = await db
    .selectFrom('sealed_current')
    .select(['device_id', 'rev'])
    .where('id', '=', input.recordId)
    .executeTakeFirst();
  if (record === undefined) throw new FeedInputError(`No sealed record ${input.recordId}`);
  const rev = input.rev ?? Number(record.rev);
  const at = (input.at ?? new Date()).toISOString();
  let note = input.sealedNote;
  if (note === undefined && input.note !== undefined && input.note.trim() !== '') {
    const device = await devicePublicKey(db, record.device_id);
    if (device === undefined)
      throw new FeedInputError(
        'The phone enrolled without a device key (v1): it cannot read a note.',
      );
    const recipients: SealRecipient[] = [
      { kid: device.kid, publicKey: await importPublicJwk(device.jwk) },
      ...(await Promise.all(
        (await activeDistrictKeys(db)).map(async (key) => ({
          kid: key.kid,
          publicKey: await importPublicJwk(key.publicKey),
        })),
      )),
    ];
    note = await sealReviewNote(
      { recordId: input.recordId, rev, state: input.state, at },
      input.note,
      recipients,
    );
  }
  const seq = await db.transaction().execute(async (trx) => {
    const [appended] = await appendFeedItemsIn(trx, [
      {
        item: {
          type: 'review',
          recordId: input.recordId,
          rev,
          state: input.state,
          at,
          ...(note !== undefined ? { note } : {}),
        },
        deviceId: record.device_id,
      },
    ]);
    const result = { seq: appended as number, deviceId: record.device_id, rev, at };
    await alsoIn?.(trx, note !== undefined ? { ...result, note } : result);
    return appended as number;
  });
  return { seq, deviceId: record.device_id, rev };
}

const directorySchema = z.array(localContactSchema).max(DIRECTORY_MAX);

/** Publishes the district's local contacts to every phone (replacing the previous list). */
export async function setDirectory(
  db: ServerDb,
  contacts: unknown,
  now: Date = new Date(),
): Promise<{ seq: number; count: number }> {
  const list = Array.isArray(contacts)
    ? contacts
    : (contacts as { contacts?: unknown } | null)?.contacts;
  const parsed = directorySchema.safeParse(list);
  if (!parsed.success)
    throw new FeedInputError(
      `Not a list of contacts: ${parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  const items: LocalContact[] = parsed.data;
  const [seq] = await appendFeedItems(
    db,
    [{ item: { type: 'directory', at: now.toISOString(), contacts: items } }],
    now,
  );
  return { seq: seq as number, count: items.length };
}

/** Sends a short clear notice to every phone. */
export async function addNotice(
  db: ServerDb,
  text: string,
  now: Date = new Date(),
): Promise<{ seq: number; id: string }> {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > NOTICE_MAX)
    throw new FeedInputError(`A notice has 1 to ${NOTICE_MAX} characters.`);
  const id = randomUUID();
  const [seq] = await appendFeedItems(
    db,
    [{ item: { type: 'notice', id, at: now.toISOString(), text: trimmed } }],
    now,
  );
  return { seq: seq as number, id };
}

/** The directory phones have now (the latest directory item), empty before the first. */
export async function currentDirectory(
  db: ServerDb,
): Promise<{ contacts: LocalContact[]; at?: string }> {
  const row = await db
    .selectFrom('feed_items')
    .select('body')
    .where('type', '=', 'directory')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return { contacts: [] };
  const body = JSON.parse(row.body) as { contacts: LocalContact[]; at: string };
  return { contacts: body.contacts, at: body.at };
}
