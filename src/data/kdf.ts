// Argon2id (hash-wasm, loaded on first use) for every secret a person types, calibrated on the
// phone, and HKDF (WebCrypto) to turn its output — mixed with a passkey's PRF output when there
// is one — into a wrapping key. Memory-hard: a GPU cannot run thousands of guesses at once.

export interface Argon2Params {
  alg: 'argon2id';
  /** Memory in KiB (19 MiB at least). */
  memoryKiB: number;
  iterations: number;
  parallelism: 1;
  salt: Uint8Array;
  /** What one derivation took when calibrated on this phone (ms), for the security screen. */
  measuredMs?: number;
}

export const MIN_MEMORY_KIB = 19 * 1024;
export const MAX_MEMORY_KIB = 64 * 1024;
/** Aim for one derivation in about 0.5–1 s on the phone. */
export const TARGET_KDF_MS = 700;
const MAX_KDF_MS = 1000;
const MAX_ITERATIONS = 12;

let testParams: { memoryKiB: number; iterations: number } | undefined;

/** Tests only: a tiny Argon2 cost (memory in KiB, passes). Production always calibrates. */
export function setTestKdfCost(cost: { memoryKiB: number; iterations: number } | undefined): void {
  testParams = cost;
}

export function testKdfCost(): { memoryKiB: number; iterations: number } | undefined {
  return testParams;
}

/** Raw Argon2id output (32 bytes) for `secret` under `params`. */
export async function argon2(secret: string, params: Argon2Params): Promise<Uint8Array> {
  const { argon2id } = await import('hash-wasm');
  return argon2id({
    password: secret.normalize('NFC'),
    salt: params.salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
}

async function timeArgon2(memoryKiB: number, iterations: number): Promise<number> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const start = performance.now();
  await argon2('000000', { alg: 'argon2id', memoryKiB, iterations, parallelism: 1, salt });
  return performance.now() - start;
}

/** Memory to try first: as much as the phone says it can spare (Device Memory API, GiB). */
function startMemoryKiB(): number {
  const gib = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  if (gib !== undefined && gib < 2) return MIN_MEMORY_KIB;
  if (gib !== undefined && gib < 4) return 32 * 1024;
  return MAX_MEMORY_KIB;
}

/** Passes that take about `targetMs` at a measured cost of `onePassMs` (≥ minimum, ≤ 12). */
export function iterationsFor(onePassMs: number, targetMs: number, minimum: number): number {
  const scaled = onePassMs > 0 ? Math.floor(targetMs / onePassMs) : MAX_ITERATIONS;
  return Math.min(MAX_ITERATIONS, Math.max(minimum, scaled));
}

/**
 * Argon2id parameters for this phone: the most memory it allows (64 MiB down to 19 MiB when the
 * allocation fails or one pass is already too slow), then as many passes as fit ~0.7 s.
 * OWASP's floors hold: 19 MiB needs at least 2 passes.
 */
export async function calibrateArgon2(targetMs = TARGET_KDF_MS): Promise<Argon2Params> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  if (testParams) return { alg: 'argon2id', ...testParams, parallelism: 1, salt };
  let memoryKiB = startMemoryKiB();
  for (;;) {
    let onePass: number;
    try {
      onePass = await timeArgon2(memoryKiB, 1);
    } catch (e) {
      // WebAssembly memory could not grow that far on this phone: use less.
      if (memoryKiB <= MIN_MEMORY_KIB) throw e;
      memoryKiB = Math.max(MIN_MEMORY_KIB, memoryKiB / 2);
      continue;
    }
    const minimum = memoryKiB >= 46 * 1024 ? 1 : 2;
    if (onePass * minimum > MAX_KDF_MS && memoryKiB > MIN_MEMORY_KIB) {
      memoryKiB = Math.max(MIN_MEMORY_KIB, memoryKiB / 2);
      continue;
    }
    const iterations = iterationsFor(onePass, targetMs, minimum);
    return {
      alg: 'argon2id',
      memoryKiB,
      iterations,
      parallelism: 1,
      salt,
      measuredMs: Math.round(onePass * iterations),
    };
  }
}

const HKDF_INFO = new TextEncoder().encode('jejaring vault wrapping key v2');

/**
 * The AES-GCM wrapping key of one vault entry: HKDF-SHA-256 over the Argon2id output and, for a
 * passkey-bound entry, the PRF output after it (both are needed; neither alone gives the key).
 */
export async function wrappingKey(
  argonOutput: Uint8Array,
  prfOutput: Uint8Array | undefined,
  entrySalt: Uint8Array,
): Promise<CryptoKey> {
  const ikm = new Uint8Array(argonOutput.length + (prfOutput?.length ?? 0));
  ikm.set(argonOutput, 0);
  if (prfOutput) ikm.set(prfOutput, argonOutput.length);
  const material = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveKey']);
  ikm.fill(0);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(entrySalt), info: HKDF_INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt'],
  );
}
