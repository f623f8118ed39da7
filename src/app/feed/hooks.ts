// What the feed brought, for screens: reviews per record, notices, the district directory. Each
// hook re-reads when records or the outbox change (the feed's commits emit both).
import { useEffect, useState } from 'preact/hooks';
import {
  getDirectory,
  getReview,
  getReviews,
  listNotices,
  listUnreadReviews,
  onOutboxChange,
  onRecordsChange,
  type Notice,
  type RecordReview,
} from '../../data';
import type { LocalContact } from '../../domain/contacts';

function useFeedValue<T>(read: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let live = true;
    const load = () =>
      read().then(
        (v) => live && setValue(() => v),
        // Storage closed (locked) or unreadable: keep what is shown; the screens say the rest.
        () => undefined,
      );
    void load();
    const offRecords = onRecordsChange(() => void load());
    const offOutbox = onOutboxChange(() => void load());
    return () => {
      live = false;
      offRecords();
      offOutbox();
    };
  }, deps);
  return value;
}

/** The coordinator's answer on one record (undefined: none, or not loaded yet). */
export function useReview(recordId: string): RecordReview | undefined {
  return useFeedValue(() => getReview(recordId), [recordId]);
}

/** Answers for the records of a list page. */
export function useReviews(recordIds: readonly string[]): Map<string, RecordReview> {
  const key = recordIds.join(',');
  return useFeedValue(() => getReviews(recordIds), [key]) ?? new Map();
}

/** Answers the volunteer has not opened yet, newest first. */
export function useUnreadReviews(): RecordReview[] {
  return useFeedValue(() => listUnreadReviews(), []) ?? [];
}

/** The coordinator's notices, newest first. */
export function useNotices(): Notice[] {
  return useFeedValue(() => listNotices(), []) ?? [];
}

/** The district's directory of local services (public contacts from the coordinator). */
export function useDirectory(): LocalContact[] {
  return useFeedValue(() => getDirectory<LocalContact>(), []) ?? [];
}
