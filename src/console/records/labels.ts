// Words for codes the records screens show (kinds, review states, risk, queue reasons).
import { t } from '../i18n';
import type { QueueReason } from './queue';

export const REVIEW_STATE_ORDER = [
  'received',
  'in_follow_up',
  'referred',
  'closed',
  'needs_correction',
] as const;

export const kindLabel = (kind: string): string => t(`records:${kind}.title`);
export const reviewLabel = (state: string | undefined): string =>
  t(`console:review.states.${state ?? 'none'}`);
export const riskLabel = (level: string): string => t(`records:screening.triage.levels.${level}`);
export const reasonLabel = (reason: QueueReason): string => t(`console:queue.reasons.${reason}`);
export const targetLabel = (code: string): string => t(`records:options.referral_targets.${code}`);
