// The records a `recordLinks` field points to, as links with their kind and title, looked up on
// this phone (the shared FieldValues of src/ui leaves storage and routing to the caller).
import { useEffect, useState } from 'preact/hooks';
import { getRecord, type StoredRecord } from '../../../data/index';
import { useT } from '../../i18n';
import { summaryOf } from '../recordText';

export function LinkedRecords({ ids }: { ids: string[] }) {
  const t = useT();
  const [records, setRecords] = useState<(StoredRecord | undefined)[]>([]);
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    void Promise.all(ids.map((id) => getRecord(id))).then((found) => {
      if (live) setRecords(found);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return (
    <ul class="plain-list">
      {ids.map((id, index) => {
        const record = records[index];
        return (
          <li key={id}>
            {record && !record.deleted ? (
              <a href={`#/record/${id}`}>
                {t(`forms:kinds.${record.kind}`)}: {summaryOf(record) || t('forms:list.untitled')}
              </a>
            ) : (
              t('forms:links.missing')
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** `renderLinks` for the shared FieldValues. */
export const renderLinkedRecords = (ids: string[]) => <LinkedRecords ids={ids} />;
