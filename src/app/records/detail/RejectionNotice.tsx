// A record the server (or the phone's own check) refused: what happened, which fields to fix and
// what to do, in plain words; the raw code only for the coordinator, folded away.
import type { FieldMeta } from '../../../domain/index';
import type { StoredRecord } from '../../../data/index';
import { useT } from '../../i18n';
import { rejectionCode, rejectionIssues, rejectionReason, rejectionTodo } from '../syncText';

export function RejectionNotice({
  record,
  fields,
}: {
  record: StoredRecord;
  fields: readonly FieldMeta[];
}) {
  const t = useT();
  const what = rejectionReason(record);
  if (record.syncState !== 'rejected' || what === undefined) return null;
  const issues = rejectionIssues(record, fields);
  const code = rejectionCode(record);
  return (
    <section class="notice notice-error stack" aria-labelledby="rejection-title">
      <h2 id="rejection-title">{t('sync:rejectionLabels.title')}</h2>
      <p>
        <strong>{t('sync:rejectionLabels.what')}</strong> <span>{what}</span>
      </p>
      {issues.length > 0 ? (
        <ul>
          {issues.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <p>
        <strong>{t('sync:rejectionLabels.todo')}</strong> <span>{rejectionTodo(record)}</span>
      </p>
      {code ? (
        <details>
          <summary>{t('sync:rejectionLabels.forCoordinator')}</summary>
          <p>{t('sync:rejectionLabels.code', { code })}</p>
        </details>
      ) : null}
    </section>
  );
}
