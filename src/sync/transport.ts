// The HTTP side of sync (contract v2): one push request or one feed page and its answer,
// classified into what the loop does next. No state lives here; the loop (engine.ts) owns
// backoff, splitting, the outbox and the feed cursor.
import {
  feedPageSchema,
  FEED_LIMIT_MAX,
  MAX_PUSH_BYTES_V2,
  MAX_PUSH_RECORDS_V2,
  pushResultV2Schema,
  type FeedPage,
  type PushResultV2,
} from '../domain/contract';
import { parseRetryAfter } from './backoff';
import type { AuthFailureReason, Credentials, OutgoingRecord, RecordRef, RetryCode } from './ports';

/** Why a request is given up for now (the loop backs off), or what ends the run. */
export type RequestFailure =
  | { kind: 'auth'; reason: AuthFailureReason; httpStatus: number }
  | { kind: 'retry'; code: RetryCode; httpStatus?: number; retryAfterMs?: number }
  | { kind: 'stopped' };

/** What one push request came to. */
export type PushOutcome =
  | { kind: 'results'; results: PushResultV2[] }
  | { kind: 'split'; code: 'too_large' | 'invalid'; httpStatus: number }
  | RequestFailure;

/** What one feed request came to. */
export type FeedOutcome = { kind: 'page'; page: FeedPage } | RequestFailure;

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

/** The JSON text of one record as sent: its stored text when it has one. */
export function recordJson(r: OutgoingRecord): string {
  return r.json ?? JSON.stringify(r);
}

/** UTF-8 bytes of a JSON text (most sealed envelopes are ASCII: no encoding needed to count). */
function utf8Bytes(text: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).length;
}

/** The request body `{"records":[…]}`, built from each record's JSON text. */
export function pushBody(records: readonly OutgoingRecord[]): string {
  return `{"records":[${records.map(recordJson).join(',')}]}`;
}

/** Bytes of `{"records":[…]}` for these records, as sent. */
export function pushBodyBytes(records: readonly OutgoingRecord[]): number {
  let bytes = '{"records":[]}'.length + Math.max(0, records.length - 1);
  for (const r of records) bytes += utf8Bytes(recordJson(r));
  return bytes;
}

/**
 * The longest prefix of `records` that fits the contract's limits (≤ maxRecords, body ≤ maxBytes).
 * A first record that alone exceeds the byte limit is returned alone, so it can be rejected
 * locally instead of blocking the queue.
 */
export function fitBatch<T extends OutgoingRecord>(
  records: readonly T[],
  maxRecords: number = MAX_PUSH_RECORDS_V2,
  maxBytes: number = MAX_PUSH_BYTES_V2,
): T[] {
  const batch: T[] = [];
  let bytes = '{"records":[]}'.length;
  for (const r of records.slice(0, maxRecords)) {
    const size = utf8Bytes(recordJson(r)) + (batch.length > 0 ? 1 : 0);
    if (batch.length > 0 && bytes + size > maxBytes) break;
    batch.push(r);
    bytes += size;
  }
  return batch;
}

type Answered = { kind: 'answer'; httpStatus: number; text: string; retryAfterMs?: number };

/** One request with the loop's timeout and stop signal; never throws. */
async function send(
  ctx: TransportContext,
  url: string,
  init: RequestInit,
): Promise<Answered | RequestFailure> {
  const controller = new AbortController();
  const onStop = () => controller.abort();
  ctx.stopSignal.addEventListener('abort', onStop, { once: true });
  let timedOut = false;
  const cancelTimeout = ctx.setTimer(() => {
    timedOut = true;
    controller.abort();
  }, ctx.requestTimeoutMs);
  try {
    const response = await ctx.fetch(url, { ...init, signal: controller.signal });
    const text = await response.text();
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), ctx.now());
    return {
      kind: 'answer',
      httpStatus: response.status,
      text,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  } catch {
    if (ctx.stopSignal.aborted) return { kind: 'stopped' };
    return { kind: 'retry', code: timedOut ? 'timeout' : 'network' };
  } finally {
    cancelTimeout();
    ctx.stopSignal.removeEventListener('abort', onStop);
  }
}

/** The answers every endpoint shares: auth failures and what is retried later. */
function classifyFailure(answer: Answered): RequestFailure {
  const { httpStatus, retryAfterMs } = answer;
  if (httpStatus === 401) return { kind: 'auth', reason: 'unauthorized', httpStatus };
  if (httpStatus === 403) return { kind: 'auth', reason: 'device_revoked', httpStatus };
  if (httpStatus === 429) return { kind: 'retry', code: 'rate_limited', httpStatus, retryAfterMs };
  if (httpStatus >= 500) return { kind: 'retry', code: 'server_error', httpStatus, retryAfterMs };
  // 404, 415, a captive portal's redirect…: not the contract's answer. Keep everything and retry.
  return { kind: 'retry', code: 'unexpected_response', httpStatus, retryAfterMs };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends one push request (POST /api/v2/sync/push) and classifies the answer; never throws. */
export async function postPush(
  ctx: TransportContext,
  credentials: Credentials,
  records: readonly OutgoingRecord[],
): Promise<PushOutcome> {
  const answer = await send(ctx, `${credentials.serverUrl}/api/v2/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.token}` },
    body: pushBody(records),
  });
  if (answer.kind !== 'answer') return answer;
  const { httpStatus } = answer;
  if (httpStatus === 200) {
    const body = parseJson(answer.text) as { results?: unknown } | undefined;
    if (!body || !Array.isArray(body.results))
      return { kind: 'retry', code: 'invalid_response', httpStatus };
    // Only well-formed results that name a record of this request count; anything else is
    // ignored and the unanswered records stay queued (sent again, answered `duplicate`).
    const sent = new Set(records.map(refKey));
    const results: PushResultV2[] = [];
    for (const item of body.results) {
      const parsed = pushResultV2Schema.safeParse(item);
      if (parsed.success && sent.has(refKey(parsed.data))) results.push(parsed.data);
    }
    if (results.length === 0) return { kind: 'retry', code: 'invalid_response', httpStatus };
    return { kind: 'results', results };
  }
  if (httpStatus === 413) return { kind: 'split', code: 'too_large', httpStatus };
  if (httpStatus === 400) return { kind: 'split', code: 'invalid', httpStatus };
  return classifyFailure(answer);
}

/** Reads one feed page (GET /api/v2/sync/feed) after `cursor`; never throws. */
export async function getFeedPage(
  ctx: TransportContext,
  credentials: Credentials,
  cursor: string | undefined,
  limit: number,
): Promise<FeedOutcome> {
  const query = new URLSearchParams({ limit: String(Math.min(FEED_LIMIT_MAX, limit)) });
  if (cursor !== undefined) query.set('after', cursor);
  const answer = await send(ctx, `${credentials.serverUrl}/api/v2/sync/feed?${query}`, {
    method: 'GET',
    headers: { authorization: `Bearer ${credentials.token}` },
  });
  if (answer.kind !== 'answer') return answer;
  if (answer.httpStatus === 200) {
    const parsed = feedPageSchema.safeParse(parseJson(answer.text));
    if (!parsed.success)
      return { kind: 'retry', code: 'invalid_response', httpStatus: answer.httpStatus };
    return { kind: 'page', page: parsed.data };
  }
  return classifyFailure(answer);
}
