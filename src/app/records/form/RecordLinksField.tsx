// Picks existing records of the allowed kinds (a visit or screening links to a migrant, a
// referral to what it refers). The value is the list of linked record ids.
import { useEffect, useState } from 'preact/hooks';
import type { RecordKind } from '../../../domain/envelope';
import { getRecord, listRecords, type StoredRecord } from '../../../data/index';
import { useT } from '../../i18n';
import { fieldDomId } from './model';
import { searchTextOf, summaryOf } from '../recordText';

const RESULT_LIMIT = 10;

export function RecordLinksField({
  path,
  value,
  kinds,
  excludeId,
  onChange,
}: {
  path: string;
  value: unknown;
  kinds: readonly RecordKind[];
  excludeId: string;
  onChange: (value: string[]) => void;
}) {
  const t = useT();
  const ids = Array.isArray(value) ? (value as string[]) : [];
  const [linked, setLinked] = useState<Record<string, StoredRecord | null>>({});
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<StoredRecord[]>([]);
  const idsKey = ids.join(',');

  useEffect(() => {
    let live = true;
    void Promise.all(ids.map(async (id) => [id, (await getRecord(id)) ?? null] as const)).then(
      (entries) => {
        if (live) setLinked(Object.fromEntries(entries));
      },
      // Unreadable storage: the links stay as ids; the form itself reports the failure on save.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [idsKey]);

  useEffect(() => {
    let live = true;
    void Promise.all(
      kinds.map((kind) =>
        listRecords({
          kind,
          search: query.trim() || undefined,
          limit: RESULT_LIMIT,
          searchText: searchTextOf,
        }),
      ),
    ).then(
      (pages) => {
        if (!live) return;
        setResults(
          pages
            .flatMap((page) => page.items)
            .filter((record) => !record.deleted && record.id !== excludeId),
        );
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [query, kinds.join(','), excludeId]);

  const searchId = fieldDomId(`${path}.search`);
  const candidates = results.filter((record) => !ids.includes(record.id));
  return (
    <div class="record-links">
      {ids.length === 0 ? (
        <p class="muted">{t('forms:links.none')}</p>
      ) : (
        <ul class="list">
          {ids.map((id) => {
            const record = linked[id];
            const label = record
              ? summaryOf(record) || t('forms:list.untitled')
              : record === null
                ? t('forms:links.missing')
                : t('forms:common.loading');
            return (
              <li key={id}>
                <div class="list-item">
                  <span class="grow">
                    {record ? <span class="badge">{t(`forms:kinds.${record.kind}`)}</span> : null}{' '}
                    {label}
                  </span>
                  <button
                    type="button"
                    class="button"
                    onClick={() => onChange(ids.filter((other) => other !== id))}
                  >
                    {t('forms:links.remove')}
                    <span class="visually-hidden">: {label}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div class="field">
        <label for={searchId}>{t('forms:links.search')}</label>
        <input
          id={searchId}
          type="search"
          autoComplete="off"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      </div>
      {candidates.length === 0 ? (
        <p class="muted">{t('forms:links.noResults')}</p>
      ) : (
        <ul class="list" aria-label={t('forms:links.results')}>
          {candidates.map((record) => {
            const label = summaryOf(record) || t('forms:list.untitled');
            return (
              <li key={record.id}>
                <button
                  type="button"
                  class="button button-block"
                  onClick={() => onChange([...ids, record.id])}
                >
                  {t('forms:links.add')}: {label}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
