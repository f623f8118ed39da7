// Client-generated record ids: UUID version 7 (RFC 9562), never auto-increment.

/** Any RFC 9562 UUID (versions 1–8, variant 10), as the sync contract's envelope accepts. */
export const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

let lastMs = -1;
// 74 random-ish bits after the timestamp, kept between calls in the same millisecond so ids
// generated in one ms still sort in creation order (RFC 9562 §6.2, method 3: monotonic random).
let lastRandA = 0; // 12 bits (rand_a)
let lastRandB = 0n; // 62 bits (rand_b)

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function hex(n: number | bigint, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A new UUID v7: 48-bit Unix ms timestamp, version 7, variant 10, random bits (monotonic per ms). */
export function newRecordId(now: number = Date.now()): string {
  let ms = Math.max(0, Math.floor(now));
  if (ms <= lastMs) {
    // Same (or an earlier, clock went back) millisecond: increment the random part instead of
    // drawing new bits, so ordering holds.
    ms = lastMs;
    lastRandB += 1n;
    if (lastRandB >= 1n << 62n) {
      lastRandB = 0n;
      lastRandA += 1;
      if (lastRandA >= 1 << 12) {
        // 2^74 ids in one ms cannot happen; move to the next ms rather than wrap.
        ms += 1;
        lastRandA = 0;
      }
    }
  } else {
    const r = randomBytes(10);
    lastRandA = ((r[0]! << 8) | r[1]!) & 0x0fff;
    let b = 0n;
    for (let i = 2; i < 10; i++) b = (b << 8n) | BigInt(r[i]!);
    // Keep the top bit of rand_b clear so a burst of increments never overflows 62 bits.
    lastRandB = b & ((1n << 61n) - 1n);
  }
  lastMs = ms;
  const timeHex = hex(ms, 12);
  const randA = hex(0x7000 | lastRandA, 4);
  const randB = (2n << 62n) | lastRandB; // variant 10 in the top two bits of the last 64
  const randBHex = hex(randB, 16);
  return `${timeHex.slice(0, 8)}-${timeHex.slice(8, 12)}-${randA}-${randBHex.slice(0, 4)}-${randBHex.slice(4)}`;
}

/** The creation time (ms) encoded in a UUID v7. */
export function uuidV7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
