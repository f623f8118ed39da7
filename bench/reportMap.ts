// The "Vulnerability map" section of BENCHMARKS.md (issue 13), between its own markers so that
// `BENCH_ONLY=map npm run bench` replaces only this section and the full run keeps it.
import type { MachineInfo } from './lib/machine';
import { MAP_TARGETS, type MapBenchResult } from './node/map';

export const MAP_START = '<!-- bench:map:start -->';
export const MAP_END = '<!-- bench:map:end -->';

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');

const TARGET_OF: Record<string, number> = {
  'kabupaten table, 1 month': MAP_TARGETS.tableMs,
  'kabupaten table, 12 months': MAP_TARGETS.tableMs,
  'drill-down to kecamatan, 12 months': MAP_TARGETS.drillMs,
  'drill-down to desa, 12 months': MAP_TARGETS.drillMs,
  'sparklines of the kabupaten rows, 12 months': MAP_TARGETS.tableMs,
  'monthly report of a kabupaten': MAP_TARGETS.reportMs,
};

export function renderMapSection(
  result: MapBenchResult,
  machine: MachineInfo,
  load: { start: number[]; end: number[] },
): string {
  const l = (v: number[]) => v.map((x) => x.toFixed(2)).join(' ');
  const engines = result.engines;
  const out = [
    MAP_START,
    '## Vulnerability map (issue 13)',
    '',
    `Measured ${machine.date} at commit \`${machine.commit}\`${machine.dirty ? ' (with uncommitted changes)' : ''} on ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB, ${machine.os}, Node ${machine.node}. Load average at start / end: ${l(load.start)} / ${l(load.end)}. Reproduce with \`BENCH_ONLY=map npm run bench\` (\`BENCH_MAP_N\` records, default 1,000,000).`,
    '',
    `${engines[0]?.records.toLocaleString('en-US') ?? 0} generated records (seeded; 30 % residents migrating, 5 % outsider observations, 25 % household visits, 8 % awareness sessions, 15 % screenings, 7 % psychosocial support, 10 % referrals) over the 24 months ${result.months.from} … ${result.months.to}, on the ${result.villages.toLocaleString('en-US')} desa of ${result.provinceName} (${result.province}, ${result.regencies} kabupaten/kota; idn-area-data), some desa recording far more than others. Stored as \`sealed_current\` rows, the map's sums rebuilt from their meta (\`rebuildMap\`), then each query run 2 times to warm up and timed ${engines[0]?.queries['kabupaten table, 1 month']?.count ?? 0} times, as a viewer (small counts withheld), in-process through the same functions the routes call (HTTP and JSON add about a millisecond). The drill-downs open the busiest kabupaten and its busiest kecamatan. PostgreSQL 15 on a throwaway cluster (fsync off: it changes writes, not these reads), after \`ANALYZE\`.`,
    '',
    `| Query | Target | ${engines.map((e) => `${e.engine} p50 / p95`).join(' | ')} | |`,
    `|---|---|${engines.map(() => '---').join('|')}|---|`,
  ];
  for (const name of Object.keys(TARGET_OF)) {
    const target = TARGET_OF[name];
    const cells = engines.map((e) => {
      const s = e.queries[name];
      return s ? `${ms(s.p50)} / ${ms(s.p95)}` : 'n/a';
    });
    const ok = engines.every((e) => (e.queries[name]?.p95 ?? Infinity) <= target);
    out.push(`| ${name} | ≤ ${target} ms | ${cells.join(' | ')} | ${ok ? 'pass' : 'FAIL'} |`);
  }
  out.push(
    `| map work inside one 200-record push (new revisions) | — | ${engines.map((e) => `${ms(e.pushOverhead.p50)} / ${ms(e.pushOverhead.p95)}`).join(' | ')} | |`,
    '',
    '| Engine | storing the records | rebuilding the sums | rows in map_counts |',
    '|---|---|---|---|',
    ...engines.map(
      (e) =>
        `| ${e.engine} | ${e.loadSeconds.toFixed(0)} s | ${e.rebuildSeconds.toFixed(0)} s | ${e.countRows.toLocaleString('en-US')} |`,
    ),
    '',
    'The queries read `map_counts`, sums kept per area, month and indicator at ingest (src/server/mapping/README.md), so they cost what the number of child areas × months × indicators costs, not the number of records. The push row is what the map adds to a push (reading the previous meta, one upsert per touched sum, the `map_records` rows), measured with the `sealed_current` update it accompanies.',
    MAP_END,
  );
  return out.join('\n');
}

/** Puts the section into an existing BENCHMARKS.md: replaces the marked one, else appends. */
export function spliceMapSection(markdown: string, section: string): string {
  const start = markdown.indexOf(MAP_START);
  const end = markdown.indexOf(MAP_END);
  if (start !== -1 && end > start)
    return markdown.slice(0, start) + section + markdown.slice(end + MAP_END.length);
  return `${markdown.trimEnd()}\n\n${section}\n`;
}
