// Retry timing of the sync contract: exponential backoff with full jitter and Retry-After.
// Pure functions so the bounds can be proven in unit tests without waiting.

/** First retry waits up to 1 s; each further attempt doubles the ceiling. */
export const BACKOFF_BASE_MS = 1_000;
/** The ceiling never exceeds 5 minutes, however long the outage lasts. */
export const BACKOFF_CAP_MS = 5 * 60 * 1_000;

/**
 * Full-jitter delay for the given retry attempt (0 = first retry):
 * `random() * min(cap, base * 2^attempt)`. There is no attempt limit: sync never gives up.
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  baseMs: number = BACKOFF_BASE_MS,
  capMs: number = BACKOFF_CAP_MS,
): number {
  // 2^attempt overflows to Infinity for large attempts; min() with the cap keeps it finite.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/**
 * Milliseconds a `Retry-After` header asks us to wait, or undefined when absent or unparseable.
 * Accepts delta-seconds ("120") and an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT").
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  // An HTTP date must name a weekday or month; this rejects numbers in other shapes ("1.5", "-3").
  if (!/[A-Za-z]/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** The wait before the next attempt: the jittered backoff, but never less than Retry-After. */
export function retryDelay(
  attempt: number,
  random: () => number,
  retryAfterMs: number | undefined,
): number {
  const jittered = backoffDelay(attempt, random);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs);
}
