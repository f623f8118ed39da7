// The "Contract v2 on the phone" section of BENCHMARKS.md (issue 9 "Measure"), between its own
// markers so that `BENCH_ONLY=sync npm run bench` replaces only this section.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PhoneSyncResult } from './browser/phoneSync';
import type { PouchResult } from './browser/pouch';
import { TARGETS } from './config';
import type { MachineInfo } from './lib/machine';
import { REPO_ROOT } from './lib/serverProcess';

export const SYNC_START = '<!-- bench:sync-v2:start -->';
export const SYNC_END = '<!-- bench:sync-v2:end -->';

export interface SyncSectionInput {
  machine: MachineInfo;
  n: number;
  phone?: PhoneSyncResult;
  pouch?: PouchResult;
  /** Load average (1, 5, 15 min) before and after each part. */
  load: Record<string, { start: number[]; end: number[] }>;
  errors: { section: string; message: string }[];
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 0)} ms` : 'n/a');
const num = (v: number) =>
  Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : 'n/a';
const l = (v: number[] | undefined) => (v ? v.map((x) => x.toFixed(2)).join(' ') : '?');
const loadOf = (input: SyncSectionInput, part: string) => {
  const at = input.load[part];
  return at ? `${l(at.start)} → ${l(at.end)}` : '?';
};

/** The hand-written reading of the figures (bench/diagnosis-sync.md), kept beside the code. */
function diagnosis(): string {
  const file = path.join(REPO_ROOT, 'bench/diagnosis-sync.md');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
}

export function renderSyncSection(input: SyncSectionInput): string {
  const { machine, phone, pouch } = input;
  const target = TARGETS.syncRecordsPerSecond;
  const out = [
    SYNC_START,
    '## Contract v2 on the phone: sealing, sync, feed, and PouchDB beside it (issue 9)',
    '',
    `Measured ${machine.date} at commit \`${machine.commit}\`${machine.dirty ? ' (with uncommitted changes)' : ''} on ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB, ${machine.os}, Node ${machine.node}, ${machine.chromium} (headless). N = ${num(input.n)}. Reproduce with \`BENCH_ONLY=sync npm run bench\` (\`BENCH_N\` records; \`BENCH_SKIP_BUILD=1\` to measure the dist/ already built).`,
    '',
    'Each part runs in a fresh persistent Chromium profile (IndexedDB on disk, as on a phone) against a fresh server child (`src/server/main.ts` bundled by esbuild, SQLite, serving the bench page) on 127.0.0.1. The machine is shared (2 cores, other agents building and testing): read every figure against the load average (1, 5, 15 min) beside it.',
    '',
    '| Measure | Result | Target | Load average (start → end) | |',
    '|---|---|---|---|---|',
  ];
  if (phone) {
    const s = phone.sync;
    out.push(
      `| Sync of ${num(s.records)} queued records end to end (Chromium: src/data + src/sync startSync → sealed v2 push → real server), from start until the outbox is empty | **${num(s.recordsPerSecond)} records/s** (${s.seconds.toFixed(1)} s) | ≥ ${num(target)} records/s | ${loadOf(input, 'phone')} | ${s.recordsPerSecond >= target ? '✅ met' : '❌ missed'} |`,
      `| Seal one record in Chromium: \`sealRecordPayload\` (HPKE P-256 to one district key), p50 / p95 of ${num(phone.seal.seal.count)} | ${ms(phone.seal.seal.p50)} / ${ms(phone.seal.seal.p95)} | — | ${loadOf(input, 'phone')} | ℹ️ |`,
      `| peekSealed's whole step per record (schema check + meta + seal + JSON), p50 / p95 | ${ms(phone.seal.sealStep.p50)} / ${ms(phone.seal.sealStep.p95)} | — | ${loadOf(input, 'phone')} | ℹ️ |`,
      `| Apply ${num(phone.feed.items)} feed items (reviews with a note sealed to the device key) through \`applyFeedPage\`, ${phone.feed.pageSize} per page (one transaction each, as the engine reads them) | **${num(phone.feed.itemsPerSecond)} items/s** (${phone.feed.seconds.toFixed(1)} s; per page p50 ${ms(phone.feed.page.p50)}, p95 ${ms(phone.feed.page.p95)}) | — | ${loadOf(input, 'phone')} | ℹ️ |`,
    );
  }
  if (pouch) {
    out.push(
      `| The same ${num(pouch.records)} records written to PouchDB ${pouch.pouchVersion} in Chromium (IndexedDB adapter, \`bulkDocs\` of 25 as the seed does) | ${num(pouch.writeRecordsPerSecond)} records/s (${pouch.writeSeconds.toFixed(1)} s) | — | ${loadOf(input, 'pouch')} | ℹ️ |`,
      `| …then replicated to a PouchDB server (${pouch.serverDescription}, CouchDB protocol), from start until replication completes | **${num(pouch.replicateRecordsPerSecond)} records/s** (${pouch.replicateSeconds.toFixed(1)} s; ${num(pouch.serverDocCount)} docs on the server) | — | ${loadOf(input, 'pouch')} | ℹ️ |`,
    );
    if (phone) {
      const r = phone.sync.recordsPerSecond / pouch.replicateRecordsPerSecond;
      out.push(
        `| Jejaring sync ÷ PouchDB replication (records/s) | **${r.toFixed(2)}×** | > 1× (Jejaring faster) | — | ${r > 1 ? '✅ met' : '❌ missed'} |`,
      );
    }
  }
  out.push('');
  if (phone) {
    out.push(
      `Seeding the ${num(input.n)} records through saveRecord (before the sync, not timed in it): ${(phone.seedMs / 1000).toFixed(1)} s. Enrollment (v2: enrollment code, device key made in the page, district key in the answer) happens before the timer starts.`,
      '',
    );
  }
  for (const e of input.errors) out.push(`- **${e.section} failed:** ${e.message}`);
  if (input.errors.length > 0) out.push('');
  const text = diagnosis();
  if (text) out.push(text, '');
  out.push(SYNC_END);
  return out.join('\n');
}

/** Puts the section into an existing BENCHMARKS.md: replaces the marked one, else appends. */
export function spliceSyncSection(markdown: string, section: string): string {
  const start = markdown.indexOf(SYNC_START);
  const end = markdown.indexOf(SYNC_END);
  if (start !== -1 && end > start)
    return markdown.slice(0, start) + section + markdown.slice(end + SYNC_END.length);
  return `${markdown.trimEnd()}\n\n${section}\n`;
}
