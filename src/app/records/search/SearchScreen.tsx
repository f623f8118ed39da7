// One search over every kind (issue 8, "one household, one place"): the words typed are matched
// against each record's search text (its kind's names, village, address…), the results grouped
// by kind, newest first. The search itself runs in src/data over the session's cached search
// texts, so thousands of records are decrypted once per session, not per key press. Records of
// the private kinds show their summary without names (see PRIVATE_KINDS).
import { useEffect, useRef, useState } from 'preact/hooks';
import { listRecords, onRecordsChange, type StoredRecord } from '../../../data/index';
import { formatDate, formatNumber, useT } from '../../i18n';
import { HOME_KINDS } from '../../kinds';
import { useRoute } from '../../router';
import { crossKindSummaryOf, groupByKind, searchTextOf } from '../recordText';

const SEARCH_DELAY_MS = 250;
/** Results shown; more asks for more words. */
import { SearchField } from '../SearchField';
export const SEARCH_LIMIT = 100;

export function SearchScreen() {
  const t = useT();
  const route = useRoute();
  const [input, setInput] = useState(route.query.get('q') ?? '');
  const [search, setSearch] = useState(input.trim());
  const [result, setResult] = useState<{ items: StoredRecord[]; total: number } | undefined>();
  const ticket = useRef(0);

  useEffect(() => {
    const timer = setTimeout(() => {
      const words = input.trim();
      setSearch(words);
      // The words stay in the address, so "back" from a result returns to the same results
      // (replaced quietly: a route change would move the focus away from the box).
      history.replaceState(
        null,
        '',
        words ? `#/search?q=${encodeURIComponent(words)}` : '#/search',
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [input]);

  useEffect(() => {
    const run = () => {
      const mine = ++ticket.current;
      if (!search) {
        setResult(undefined);
        return;
      }
      void listRecords({ search, limit: SEARCH_LIMIT, searchText: searchTextOf }).then((page) => {
        if (mine === ticket.current) setResult(page);
      });
    };
    run();
    return onRecordsChange(run);
  }, [search]);

  const searching = input.trim() !== search || (search !== '' && result === undefined);
  return (
    <section class="page record-search stack" aria-labelledby="search-title">
      <h1 id="search-title" tabIndex={-1}>
        {t('forms:search.title')}
      </h1>
      <SearchField
        id="search-input"
        label={t('forms:search.label')}
        help={t('forms:search.help')}
        value={input}
        onInput={setInput}
      />
      <p role="status" class="muted">
        {searching
          ? t('forms:search.searching')
          : result === undefined
            ? ''
            : result.total === 0
              ? t('forms:search.none')
              : result.total > result.items.length
                ? t('forms:search.countMore', {
                    shown: formatNumber(result.items.length),
                    total: formatNumber(result.total),
                  })
                : t('forms:search.count', { count: result.total })}
      </p>
      {result && !searching
        ? groupByKind(result.items, HOME_KINDS).map((group) => (
            <section key={group.kind} aria-labelledby={`search-${group.kind}`}>
              <h2 id={`search-${group.kind}`}>
                {t(`forms:kinds.${group.kind}`)} ({formatNumber(group.records.length)})
              </h2>
              <ul class="list">
                {group.records.map((record) => (
                  <li key={record.id}>
                    <a href={`#/record/${encodeURIComponent(record.id)}`}>
                      <span class="grow">
                        {crossKindSummaryOf(record) || t(`forms:kinds.${record.kind}`)}
                      </span>
                      <span class="muted">{formatDate(record.updatedAt)}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ))
        : null}
    </section>
  );
}
