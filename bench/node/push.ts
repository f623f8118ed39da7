// Latency of 100-record pushes over HTTP at 1, 10 and 50 concurrent devices against the real
// server in a child process, and the server's resident memory while it works.
import { makeEnvelopes } from '../lib/records';
import type { EnrolledDevice, ServerChild } from '../lib/serverProcess';
import { summarize, type Summary } from '../lib/stats';

export const PUSH_RECORDS = 100;
/** Contract v1's push (clear payloads, validated and sealed at rest by the server). */
export const PUSH_V1 = '/api/v1/sync/push';
/** Contract v2's push (sealed by the phone; the server validates envelope and meta only). */
export const PUSH_V2 = '/api/v2/sync/push';

/** Where and what a bench pushes: v1 records by default. */
export interface PushTarget {
  /** Servers to spread pushes over (replicas of one database); default: the one server. */
  urls?: readonly string[];
  /** PUSH_V1 (default) or PUSH_V2. */
  endpoint?: string;
  /** Builds one push's records (default: v1 envelopes from the domain's examples). */
  makeBatch?: (count: number) => unknown[];
}

/** The replica a device's i-th push goes to: a load balancer's round robin, shifted per device. */
function pickUrl(urls: readonly string[], device: number, push: number): string {
  return urls[(device + push) % urls.length]!;
}
export const CONCURRENCY_LEVELS = [1, 10, 50] as const;

export interface ConcurrencyLevelResult {
  devices: number;
  pushesPerDevice: number;
  latencyMs: Summary;
  /** Pushes that got no HTTP answer (a phone would retry them), by error code. */
  networkErrors: Record<string, number>;
  /** 429/503 "busy" answers the devices waited out (Retry-After) before their pushes were stored. */
  busyAnswers: number;
  /** Records stored per second while this level ran. */
  recordsPerSecond: number;
}

export interface PushResult {
  recordsPerPush: number;
  levels: ConcurrencyLevelResult[];
  /** Highest VmRSS sampled while pushing, and the kernel's peak (VmHWM) at the end, MiB. */
  rssPeakSampledMb: number;
  rssHwmMb: number;
  rssIdleMb: number;
}

export interface OpenLoopResult {
  devices: number;
  /** Pushes started at random times (Poisson arrivals) at this rate, per second. */
  offeredPushesPerSecond: number;
  /** The rate as a share of the server's measured capacity (1-device records/s). */
  offeredShareOfCapacity: number;
  latencyMs: Summary;
  networkErrors: Record<string, number>;
  busyAnswers: number;
}

/**
 * 50 devices that each push when they have something to send, not back to back: pushes arrive
 * at random (exponential gaps) at `share` of the capacity measured with one device. This is what
 * a coordinator's server sees when many phones sync during the day.
 */
