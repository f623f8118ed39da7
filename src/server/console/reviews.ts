// A coordinator's answer to a record: stored append-only in console_reviews and, in the same
// transaction, appended to the phone's feed (feed/answers.ts). Two coordinators answering at once
// both get a row, in the order their transactions committed; neither overwrites the other.
import type { Decision } from '../../domain/console';
import type { ReviewState, Sealed } from '../../domain/contract';
import type { ServerDb } from '../db';
import { addReview } from '../feed/answers';
import { appendAuditIn } from './audit';
import { withAppendRetry } from './retry';

export interface NewConsoleReview {
  recordId: string;
  rev: number;
  state: ReviewState;
  at: Date;
  note?: Sealed;
  decision?: Decision;
  accountId: string;
  accountName: string;
  /** Server time (the audit entry's). */
  now: Date;
}

export async function storeReview(
  db: ServerDb,
  review: NewConsoleReview,
): Promise<{ seq: number; feedSeq: number }> {
  return withAppendRetry(async () => {
    let seq = 0;
    const appended = await addReview(
      db,
      {
        recordId: review.recordId,
        rev: review.rev,
        state: review.state,
        at: review.at,
        ...(review.note !== undefined ? { sealedNote: review.note } : {}),
      },
      async (trx, feed) => {
        const top = await trx
          .selectFrom('console_reviews')
          .select((eb) => eb.fn.max('seq').as('max'))
          .executeTakeFirst();
        seq = Number(top?.max ?? 0) + 1;
        await trx
          .insertInto('console_reviews')
          .values({
            seq,
            record_id: review.recordId,
            rev: feed.rev,
            state: review.state,
            at: feed.at,
            note: feed.note !== undefined ? JSON.stringify(feed.note) : null,
            decision: review.decision !== undefined ? JSON.stringify(review.decision) : null,
            account_id: review.accountId,
            feed_seq: feed.seq,
          })
          .execute();
        await appendAuditIn(
          trx,
          {
            actorId: review.accountId,
            actorName: review.accountName,
            action: 'review_added',
            target: review.recordId,
            detail: [
              `rev ${feed.rev}`,
              review.state,
              ...(feed.note !== undefined ? ['note'] : []),
              ...(review.decision !== undefined
                ? [`decision ${review.decision.status} by ${review.decision.decidedBy}`]
                : []),
            ].join(', '),
          },
          review.now,
        );
      },
    );
    return { seq, feedSeq: appended.seq };
  });
}
