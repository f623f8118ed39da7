// Benchmark settings from the environment and the targets every figure is judged against.

export interface BenchConfig {
  /** Records per data-heavy benchmark (BENCH_N, default 10,000; BENCH_QUICK=1 makes it 200). */
  n: number;
  quick: boolean;
  /** Lighthouse runs (the median is reported): 3, or 1 in quick mode. */
  lighthouseRuns: number;
  /** Timed saves per save benchmark. */
  saveSamples: number;
  /** Offline cold starts (the median is reported). */
  coldStarts: number;
  /** Openings of the record list (the first is cold, the rest warm). */
  listOpenings: number;
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    throw new Error(`${name} must be an integer from 1 to 1000000, got "${value}"`);
  }
  return n;
}

/** Reads BENCH_N and BENCH_QUICK. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const n = positiveInt(env.BENCH_N, 'BENCH_N') ?? (quick ? 200 : 10_000);
  return {
    n,
    quick,
    lighthouseRuns: quick ? 1 : 3,
    saveSamples: quick ? 50 : 200,
    coldStarts: quick ? 1 : 3,
    listOpenings: quick ? 2 : 5,
  };
}

/** The targets (issue 5), as numbers the report compares with. */
export const TARGETS = {
  firstLoadKb: 100,
  firstLoadAimKb: 80,
  lighthousePerformance: 95,
  lighthouseAccessibility: 100,
  lighthouseBestPractices: 95,
  saveP95Ms: 20,
  saveRatioToRaw: 3,
  listFirstPaintMs: 200,
  syncRecordsPerSecond: 2_000,
  ingestRatioToRaw: 2,
  pushP99At50Ms: 100,
  serverRssMb: 150,
} as const;
