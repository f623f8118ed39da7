// Answering a record: the review state, an optional note sealed in this browser to the phone's
// device key and every active district key (feed `review` note layout of the sync contract), and
// for a screening the trafficking-status decision (codes, in clear). The server stores the answer
// append-only and puts a `review` item in that phone's feed.
import type { PublicJwk } from '../../domain/contract';
import {
  describePublicKey,
  importPublicJwk,
  openReviewNote,
  sealReviewNote,
  type OpenKey,
  type SealRecipient,
} from '../../crypto/seal';
import { api } from '../api';
import { activeKeys, type DistrictKeyState } from '../key/keyring';
import type { ConsoleReview, Decision, ReviewState } from './types';

export interface ReviewInput {
  recordId: string;
  rev: number;
  state: ReviewState;
  note?: string;
  decision?: Decision;
}

/** The phone cannot receive a note (it has no device key): send the answer without one. */
export class NoteNotDeliverableError extends Error {
  constructor() {
    super('the phone has no device key for a note');
    this.name = 'NoteNotDeliverableError';
  }
}

export async function noteRecipients(
  devicePublicKey: PublicJwk | undefined,
  state: DistrictKeyState,
): Promise<SealRecipient[]> {
  if (!devicePublicKey) throw new NoteNotDeliverableError();
  const device = await importPublicJwk(devicePublicKey);
  const recipients: SealRecipient[] = [
    { kid: (await describePublicKey(device)).kid, publicKey: device },
  ];
  for (const key of activeKeys(state))
    recipients.push({ kid: key.kid, publicKey: await importPublicJwk(key.publicKey) });
  return recipients;
}

export async function sendReview(
  input: ReviewInput,
  devicePublicKey: PublicJwk | undefined,
  state: DistrictKeyState,
  now = new Date(),
): Promise<ConsoleReview> {
  const at = now.toISOString();
  const note = input.note?.trim();
  const body: Record<string, unknown> = { rev: input.rev, state: input.state, at };
  if (note) {
    body.note = await sealReviewNote(
      { recordId: input.recordId, rev: input.rev, state: input.state, at },
      note,
      await noteRecipients(devicePublicKey, state),
    );
  }
  if (input.decision) body.decision = input.decision;
  return api<ConsoleReview>('POST', `/records/${encodeURIComponent(input.recordId)}/review`, body);
}

export interface OpenedReview extends ConsoleReview {
  noteText?: string;
  noteUnreadable?: boolean;
}

export async function fetchReviews(
  recordId: string,
  keys: readonly OpenKey[],
): Promise<OpenedReview[]> {
  const { items } = await api<{ items: ConsoleReview[] }>(
    'GET',
    `/records/${encodeURIComponent(recordId)}/reviews`,
  );
  return Promise.all(
    items.map(async (review): Promise<OpenedReview> => {
      if (!review.note) return review;
      try {
        const noteText = await openReviewNote(
          { recordId: review.recordId, rev: review.rev, state: review.state, at: review.at },
          review.note,
          keys,
        );
        return { ...review, noteText };
      } catch {
        return { ...review, noteUnreadable: true };
      }
    }),
  );
}
