// Home: the six record kinds, follow-ups due and coming up in a week, drafts in progress, records needing attention and
// the sync status with "send now". Privacy: home is the screen others glance at (a shared family
// phone, a neighbour), so its lines name the kind of record and a date only — never a person's
// name, initials or household (Lampiran BAB V: identities are not shown to the public).
import { useEffect, useState } from 'preact/hooks';
import {
  getProfile,
  getRecord,
  listDrafts,
  listDueRecords,
  listRecords,
  onOutboxChange,
  type Draft,
  type StoredRecord,
} from '../../data';
import { reportError } from '../errors';
import { HomeFeed } from '../feed';
import { useOnline } from '../hooks';
import { formatDate, formatNumber, formatShortDate, useT } from '../i18n';
import { DiscardDraft } from '../components/DiscardDraft';
import { HOME_KINDS } from '../kinds';
import { useSync } from '../syncContext';
import { daysAfterToday, todayLocal } from '../today';

interface HomeData {
  /** False after a first run interrupted between the PIN and saving the profile. */
  hasProfile: boolean;
  due: StoredRecord[];
  /** Follow-ups of the next UPCOMING_DAYS days, soonest first: a kader plans the week's visits. */
  upcoming: StoredRecord[];
  drafts: { draft: Draft; href: string }[];
  attention: StoredRecord[];
  attentionTotal: number;
}

const ATTENTION_SHOWN = 5;
const UPCOMING_DAYS = 7;

/**
 * Where a draft continues: the edit form of its saved record, or, for a record never saved, the
 * new-record form resuming it (the records module reads `from=<draft id>` as "resume this draft").
 */
async function draftHref(draft: Draft): Promise<string> {
  const record = await getRecord(draft.id).catch(() => undefined);
  return record
    ? `#/record/${encodeURIComponent(draft.id)}/edit`
    : `#/records/${draft.kind}/new?from=${encodeURIComponent(draft.id)}`;
}

async function loadHomeData(): Promise<HomeData> {
  const today = todayLocal();
  const [profile, followUps, drafts, attention] = await Promise.all([
    getProfile(),
    listDueRecords(today, daysAfterToday(UPCOMING_DAYS)),
    listDrafts(),
    listRecords({ syncState: 'rejected', limit: ATTENTION_SHOWN }),
  ]);
  const withLinks = await Promise.all(
    drafts.map(async (draft) => ({ draft, href: await draftHref(draft) })),
  );
  const isDue = (record: StoredRecord) => (record.nextActionDate ?? today) <= today;
  return {
    hasProfile: profile !== undefined,
    due: followUps.filter(isDue),
    upcoming: followUps.filter((record) => !isDue(record)).reverse(),
    drafts: withLinks,
    attention: attention.items,
    attentionTotal: attention.total,
  };
}

function useHomeData(): [HomeData | undefined, () => void] {
  const [data, setData] = useState<HomeData>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    const refresh = () =>
      loadHomeData().then(
        (next) => live && setData(next),
        (e: unknown) => reportError(e),
      );
    void refresh();
    const off = onOutboxChange(() => void refresh());
    return () => {
      live = false;
      off();
    };
  }, [version]);
  return [data, () => setVersion((v) => v + 1)];
}

