// The shapes of docs/console-api.md the records screens use (the single source is
// src/domain/console; these mirror it until it is on this branch).
import type { PublicJwk, ReviewState, Sealed } from '../../domain/contract';

export type { ReviewState };

export interface Decision {
  status: 'possible' | 'actual' | 'not_victim';
  decidedBy: string;
}

export interface SealedRecordRow {
  id: string;
  rev: number;
  kind: string;
  schemaVersion: number;
  createdAt: string;
  updatedAt: string;
  receivedAt: string;
  deleted: boolean;
  meta: Record<string, unknown>;
  sealed: Sealed | null;
  deviceId: string;
  deviceLabel: string;
  reviewState?: ReviewState;
  reviewedAt?: string;
  decision?: Decision;
  devicePublicKey?: PublicJwk;
}

export interface RecordsPage {
  items: SealedRecordRow[];
  cursor: string;
  more: boolean;
}

export interface ConsoleReview {
  seq: number;
  recordId: string;
  rev: number;
  state: ReviewState;
  at: string;
  note?: Sealed;
  decision?: Decision;
  accountId: string;
  accountName: string;
}
