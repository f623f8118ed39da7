// isRecordKind without importing the registry (src/domain/index.ts imports this folder).
import { RECORD_KINDS, type RecordKind } from '../../recordKinds';

export function isRecordKindName(kind: unknown): kind is RecordKind {
  return typeof kind === 'string' && (RECORD_KINDS as readonly string[]).includes(kind);
}