export function Home() {
  const t = useT();
  const [data, reload] = useHomeData();
  return (
    <div class="page">
      <h1 tabIndex={-1}>{t('app:home.title')}</h1>

      {data && !data.hasProfile && (
        <div class="notice notice-warning">
          <p>{t('app:home.profileMissing')}</p>
          <p>
            <a href="#/settings/profile">{t('app:home.profileLink')}</a>
          </p>
        </div>
      )}

      {data && data.attentionTotal > 0 && <Attention data={data} />}

      <p>
        <a class="button button-block" href="#/search">
          {t('app:home.search')}
        </a>
      </p>

      <HomeFeed />

      <section aria-labelledby="home-kinds">
        <h2 id="home-kinds">{t('app:home.kindsTitle')}</h2>
        <ul class="tiles">
          {HOME_KINDS.map((kind) => (
            <li key={kind}>
              <a class="card" href={`#/records/${kind}`}>
                <span class="card-title">{t(`records:${kind}.title`)}</span>
                <span class="card-text">{t(`app:home.kinds.${kind}`)}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="home-due">
        <h2 id="home-due">{t('app:home.dueTitle')}</h2>
        {!data && <p class="muted">{t('app:loading')}</p>}
        {data && data.due.length === 0 && <p class="muted">{t('app:home.dueNone')}</p>}
        {data && data.due.length > 0 && <DueList due={data.due} />}
      </section>

      <section aria-labelledby="home-upcoming">
        <h2 id="home-upcoming">{t('app:home.upcomingTitle')}</h2>
        {!data && <p class="muted">{t('app:loading')}</p>}
        {data && data.upcoming.length === 0 && <p class="muted">{t('app:home.upcomingNone')}</p>}
        {data && data.upcoming.length > 0 && <DueList due={data.upcoming} />}
      </section>

      {data && data.drafts.length > 0 && (
        <section aria-labelledby="home-drafts">
          <h2 id="home-drafts">{t('app:home.draftsTitle')}</h2>
          <ul class="list">
            {data.drafts.map(({ draft, href }) => (
              <li key={draft.id} class="draft-row">
                <a href={href}>
                  <span class="badge badge-draft">{t('app:home.draftBadge')}</span>
                  <span>{t(`records:${draft.kind}.title`)}</span>
                  <span class="muted">
                    {t('app:home.draftSaved', { when: formatDate(draft.updatedAt, true) })}
                  </span>
                </a>
                <DiscardDraft
                  draftId={draft.id}
                  what={`${t(`records:${draft.kind}.title`)}, ${formatShortDate(draft.updatedAt)}`}
                  onDiscarded={reload}
                />
              </li>
            ))}
          </ul>
        </section>
      )}

      <SyncPanel />

      <p>
        <a class="button button-block" href="#/contacts">
          {t('app:home.contacts')}
        </a>
      </p>
    </div>
  );
}

function Attention({ data }: { data: HomeData }) {
  const t = useT();
  return (
    <section class="notice notice-error" aria-labelledby="home-attention">
      <h2 id="home-attention">
        {t('app:home.attentionTitle')}{' '}
        <span class="badge badge-attention">{formatNumber(data.attentionTotal)}</span>
      </h2>
      <p>{t('app:home.attentionHelp', { count: data.attentionTotal })}</p>
      <ul class="list">
        {data.attention.map((record) => (
          <li key={record.id}>
            <a href={`#/record/${encodeURIComponent(record.id)}`}>
              <span class="badge badge-rejected">{t('app:home.attentionBadge')}</span>
              <span>{t(`records:${record.kind}.title`)}</span>
              <span class="muted">{formatDate(record.updatedAt, true)}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function DueList({ due }: { due: StoredRecord[] }) {
  const t = useT();
  const today = todayLocal();
  return (
    <ul class="list">
      {due.map((record) => {
        const date = record.nextActionDate ?? today;
        const overdue = date < today;
        const badge = overdue ? 'overdue' : date === today ? 'dueToday' : 'upcoming';
        return (
          <li key={record.id}>
            <a href={`#/record/${encodeURIComponent(record.id)}`}>
              <span class={`badge ${overdue ? 'badge-attention' : 'badge-pending'}`}>
                {t(`app:home.${badge}`)}
              </span>
              <span>{t(`records:${record.kind}.title`)}</span>
              <span class="muted">{formatDate(date)}</span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function SyncPanel() {
  const t = useT();
  const online = useOnline();
  const { status, requestSync } = useSync();
  return (
    <section class="card" aria-labelledby="home-sync">
      <h2 id="home-sync">{t('app:sync.title')}</h2>
      <div aria-live="polite">
        {!status && <p class="muted">{t('app:sync.starting')}</p>}
        {status && (
          <>
            <p>
              <strong>{t(`sync:phase.${status.phase}`)}</strong>
              <br />
              <span class="muted">{t(`sync:phaseHelp.${status.phase}`)}</span>
            </p>
            <dl class="facts">
              <dt>{t('app:sync.pending')}</dt>
              <dd>{status.counting ? '…' : formatNumber(status.pending)}</dd>
              <dt>{t('app:sync.lastSync')}</dt>
              <dd>
                {status.lastSyncAt ? formatDate(status.lastSyncAt, true) : t('app:sync.never')}
              </dd>
              {status.nextAttemptAt && (
                <>
                  <dt>{t('app:sync.nextAttempt')}</dt>
                  <dd>{formatDate(status.nextAttemptAt, true)}</dd>
                </>
              )}
            </dl>
            {status.lastErrorKey && <p class="field-error">{t(status.lastErrorKey)}</p>}
          </>
        )}
      </div>
      {/* The offline phase already says so: the message once, not twice. */}
      {!online && status?.phase !== 'offline' && <p class="muted">{t('app:sync.offlineHelp')}</p>}
      {status && (status.phase === 'needs_enrollment' || status.phase === 'not_enrolled') ? (
        <a class="button button-primary button-block" href="#/enroll">
          {status.phase === 'needs_enrollment' ? t('app:sync.enrollAgain') : t('app:sync.enroll')}
        </a>
      ) : (
        <button
          type="button"
          class="button button-primary button-block"
          disabled={!online || !status || status.phase === 'syncing'}
          onClick={() => requestSync('user')}
        >
          {t('app:sync.sendNow')}
        </button>
      )}
    </section>
  );
}
