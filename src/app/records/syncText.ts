// Words for a record's sync state and for a rejection: what happened, what to do, and which
// fields to fix — always in the volunteer's language, never an i18n key or the server's English.
// The sync namespace owns these texts (`sync:recordState.*`, `sync:rejection.*`,
// `sync:rejectionTodo.*`); this module falls back to the forms namespace when a key is absent.
import { validateRecordPayload, type FieldMeta } from '../../domain/index';
import type { StoredRecord, SyncState } from '../../data/index';
import { hasText, t } from '../i18n';
import { fieldForIssue } from './form/model';

export const SYNC_STATES: readonly SyncState[] = ['pending', 'sending', 'synced', 'rejected'];

/** Rejection codes with their own texts; any other code (a newer server) reads as `other`. */
const KNOWN_CODES = new Set([
  'invalid',
  'unknown_kind',
  'conflict',
  'forbidden',
  'too_large',
  'unknown_key',
  'invalid_meta',
]);

/** Localised name of a sync state ("Tersimpan di HP", "Terkirim"…). */
export function syncStateLabel(state: SyncState): string {
  return t(`sync:recordState.${state}`, { defaultValue: t(`forms:syncState.${state}`) });
}

function codeOf(record: Pick<StoredRecord, 'syncError'>): string | undefined {
  const code = record.syncError?.code;
  if (code === undefined) return undefined;
  return KNOWN_CODES.has(code) ? code : 'other';
}

/** What happened, in one short sentence (list lines and the detail's first line). */
export function rejectionReason(record: Pick<StoredRecord, 'syncError'>): string | undefined {
  const code = codeOf(record);
  if (code === undefined) return undefined;
  return t(`sync:rejection.${code}`, { defaultValue: t('forms:syncState.rejectedUnknown') });
}

/** What the volunteer can do about it. */
export function rejectionTodo(record: Pick<StoredRecord, 'syncError'>): string | undefined {
  const code = codeOf(record);
  if (code === undefined) return undefined;
  return t(`sync:rejectionTodo.${code}`, { defaultValue: t('forms:detail.fixAndResend') });
}

/** The raw code, for the volunteer to read out to the coordinator (not translated on purpose). */
export function rejectionCode(record: Pick<StoredRecord, 'syncError'>): string | undefined {
  return record.syncError?.code;
}

/**
 * One line per field to fix, "Label: message". The record's own payload is checked again on the
 * phone first: that gives the same words (with their numbers) as the form. Otherwise the stored
 * issues are used, translated when their message is one of the records namespace's keys and
 * replaced by a plain sentence when it is not (the server's zod English, a meta path).
 */
export function rejectionIssues(
  record: Pick<StoredRecord, 'kind' | 'schemaVersion' | 'payload' | 'syncError'>,
  fields: readonly FieldMeta[],
): string[] {
  const local = validateRecordPayload(record.kind, record.schemaVersion, record.payload);
  const issues = !local.ok
    ? local.issues.map((issue) => ({
        path: issue.path,
        text: t(`records:${issue.key}`, issue.params),
      }))
    : (record.syncError?.issues ?? []).map((issue) => ({
        path: issue.path,
        text: translatedIssue(issue.message),
      }));
  const lines = issues.map(({ path, text }) => {
    const field = fieldForIssue(fields, { path }, record.payload);
    return field ? `${t(`records:${field.labelKey}`)}: ${text}` : text;
  });
  return [...new Set(lines)];
}

function translatedIssue(message: string): string {
  const key = `records:${message.startsWith('records:') ? message.slice(8) : message}`;
  // A key without its parameters would show "{{max}}": only whole sentences are used as they are.
  if (/^[\w.:]+$/.test(message) && hasText(key)) {
    const text = t(key);
    if (!text.includes('{{')) return text;
  }
  return t('sync:rejectionIssue');
}
