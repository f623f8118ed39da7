// The HTTP side of sync: one push request and its answer, classified into what the loop does
// next. No state lives here; the loop (engine.ts) owns backoff, splitting and the outbox.
import { z } from 'zod';
import {
  MAX_PUSH_BYTES,
  MAX_PUSH_RECORDS,
  type PushResult,
  type RecordEnvelope,
} from '../domain/envelope';
import { parseRetryAfter } from './backoff';
import type { AuthFailureReason, Credentials, RecordRef, RetryCode } from './ports';

const pushResultSchema = z.object({
  id: z.string(),
  rev: z.number().int(),
  status: z.enum(['stored', 'duplicate', 'stale', 'rejected']),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .optional(),
});
const pushResponseSchema = z.object({ results: z.array(pushResultSchema) });

/** What one push request came to. */
export type PushOutcome =
  | { kind: 'results'; results: PushResult[] }
  | { kind: 'split'; code: 'too_large' | 'invalid'; httpStatus: number }
  | { kind: 'auth'; reason: AuthFailureReason; httpStatus: number }
  | { kind: 'retry'; code: RetryCode; httpStatus?: number; retryAfterMs?: number }
  | { kind: 'stopped' };

/** What a request needs from the loop: fetch, clock, timers and the loop's stop signal. */
export interface TransportContext {
  fetch: typeof fetch;
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
  requestTimeoutMs: number;
  /** Aborts when the engine stops. */
  stopSignal: AbortSignal;
}

const encoder = new TextEncoder();
export const refKey = (r: RecordRef): string => `${r.id}\u0000${r.rev}`;

/** Bytes of `{"records":[…]}` for these records, as sent. */
export function pushBodyBytes(records: readonly RecordEnvelope[]): number {
  let bytes = '{"records":[]}'.length + Math.max(0, records.length - 1);
  for (const r of records) bytes += encoder.encode(JSON.stringify(r)).length;
  return bytes;
}

/**
 * The longest prefix of `records` that fits the contract's limits (≤ maxRecords, body ≤ maxBytes).
 * A first record that alone exceeds the byte limit is returned alone, so it can be rejected
 * locally instead of blocking the queue.
 */
export function fitBatch(
  records: readonly RecordEnvelope[],
  maxRecords: number = MAX_PUSH_RECORDS,
  maxBytes: number = MAX_PUSH_BYTES,
): RecordEnvelope[] {
  const batch: RecordEnvelope[] = [];
  let bytes = '{"records":[]}'.length;
  for (const r of records.slice(0, maxRecords)) {
    const size = encoder.encode(JSON.stringify(r)).length + (batch.length > 0 ? 1 : 0);
    if (batch.length > 0 && bytes + size > maxBytes) break;
    batch.push(r);
    bytes += size;
  }
  return batch;
}

/** Sends one push request and classifies the answer; never throws. */
export async function postPush(
  ctx: TransportContext,
  credentials: Credentials,
  records: RecordEnvelope[],
): Promise<PushOutcome> {
  const controller = new AbortController();
  const onStop = () => controller.abort();
  ctx.stopSignal.addEventListener('abort', onStop, { once: true });
  let timedOut = false;
  const cancelTimeout = ctx.setTimer(() => {
    timedOut = true;
    controller.abort();
  }, ctx.requestTimeoutMs);
  try {
    let response: Response;
    let text: string;
    try {
      response = await ctx.fetch(`${credentials.serverUrl}/api/v1/sync/push`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${credentials.token}`,
        },
        body: JSON.stringify({ records }),
        signal: controller.signal,
      });
      text = await response.text();
    } catch {
      if (ctx.stopSignal.aborted) return { kind: 'stopped' };
      return { kind: 'retry', code: timedOut ? 'timeout' : 'network' };
    }
    const httpStatus = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), ctx.now());
    if (httpStatus === 200) {
      let parsed: z.infer<typeof pushResponseSchema>;
      try {
        parsed = pushResponseSchema.parse(JSON.parse(text));
      } catch {
        return { kind: 'retry', code: 'invalid_response', httpStatus };
      }
      // Only results that name a record of this request count; anything else is ignored and the
      // unanswered records stay queued (sent again, answered `duplicate`).
      const sent = new Set(records.map(refKey));
      const results = parsed.results.filter((r) => sent.has(refKey(r)));
      if (results.length === 0) return { kind: 'retry', code: 'invalid_response', httpStatus };
      return { kind: 'results', results };
    }
    if (httpStatus === 401) return { kind: 'auth', reason: 'unauthorized', httpStatus };
    if (httpStatus === 403) return { kind: 'auth', reason: 'device_revoked', httpStatus };
    if (httpStatus === 413) return { kind: 'split', code: 'too_large', httpStatus };
    if (httpStatus === 400) return { kind: 'split', code: 'invalid', httpStatus };
    if (httpStatus === 429)
      return { kind: 'retry', code: 'rate_limited', httpStatus, retryAfterMs };
    if (httpStatus >= 500) return { kind: 'retry', code: 'server_error', httpStatus, retryAfterMs };
    // 404, 415, a captive portal's redirect…: not the contract's answer. Keep the queue and retry.
    return { kind: 'retry', code: 'unexpected_response', httpStatus, retryAfterMs };
  } finally {
    cancelTimeout();
    ctx.stopSignal.removeEventListener('abort', onStop);
  }
}
