// One record: every filled field, its sync state (and the server's reason when it needs
// attention), the next-action date, follow-up actions that start a linked record, the risk
// triage for a screening, edit (a new rev) and delete (a tombstone, after confirmation).
import { useEffect, useRef, useState } from 'preact/hooks';
import { getDeclaration } from '../../../domain/index';
import {
  deleteRecord,
  getDraft,
  getRecord,
  onRecordsChange,
  type StoredRecord,
} from '../../../data/index';
import { formatDate, useT } from '../../i18n';
import { navigate } from '../../router';
import { summaryOf } from '../recordText';
import { ReviewPanel, SyncBadge } from '../../feed';
import { useSync } from '../../syncContext';
import { RecordLoading, RecordNotFound } from '../LoadStates';
import { FieldValues } from '../../../ui/index';
import { renderLinkedRecords } from './LinkedRecords';
import { FollowUpActions } from './FollowUpActions';
import { FollowUpDone } from './FollowUpDone';
import { QuickStatusUpdate } from './QuickStatusUpdate';
import { TriagePanel } from './TriagePanel';
import { HouseholdRecords } from './HouseholdRecords';
import { RejectionNotice } from './RejectionNotice';

type State =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'ready'; record: StoredRecord; hasDraft: boolean };

export function RecordDetailScreen({ id }: { id: string }) {
  const t = useT();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [confirming, setConfirming] = useState(false);
  const [deleteFailed, setDeleteFailed] = useState(false);
  const waitingKey = (useSync().status?.waitingForKey ?? 0) > 0;
  const dialogRef = useRef<HTMLDivElement>(null);
  const deleteButtonRef = useRef<HTMLButtonElement>(null);
  const closeDialog = () => {
    setConfirming(false);
    // Back to where the person was, not to the top of the page.
    setTimeout(() => deleteButtonRef.current?.focus(), 0);
  };

  useEffect(() => {
    let live = true;
    const load = () =>
      void Promise.all([getRecord(id), getDraft(id)]).then(([record, draft]) => {
        if (!live) return;
        if (!record || record.deleted) setState({ status: 'missing' });
        else setState({ status: 'ready', record, hasDraft: draft !== undefined });
      });
    load();
    // The sync state (and a rejection's reason) changes while the screen is open.
    const stop = onRecordsChange(load);
    return () => {
      live = false;
      stop();
    };
  }, [id]);

  useEffect(() => {
    if (confirming) dialogRef.current?.focus();
  }, [confirming]);

  if (state.status === 'loading') return <RecordLoading />;
  if (state.status === 'missing') return <RecordNotFound />;
  const { record, hasDraft } = state;
  const declaration = getDeclaration(record.kind);
  if (!declaration) return null;

  const confirmDelete = async () => {
    try {
      await deleteRecord(record.id);
      navigate(`/records/${record.kind}`, { replace: true });
    } catch {
      setDeleteFailed(true);
    }
  };

  return (
    <article class="page record-detail stack" aria-labelledby="record-detail-title">
      <header>
        <p class="muted">{t(`forms:kinds.${record.kind}`)}</p>
        <h1 id="record-detail-title">{summaryOf(record) || t('forms:list.untitled')}</h1>
        <dl class="facts">
          <dt>{t('forms:detail.syncState')}</dt>
          <dd>
            <SyncBadge record={record} waitingKey={waitingKey} />
          </dd>
          <dt>{t('forms:detail.updatedAt')}</dt>
          <dd>{formatDate(record.updatedAt, true)}</dd>
          <dt>{t('forms:detail.nextActionDate')}</dt>
          <dd>
            {record.nextActionDate ? formatDate(record.nextActionDate) : t('forms:detail.none')}
          </dd>
        </dl>
        {record.deleted ? null : <FollowUpDone record={record} hasDraft={hasDraft} />}
      </header>

      <ReviewPanel record={record} />

      {record.retained ? (
        <div class="notice" role="note">
          <p>{t('forms:detail.retained', { count: record.retained.days })}</p>
        </div>
      ) : null}

      <RejectionNotice record={record} fields={declaration.fields} />

      {hasDraft ? (
        <div class="notice notice-warning" role="note">
          <p>{t('forms:detail.hasDraft')}</p>
          <a class="button" href={`#/record/${record.id}/edit`}>
            {t('forms:detail.continueDraft')}
          </a>
        </div>
      ) : null}

      {record.retained ? null : (
        <>
          {record.kind === 'screening' ? <TriagePanel record={record} /> : null}

          <FollowUpActions record={record} />

          {record.deleted ? null : <QuickStatusUpdate record={record} hasDraft={hasDraft} />}

          {record.deleted ? null : <HouseholdRecords key={record.id} record={record} />}

          <FieldValues
            declaration={declaration}
            payload={record.payload}
            renderLinks={renderLinkedRecords}
          />
        </>
      )}

      {record.retained ? null : (
        <div class="form-actions">
          <a class="button button-primary" href={`#/record/${record.id}/edit`}>
            {t('forms:detail.edit')}
          </a>
          <button
            ref={deleteButtonRef}
            type="button"
            class="button button-danger"
            onClick={() => setConfirming(true)}
          >
            {t('forms:detail.delete')}
          </button>
        </div>
      )}

      {confirming ? (
        <div
          ref={dialogRef}
          class="confirm-dialog card"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="confirm-delete-title"
          aria-describedby="confirm-delete-text"
          tabIndex={-1}
          onKeyDown={(e) => {
            if (e.key === 'Escape') closeDialog();
          }}
        >
          <h2 id="confirm-delete-title">{t('forms:detail.deleteTitle')}</h2>
          <p id="confirm-delete-text">{t('forms:detail.deleteText')}</p>
          {deleteFailed ? (
            <p class="field-error" role="alert">
              {t('forms:detail.deleteFailed')}
            </p>
          ) : null}
          <div class="form-actions">
            <button type="button" class="button" onClick={closeDialog}>
              {t('forms:common.cancel')}
            </button>
            <button type="button" class="button button-danger" onClick={() => void confirmDelete()}>
              {t('forms:detail.confirmDelete')}
            </button>
          </div>
        </div>
      ) : null}
    </article>
  );
}
