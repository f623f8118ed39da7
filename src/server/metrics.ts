// Prometheus text exposition (version 0.0.4) of what an operator needs to see load and trouble:
// pushes by result, push latency, bytes and records received, the admission queue, database size.
// Labels are fixed words, never ids or content, so the metrics hold no personal data.
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

/** Upper bounds (seconds) of the push latency histogram. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class ServerMetrics {
  readonly #pushes = new Map<string, number>();
  readonly #records = new Map<string, number>();
  readonly #refusals = new Map<string, number>();
  readonly #bucketCounts = LATENCY_BUCKETS.map(() => 0);
  #latencyCount = 0;
  #latencySum = 0;
  #bytes = 0;

  /** One push answered: its outcome (e.g. ok, rate_limited, error) and how long it took. */
  push(result: string, seconds: number): void {
    this.#pushes.set(result, (this.#pushes.get(result) ?? 0) + 1);
    this.#latencyCount += 1;
    this.#latencySum += seconds;
    LATENCY_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) this.#bucketCounts[i] = (this.#bucketCounts[i] ?? 0) + 1;
    });
  }

  /** A push turned away by admission control, and why. */
  refused(reason: string): void {
    this.#refusals.set(reason, (this.#refusals.get(reason) ?? 0) + 1);
  }

  bytes(count: number): void {
    this.#bytes += count;
  }

  record(status: string): void {
    this.#records.set(status, (this.#records.get(status) ?? 0) + 1);
  }

  /** The exposition text; gauges are read at scrape time. */
  render(gauges: Record<string, { help: string; value: number }>): string {
    const lines: string[] = [];
    const counter = (name: string, help: string, values: Map<string, number>, label: string) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [key, value] of [...values].sort())
        lines.push(`${name}{${label}="${key}"} ${value}`);
    };
    counter('jejaring_pushes_total', 'Push requests answered, by result.', this.#pushes, 'result');
    counter(
      'jejaring_push_records_total',
      'Records in pushes, by answer.',
      this.#records,
      'status',
    );
    counter(
      'jejaring_push_refusals_total',
      'Pushes turned away by admission control, by reason.',
      this.#refusals,
      'reason',
    );
    lines.push(
      '# HELP jejaring_push_bytes_total Body bytes of admitted pushes.',
      '# TYPE jejaring_push_bytes_total counter',
      `jejaring_push_bytes_total ${this.#bytes}`,
      '# HELP jejaring_push_duration_seconds Time from request to answer of a push.',
      '# TYPE jejaring_push_duration_seconds histogram',
    );
    LATENCY_BUCKETS.forEach((bound, i) =>
      lines.push(`jejaring_push_duration_seconds_bucket{le="${bound}"} ${this.#bucketCounts[i]}`),
    );
    lines.push(
      `jejaring_push_duration_seconds_bucket{le="+Inf"} ${this.#latencyCount}`,
      `jejaring_push_duration_seconds_sum ${this.#latencySum}`,
      `jejaring_push_duration_seconds_count ${this.#latencyCount}`,
    );
    for (const [name, gauge] of Object.entries(gauges)) {
      lines.push(`# HELP ${name} ${gauge.help}`, `# TYPE ${name} gauge`, `${name} ${gauge.value}`);
    }
    return lines.join('\n') + '\n';
  }
}

/** Outcome word of a push response for the pushes_total counter. */
export function pushResultOf(status: number, code: string | undefined): string {
  if (status === 200) return 'ok';
  if (code && /^[a-z_]{1,40}$/.test(code)) return code;
  return status >= 500 ? 'error' : `http_${status}`;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Who may read operator endpoints: with OPS_TOKEN set, whoever sends it as a bearer token; without
 * it, only a client on this host talking to the app directly (no proxy header), as a scraper does.
 */
export function operatorAllowed(
  c: Context,
  opsToken: string | undefined,
  remoteAddress: string | undefined,
  { requireToken = false }: { requireToken?: boolean } = {},
): boolean {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (opsToken) return bearer !== undefined && sameSecret(bearer, opsToken);
  if (requireToken) return false;
  return (
    remoteAddress !== undefined &&
    LOOPBACK.test(remoteAddress) &&
    c.req.header('x-forwarded-for') === undefined &&
    c.req.header('forwarded') === undefined
  );
}