export async function benchOpenLoop(
  server: ServerChild,
  capacityRecordsPerSecond: number,
  options: {
    devices?: number;
    pushes: number;
    share?: number;
    recordsPerPush?: number;
  } & PushTarget,
): Promise<OpenLoopResult> {
  const urls = options.urls ?? [server.url];
  const makeBatch = options.makeBatch ?? makeEnvelopes;
  const devicesCount = options.devices ?? 50;
  const share = options.share ?? 0.5;
  const recordsPerPush = options.recordsPerPush ?? PUSH_RECORDS;
  const rate = (capacityRecordsPerSecond * share) / recordsPerPush;
  const devices = await server.enrollDevices(devicesCount, 'open-loop');
  const batches = Array.from({ length: options.pushes }, () => makeBatch(recordsPerPush));
  const latencies: number[] = [];
  const networkErrors: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  let busyAnswers = 0;
  let at = 0;
  const start = performance.now();
  for (let i = 0; i < options.pushes; i++) {
    at += (-Math.log(1 - Math.random()) / rate) * 1000;
    const wait = start + at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const device = devices[i % devicesCount]!;
    inFlight.push(
      pushOnce(pickUrl(urls, 0, i), device, batches[i]!, options.endpoint).then(
        (timing) => {
          latencies.push(timing.ms);
          busyAnswers += timing.busy;
        },
        (error: unknown) => {
          if (!(error instanceof PushNetworkError)) throw error;
          networkErrors[error.code] = (networkErrors[error.code] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return {
    devices: devicesCount,
    offeredPushesPerSecond: rate,
    offeredShareOfCapacity: share,
    latencyMs: summarize(latencies),
    networkErrors,
    busyAnswers,
  };
}

/** Pushes per device at each level, scaled down for small N (at least 2, so p99 has samples). */
export function pushesPerDevice(devices: number, n: number): number {
  const scale = Math.min(1, n / 10_000);
  const full = devices === 1 ? 100 : devices === 10 ? 10 : 4;
  return Math.max(2, Math.round(full * scale));
}

/** A push that got no HTTP answer (connection reset, refused…); `code` says which. */
export class PushNetworkError extends Error {
  constructor(readonly code: string) {
    super(`push failed without an answer: ${code}`);
    this.name = 'PushNetworkError';
  }
}

/** Answers a phone retries after Retry-After (the server's own back-pressure), at most this often. */
const MAX_BUSY_RETRIES = 30;

export interface PushTiming {
  /** From the first attempt until the records were stored, waits for Retry-After included. */
  ms: number;
  /** 429/503 answers met on the way (each followed by the wait it asked for). */
  busy: number;
}

/**
 * One push as a phone makes it: on 429/503 it waits Retry-After and sends again. Throws unless
 * every record was stored in the end.
 */
export async function pushOnce(
  url: string,
  device: EnrolledDevice,
  records: readonly unknown[],
  endpoint = PUSH_V1,
): Promise<PushTiming> {
  const body = JSON.stringify({ records });
  const start = performance.now();
  for (let busy = 0; ; busy++) {
    let response: Response;
    try {
      response = await fetch(`${url}${endpoint}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${device.token}` },
        body,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new PushNetworkError(cause?.code ?? cause?.message ?? String(error));
    }
    const text = await response.text();
    if ((response.status === 429 || response.status === 503) && busy < MAX_BUSY_RETRIES) {
      const seconds = Number(response.headers.get('Retry-After') ?? '1');
      await new Promise((resolve) =>
        setTimeout(resolve, (Number.isFinite(seconds) ? seconds : 1) * 1000),
      );
      continue;
    }
    const ms = performance.now() - start;
    if (response.status !== 200) {
      throw new Error(`push answered ${response.status}: ${text.slice(0, 200)}`);
    }
    const parsed = JSON.parse(text) as { results: { status: string }[] };
    if (
      parsed.results.length !== records.length ||
      parsed.results.some((r) => r.status !== 'stored')
    ) {
      throw new Error('push did not store every record');
    }
    return { ms, busy };
  }
}

export interface PushOptions extends PushTarget {
  levels?: readonly number[];
  /** Overrides pushesPerDevice() (the smoke test uses 2). */
  pushesPerDevice?: number;
  recordsPerPush?: number;
}

/** Runs the concurrency levels against `server` (a child process, so RSS is its own). */
export async function benchPush(
  server: ServerChild,
  n: number,
  options: PushOptions = {},
): Promise<PushResult> {
  const recordsPerPush = options.recordsPerPush ?? PUSH_RECORDS;
  const urls = options.urls ?? [server.url];
  const makeBatch = options.makeBatch ?? makeEnvelopes;
  let rssPeakSampledMb = 0;
  const rssIdleMb = server.memory().rssMb;
  const sampler = setInterval(() => {
    try {
      rssPeakSampledMb = Math.max(rssPeakSampledMb, server.memory().rssMb);
    } catch {
      // The process may be gone at the very end; the last samples stand.
    }
  }, 50);
  const levels: ConcurrencyLevelResult[] = [];
  try {
    for (const devicesCount of options.levels ?? CONCURRENCY_LEVELS) {
      const devices = await server.enrollDevices(devicesCount, `push-${devicesCount}`);
      const perDevice = options.pushesPerDevice ?? pushesPerDevice(devicesCount, n);
      // Bodies are made before the clock starts: the client's JSON work is not the server's latency.
      const batches = devices.map(() =>
        Array.from({ length: perDevice }, () => makeBatch(recordsPerPush)),
      );
      const latencies: number[] = [];
      const networkErrors: Record<string, number> = {};
      let stored = 0;
      let busyAnswers = 0;
      const start = performance.now();
      await Promise.all(
        devices.map(async (device, d) => {
          for (const [i, batch] of batches[d]!.entries()) {
            try {
              const timing = await pushOnce(pickUrl(urls, d, i), device, batch, options.endpoint);
              latencies.push(timing.ms);
              busyAnswers += timing.busy;
              stored += batch.length;
            } catch (error) {
              // Counted, not fatal: a phone would retry; the report shows how many.
              if (!(error instanceof PushNetworkError)) throw error;
              networkErrors[error.code] = (networkErrors[error.code] ?? 0) + 1;
            }
          }
        }),
      );
      const seconds = (performance.now() - start) / 1000;
      levels.push({
        devices: devicesCount,
        pushesPerDevice: perDevice,
        latencyMs: summarize(latencies),
        networkErrors,
        busyAnswers,
        recordsPerSecond: stored / seconds,
      });
    }
  } finally {
    clearInterval(sampler);
  }
  const memory = server.memory();
  return {
    recordsPerPush,
    levels,
    rssPeakSampledMb: Math.max(rssPeakSampledMb, memory.rssMb),
    rssHwmMb: memory.peakRssMb,
    rssIdleMb,
  };
}
