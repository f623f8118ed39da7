// "Satu keluarga": the other records of this record's household (src/domain/household.ts: linked
// records, transitively, and visits / resident migrants at the same address), grouped by kind,
// newest first. The rule reads link and address facts of every live record, cached per rev by
// src/data, so only the household's own records are read in full.
import { useEffect, useState } from 'preact/hooks';
import { householdFacts, householdOf } from '../../../domain/household';
import {
  getRecord,
  listRecordFacts,
  onRecordsChange,
  type StoredRecord,
} from '../../../data/index';
import { formatDate, useT } from '../../i18n';
import { HOME_KINDS } from '../../kinds';
import { reportError } from '../../errors';
import { crossKindSummaryOf, groupByKind } from '../recordText';

/** At most this many are shown (a household has a handful; a long chain of links is cut). */
const SHOWN = 60;

/** The other live records of `id`'s household, newest first. */
export async function loadHousehold(id: string): Promise<StoredRecord[]> {
  const entries = await listRecordFacts(householdFacts);
  const ids = householdOf(id, entries).slice(0, SHOWN);
  const records = await Promise.all(ids.map((other) => getRecord(other)));
  return records.filter((r): r is StoredRecord => r !== undefined && !r.deleted);
}

export function HouseholdRecords({ record }: { record: StoredRecord }) {
  const t = useT();
  const [others, setOthers] = useState<StoredRecord[] | undefined>();
  const member = householdFacts(record.kind, record.payload).member;
  useEffect(() => {
    if (!member) return;
    let live = true;
    const load = () =>
      loadHousehold(record.id).then(
        (found) => live && setOthers(found),
        (e: unknown) => reportError(e),
      );
    void load();
    const stop = onRecordsChange(() => void load());
    return () => {
      live = false;
      stop();
    };
  }, [record.id, record.rev, member]);
  if (!member) return null;
  return (
    <section class="household" aria-labelledby="household-title">
      <h2 id="household-title">{t('forms:household.title')}</h2>
      <p class="muted">{t('forms:household.help')}</p>
      {others === undefined ? (
        <p class="muted" role="status">
          {t('forms:common.loading')}
        </p>
      ) : others.length === 0 ? (
        <p>{t('forms:household.none')}</p>
      ) : (
        groupByKind(others, HOME_KINDS).map((group) => (
          <section key={group.kind} aria-labelledby={`household-${group.kind}`}>
            <h3 id={`household-${group.kind}`}>
              {t(`forms:kinds.${group.kind}`)} ({group.records.length})
            </h3>
            <ul class="list">
              {group.records.map((other) => (
                <li key={other.id}>
                  <a href={`#/record/${encodeURIComponent(other.id)}`}>
                    <span class="grow">
                      {crossKindSummaryOf(other) || t(`forms:kinds.${other.kind}`)}
                    </span>
                    <span class="muted">{formatDate(other.updatedAt)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}
