// The list of one kind's records: newest first, searched by name or village (the declaration's
// searchText), filtered by sync state, paged 50 at a time so 10,000 records cost one page of work
// per render. Unfinished drafts of the kind are listed above it.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RecordKind } from '../../../domain/envelope';
import {
  listDrafts,
  listRecords,
  onRecordsChange,
  type Draft,
  type RecordReview,
  type StoredRecord,
  type SyncState,
} from '../../../data/index';
import { ReviewBadge, SyncBadge, useReviews } from '../../feed';
import { formatDate, formatNumber, formatShortDate, useT } from '../../i18n';
import { useSync } from '../../syncContext';
import { DiscardDraft } from '../../components/DiscardDraft';
import { draftHref } from '../form/RecordFormScreen';
import { summaryText } from '../../../ui/index';
import { searchTextOf, summaryOf } from '../recordText';
import { rejectionReason, SYNC_STATES, syncStateLabel } from '../syncText';
import { SearchField } from '../SearchField';

export const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;

function draftSummary(draft: Draft): string {
  // A draft is unfinished by definition: the helper returns '' when it misses what it reads.
  return summaryText(draft.kind, draft.payload);
}

export function RecordListScreen({ kind }: { kind: RecordKind }) {
  const t = useT();
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  const [syncState, setSyncState] = useState<SyncState | ''>('');
  const [items, setItems] = useState<StoredRecord[]>([]);
  const reviews = useReviews(items.map((r) => r.id));
  const waitingKey = (useSync().status?.waitingForKey ?? 0) > 0;
  const [total, setTotal] = useState<number | undefined>();
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const query = useRef(0);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchInput.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchInput]);

  useEffect(() => {
    void listDrafts(kind).then(setDrafts);
  }, [kind]);

  const fetchPage = (offset: number, limit = PAGE_SIZE) =>
    listRecords({
      kind,
      syncState: syncState || undefined,
      search: search || undefined,
      offset,
      limit,
      searchText: searchTextOf,
    });

  useEffect(() => {
    const ticket = ++query.current;
    setTotal(undefined);
    void fetchPage(0).then((page) => {
      if (ticket !== query.current) return; // a newer search has started
      setItems(page.items);
      setTotal(page.total);
    });
  }, [kind, search, syncState]);

  // Saves, deletes and sync results (also from other tabs) refresh the rows already shown.
  const shown = useRef(0);
  shown.current = items.length;
  useEffect(
    () =>
      onRecordsChange(() => {
        const ticket = ++query.current;
        void fetchPage(0, Math.max(PAGE_SIZE, shown.current)).then((page) => {
          if (ticket !== query.current) return;
          setItems(page.items);
          setTotal(page.total);
        });
        void listDrafts(kind).then(setDrafts);
      }),
    [kind, search, syncState],
  );

  const loadMore = async () => {
    const ticket = query.current;
    setLoadingMore(true);
    try {
      const page = await fetchPage(items.length);
      if (ticket !== query.current) return;
      setItems((current) => [...current, ...page.items]);
      setTotal(page.total);
    } finally {
      setLoadingMore(false);
    }
  };

  const kindLabel = t(`forms:kinds.${kind}`);
  return (
    <section class="page record-list stack" aria-labelledby="record-list-title">
      <div class="row">
        <h1 id="record-list-title" class="grow">
          {kindLabel}
        </h1>
        <a class="button button-primary" href={`#/records/${kind}/new`}>
          {t('forms:list.new')}
        </a>
      </div>

      {drafts.length > 0 ? (
        <section aria-labelledby="record-list-drafts">
          <h2 id="record-list-drafts">{t('forms:list.drafts')}</h2>
          <ul class="list">
            {drafts.map((draft) => (
              <li key={draft.id} class="draft-row">
                <a href={draftHref(draft.kind, draft.id)}>
                  <span class="grow">{draftSummary(draft) || t('forms:list.untitledDraft')}</span>
                  <span class="muted">{formatDate(draft.updatedAt, true)}</span>
                  <span class="badge badge-draft">{t('forms:list.draftBadge')}</span>
                </a>
                <DiscardDraft
                  draftId={draft.id}
                  what={draftSummary(draft) || `${kindLabel}, ${formatShortDate(draft.updatedAt)}`}
                  onDiscarded={() => void listDrafts(kind).then(setDrafts)}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div class="list-filters">
        <SearchField
          id="record-list-search"
          label={t('forms:list.search')}
          help={t('forms:list.searchHelp')}
          value={searchInput}
          onInput={setSearchInput}
        />
        <div class="field">
          <label for="record-list-sync">{t('forms:list.syncFilter')}</label>
          <select
            id="record-list-sync"
            value={syncState}
            onChange={(e) => setSyncState(e.currentTarget.value as SyncState | '')}
          >
            <option value="">{t('forms:list.allStates')}</option>
            {SYNC_STATES.map((state) => (
              <option key={state} value={state}>
                {syncStateLabel(state)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <p role="status" class="muted">
        {total === undefined
          ? t('forms:common.loading')
          : t('forms:list.count', {
              shown: formatNumber(items.length),
              total: formatNumber(total),
            })}
      </p>

      {total === 0 ? (
        <p>{search || syncState ? t('forms:list.noMatches') : t('forms:list.empty')}</p>
      ) : (
        <ul class="list" aria-label={kindLabel}>
          {items.map((record) => (
            <RecordRow
              key={`${record.id}:${record.rev}`}
              record={record}
              review={reviews.get(record.id)}
              waitingKey={waitingKey}
            />
          ))}
        </ul>
      )}

      {total !== undefined && items.length < total ? (
        <button
          type="button"
          class="button button-block"
          disabled={loadingMore}
          onClick={() => void loadMore()}
        >
          {t('forms:list.loadMore', { count: Math.min(PAGE_SIZE, total - items.length) })}
        </button>
      ) : null}
    </section>
  );
}

function RecordRow({
  record,
  review,
  waitingKey,
}: {
  record: StoredRecord;
  review: RecordReview | undefined;
  waitingKey: boolean;
}) {
  const t = useT();
  const reason = record.syncState === 'rejected' ? rejectionReason(record) : undefined;
  return (
    <li>
      <a href={`#/record/${record.id}`}>
        <span class="grow">{summaryOf(record) || t('forms:list.untitled')}</span>
        <span class="muted">{formatDate(record.updatedAt)}</span>
        <SyncBadge record={record} waitingKey={waitingKey} />
        <ReviewBadge review={review} />
        {record.retained ? <span class="badge">{t('forms:list.retained')}</span> : null}
        {reason ? (
          <span class="row-reason">
            {t('forms:list.needsAttention')}: {reason}
          </span>
        ) : null}
      </a>
    </li>
  );
}
