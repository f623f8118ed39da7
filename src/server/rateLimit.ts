// In-memory token buckets: `limit` requests per `windowMs` per key, refilled continuously. Enough
// for one server process; the buckets are forgotten on restart, which only ever lets more through.

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Beyond this many keys, full buckets are dropped (they carry no information). */
const MAX_KEYS = 10_000;

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #limit: number;
  readonly #perMs: number;
  readonly #now: () => number;

  constructor(rate: RateLimit, now: () => number = Date.now) {
    if (!(rate.limit >= 1) || !(rate.windowMs > 0)) {
      throw new Error('A rate limit needs limit >= 1 and windowMs > 0');
    }
    this.#limit = rate.limit;
    this.#perMs = rate.limit / rate.windowMs;
    this.#now = now;
  }

  /** Spends one request for `key`, or says how many seconds until one is available. */
  take(key: string): RateDecision {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#limit, updatedAt: now };
    bucket.tokens = Math.min(
      this.#limit,
      bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.#perMs,
    );
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.#buckets.set(key, bucket);
      this.#prune(now);
      return { ok: true };
    }
    this.#buckets.set(key, bucket);
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000)),
    };
  }

  #prune(now: number): void {
    if (this.#buckets.size <= MAX_KEYS) return;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.#perMs >= this.#limit)
        this.#buckets.delete(key);
    }
  }
}
