// The shapes of docs/console-api.md the records screens use, from their one source in
// src/domain/console (the zod schemas the server answers with).
export type { ConsoleReview, Decision, RecordsPage, SealedRecordRow } from '../../domain/console';
export type { ReviewState } from '../../domain/contract';
