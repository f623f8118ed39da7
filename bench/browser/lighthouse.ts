// Lighthouse 12 (Node API) on the first load: its default mobile settings (simulated slow 4G,
// 4x CPU slowdown, Moto G Power viewport) against a Chromium started by chrome-launcher with the
// bench flags. Each run gets a fresh browser; the report gives the median of each figure.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { median } from '../lib/stats';
import { BENCH_CHROMIUM_ARGS, chromiumPath } from './launch';

export interface LighthouseRun {
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  tbtMs: number;
  fcpMs: number;
  /** Audits below full score in accessibility / best practices (ids), to explain a miss. */
  failing: string[];
}

export interface LighthouseResult {
  runs: LighthouseRun[];
  median: Omit<LighthouseRun, 'failing'>;
  failing: string[];
  settings: string;
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

/** A short description of what an audit found (e.g. the kind of DevTools issue). */
function auditDetail(details: unknown): string {
  const items = (details as { items?: unknown[] } | undefined)?.items ?? [];
  const names = items
    .map((item) => {
      const row = item as { issueType?: unknown; description?: unknown };
      return typeof row.issueType === 'string'
        ? row.issueType
        : typeof row.description === 'string'
          ? row.description
          : '';
    })
    .filter(Boolean);
  return names.length ? ` (${[...new Set(names)].join('; ').slice(0, 200)})` : '';
}

async function runOnce(url: string): Promise<{ run: LighthouseRun; settings: string }> {
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath(),
    chromeFlags: [...BENCH_CHROMIUM_ARGS, '--headless=new'],
    logLevel: 'silent',
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
    });
    if (!result) throw new Error('Lighthouse returned no result');
    const lhr = result.lhr;
    if (lhr.runtimeError)
      throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? Number.NaN) * 100);
    const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    const failing: string[] = [];
    for (const id of ['accessibility', 'best-practices']) {
      for (const ref of lhr.categories[id]?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1)
          failing.push(`${id}: ${ref.id}${auditDetail(audit.details)}`);
      }
    }
    const s = lhr.configSettings;
    const settings =
      `${s.formFactor}, ${s.throttlingMethod} throttling (RTT ${s.throttling.rttMs} ms, ` +
      `${Math.round((s.throttling.throughputKbps ?? 0) / 100) / 10} Mbit/s, CPU ×${s.throttling.cpuSlowdownMultiplier}), ` +
      `Lighthouse ${lhr.lighthouseVersion}`;
    return {
      run: {
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        lcpMs: numeric('largest-contentful-paint'),
        tbtMs: numeric('total-blocking-time'),
        fcpMs: numeric('first-contentful-paint'),
        failing,
      },
      settings,
    };
  } finally {
    chrome.kill();
  }
}

/** `runs` Lighthouse runs of `url`; medians per figure. */
export async function benchLighthouse(url: string, runs: number): Promise<LighthouseResult> {
  const results: LighthouseRun[] = [];
  let settings = '';
  for (let i = 0; i < runs; i++) {
    const { run, settings: used } = await runOnce(url);
    results.push(run);
    settings = used;
  }
  const pick = (key: keyof Omit<LighthouseRun, 'failing'>) => median(results.map((r) => r[key]));
  return {
    runs: results,
    median: {
      performance: pick('performance'),
      accessibility: pick('accessibility'),
      bestPractices: pick('bestPractices'),
      lcpMs: pick('lcpMs'),
      tbtMs: pick('tbtMs'),
      fcpMs: pick('fcpMs'),
    },
    failing: [...new Set(results.flatMap((r) => r.failing))],
    settings,
  };
}
