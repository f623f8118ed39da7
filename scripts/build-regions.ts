// Build step (runs before `vite build`): reads the Kemendagri region CSVs of idn-area-data and
// writes compact per-province chunks to public/regions/ so the app can search addresses offline
// and cache only the volunteer's own province. Skips the work when the outputs are newer than the
// CSVs and this script. Data: ODbL 1.0 (REGION_DATA_ATTRIBUTION), credited in README and About.
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  REGION_CHUNK_VERSION,
  REGION_DATA_ATTRIBUTION,
  titleCaseRegionName,
  type DistrictTuple,
  type ProvinceIndex,
  type RegencyTuple,
  type RegionChunk,
  type VillageTuple,
} from '../src/domain/regions';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

export const DEFAULT_DATA_DIR = join(root, 'node_modules', 'idn-area-data', 'data');
export const DEFAULT_OUT_DIR = join(root, 'public', 'regions');
const CSV_FILES = ['provinces.csv', 'regencies.csv', 'districts.csv', 'villages.csv'] as const;

export interface BuildRegionsOptions {
  dataDir?: string;
  outDir?: string;
  /** Rebuild even when the outputs look fresh. */
  force?: boolean;
}

export interface BuildRegionsResult {
  skipped: boolean;
  files: { file: string; bytes: number }[];
  totalBytes: number;
}

/** Rows of a CSV whose last column is the name (names may hold quotes, never commas). */
function* rows(text: string): Generator<[string, string, string]> {
  let start = text.indexOf('\n') + 1; // skip the header
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (line.length === 0) continue;
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    if (a === -1) continue;
    if (b === -1) yield [line.slice(0, a), '', line.slice(a + 1).trim()];
    else yield [line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1).trim()];
  }
}

function lastSegment(code: string): string {
  return code.slice(code.lastIndexOf('.') + 1);
}

async function isFresh(dataDir: string, outDir: string): Promise<boolean> {
  try {
    const index = await stat(join(outDir, 'provinces.json'));
    const inputs = await Promise.all(
      [...CSV_FILES.map((f) => join(dataDir, f)), fileURLToPath(import.meta.url)].map((f) =>
        stat(f),
      ),
    );
    if (!inputs.every((input) => input.mtimeMs < index.mtimeMs)) return false;
    const text = await readFile(join(outDir, 'provinces.json'), 'utf8');
    const parsed = JSON.parse(text) as ProvinceIndex;
    if (parsed.v !== REGION_CHUNK_VERSION) return false;
    const present = new Set(await readdir(outDir));
    return parsed.provinces.every(([code]) => present.has(`${code}.json`));
  } catch {
    return false;
  }
}

/** Read the CSVs and write provinces.json plus one <provinceCode>.json per province. */
export async function buildRegions(options: BuildRegionsOptions = {}): Promise<BuildRegionsResult> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  if (!options.force && (await isFresh(dataDir, outDir))) {
    const names = (await readdir(outDir)).filter((f) => f.endsWith('.json')).sort();
    const files = await Promise.all(
      names.map(async (file) => ({ file, bytes: (await stat(join(outDir, file))).size })),
    );
    return { skipped: true, files, totalBytes: files.reduce((sum, f) => sum + f.bytes, 0) };
  }

  const [provincesCsv, regenciesCsv, districtsCsv, villagesCsv] = await Promise.all(
    CSV_FILES.map((file) => readFile(join(dataDir, file), 'utf8')),
  );

  const chunks = new Map<string, RegionChunk>();
  for (const [code, , name] of rows(provincesCsv as string))
    chunks.set(code, {
      v: REGION_CHUNK_VERSION,
      code,
      name: titleCaseRegionName(name),
      regencies: [],
    });
  // provinces.csv has two columns; rows() puts the name last either way.

  const regencies = new Map<string, RegencyTuple>();
  for (const [code, provinceCode, name] of rows(regenciesCsv as string)) {
    const tuple: RegencyTuple = [lastSegment(code), titleCaseRegionName(name), []];
    chunks.get(provinceCode)?.regencies.push(tuple);
    regencies.set(code, tuple);
  }
  const districts = new Map<string, DistrictTuple>();
  for (const [code, regencyCode, name] of rows(districtsCsv as string)) {
    const tuple: DistrictTuple = [lastSegment(code), titleCaseRegionName(name), []];
    regencies.get(regencyCode)?.[2].push(tuple);
    districts.set(code, tuple);
  }
  for (const [code, districtCode, name] of rows(villagesCsv as string)) {
    const tuple: VillageTuple = [lastSegment(code), titleCaseRegionName(name)];
    districts.get(districtCode)?.[2].push(tuple);
  }

  await mkdir(outDir, { recursive: true });
  // Remove only chunks of an earlier build (a province code may disappear between releases).
  for (const file of await readdir(outDir))
    if (/^(\d{2}|provinces)\.json$/.test(file)) await rm(join(outDir, file));
  const files: { file: string; bytes: number }[] = [];
  const write = async (file: string, value: unknown) => {
    const text = JSON.stringify(value);
    await writeFile(join(outDir, file), text);
    files.push({ file, bytes: Buffer.byteLength(text) });
  };
  await Promise.all([...chunks.values()].map((chunk) => write(`${chunk.code}.json`, chunk)));
  // The index last: its mtime marks a complete build (see isFresh).
  const index: ProvinceIndex = {
    v: REGION_CHUNK_VERSION,
    attribution: REGION_DATA_ATTRIBUTION,
    provinces: [...chunks.values()].map((chunk) => [chunk.code, chunk.name]),
  };
  await write('provinces.json', index);
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { skipped: false, files, totalBytes: files.reduce((sum, f) => sum + f.bytes, 0) };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = performance.now();
  const result = await buildRegions({ force: process.argv.includes('--force') });
  const ms = Math.round(performance.now() - started);
  const largest = [...result.files].sort((a, b) => b.bytes - a.bytes)[0];
  console.info(
    `regions: ${result.skipped ? 'up to date, skipped' : 'written'} ${result.files.length} files, ` +
      `${kb(result.totalBytes)} total` +
      (largest ? `, largest ${largest.file} ${kb(largest.bytes)}` : '') +
      ` (${ms} ms) → ${DEFAULT_OUT_DIR}`,
  );
  if (!result.skipped)
    for (const { file, bytes } of result.files) console.info(`  ${file.padEnd(16)} ${kb(bytes)}`);
}
