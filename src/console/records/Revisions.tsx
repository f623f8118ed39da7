// A record's revision history: every revision opened in memory, and which fields each changed.
import { useEffect, useState } from 'preact/hooks';
import { getDeclaration } from '../../domain';
import { api, errorKey } from '../api';
import { keyring } from '../key/keyring';
import { formatDate, useT } from '../i18n';
import { useStore } from '../store';
import { changedFields } from './diff';
import { openRow, type OpenedRecord } from './memory';
import type { SealedRecordRow } from './types';

export function Revisions({ id, current }: { id: string; current: OpenedRecord }) {
  const t = useT();
  const keys = useStore(keyring);
  const [revisions, setRevisions] = useState<OpenedRecord[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (!keys) return;
    let live = true;
    api<{ items: Omit<SealedRecordRow, 'deviceLabel'>[] }>(
      'GET',
      `/records/${encodeURIComponent(id)}/revisions`,
    )
      .then((answer) =>
        Promise.all(
          answer.items
            .slice()
            .sort((a, b) => a.rev - b.rev)
            .map((row) => openRow({ ...row, deviceLabel: current.row.deviceLabel }, keys.keys)),
        ),
      )
      .then(
        (opened) => live && setRevisions(opened),
        (caught) => live && setError(errorKey(caught)),
      );
    return () => {
      live = false;
    };
  }, [id, current.row.rev, keys]);

  const declaration = getDeclaration(current.row.kind);
  return (
    <div class="panel">
      <h2>{t('console:detail.history')}</h2>
      {error && (
        <p role="alert" class="error">
          {t(error)}
        </p>
      )}
      {!revisions && !error && <p aria-busy="true">{t('console:common.loading')}</p>}
      {revisions && declaration && (
        <ol class="plain-list" data-testid="revisions">
          {revisions.map((revision, index) => {
            const before = index > 0 ? revisions[index - 1] : undefined;
            const changed = before
              ? changedFields(declaration, before.payload, revision.payload)
              : [];
            return (
              <li key={revision.row.rev}>
                <strong>{t('console:detail.revisionN', { rev: revision.row.rev })}</strong> —{' '}
                {formatDate(revision.row.updatedAt, true)}
                {revision.row.deleted
                  ? `: ${t('console:detail.deleted')}`
                  : index === 0
                    ? `: ${t('console:detail.firstSaved')}`
                    : changed.length > 0
                      ? `: ${t('console:detail.changed')} ${changed
                          .map((field) => t(`records:${field.labelKey}`))
                          .join(', ')}`
                      : `: ${t('console:detail.unchanged')}`}
                {revision.problems.includes('unopenable') && (
                  <span class="badge warn">{t('console:problems.unopenable')}</span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
