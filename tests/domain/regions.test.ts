import { mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegions } from '../../scripts/build-regions';
import {
  REGION_DATA_ATTRIBUTION,
  normaliseRegionName,
  regionPath,
  regionRefFromMatch,
  searchRegions,
  titleCaseRegionName,
  type ProvinceIndex,
  type RegionChunk,
} from '../../src/domain/regions';
import { regionRefSchema } from '../../src/domain/common';

const chunk: RegionChunk = {
  v: 1,
  code: '33',
  name: 'Jawa Tengah',
  regencies: [
    [
      '01',
      'Kabupaten Cilacap',
      [
        [
          '01',
          'Kedungreja',
          [
            ['2001', 'Tambakreja'],
            ['2002', 'Bumireja'],
            ['2004', 'Kedungreja'],
          ],
        ],
        [
          '02',
          'Kesugihan',
          [
            ['2001', 'Kesugihan Kidul'],
            ['2002', 'Tambaksari'],
          ],
        ],
      ],
    ],
    [
      '71',
      'Kota Magelang',
      [
        [
          '01',
          'Magelang Selatan',
          [
            ['1001', 'Jurangombo Utara'],
            ['1002', 'Ngrayun'],
          ],
        ],
      ],
    ],
    [
      '72',
      'Kota Surakarta',
      [
        [
          '01',
          'Laweyan',
          [
            ['1001', 'Pajang'],
            ['1002', "Soka'an"],
          ],
        ],
      ],
    ],
  ],
};

describe('searchRegions', () => {
  it('finds a village with its full path and codes', () => {
    expect(searchRegions(chunk, 'bumireja', 5)).toEqual([
      {
        level: 'village',
        code: '33.01.01.2002',
        name: 'Bumireja',
        province: { code: '33', name: 'Jawa Tengah' },
        regency: { code: '33.01', name: 'Kabupaten Cilacap' },
        district: { code: '33.01.01', name: 'Kedungreja' },
        village: { code: '33.01.01.2002', name: 'Bumireja' },
      },
    ]);
  });

  it('is case, diacritic and punctuation insensitive', () => {
    expect(searchRegions(chunk, 'SOKAAN').map((m) => m.code)).toEqual(['33.72.01.1002']);
    expect(searchRegions(chunk, 'sókà’an').map((m) => m.code)).toEqual(['33.72.01.1002']);
    expect(searchRegions(chunk, '  pAjAnG ').map((m) => m.code)).toEqual(['33.72.01.1001']);
  });

  it('ranks exact names first, villages before districts', () => {
    const codes = searchRegions(chunk, 'kedungreja').map((m) => `${m.level}:${m.code}`);
    expect(codes).toEqual(['village:33.01.01.2004', 'district:33.01.01']);
  });

  it('narrows with words from the district or regency', () => {
    expect(searchRegions(chunk, 'tambak').map((m) => m.name)).toEqual(['Tambakreja', 'Tambaksari']);
    expect(searchRegions(chunk, 'tambak kesugihan').map((m) => m.name)).toEqual(['Tambaksari']);
    expect(searchRegions(chunk, 'magelang').map((m) => m.level)).toEqual(['district', 'regency']);
  });

  it('respects the limit and ignores empty queries', () => {
    expect(searchRegions(chunk, 'a', 2)).toHaveLength(2);
    expect(searchRegions(chunk, '   ')).toEqual([]);
    expect(searchRegions(chunk, 'zzz')).toEqual([]);
  });
});

describe('regionPath', () => {
  it('resolves codes at every level', () => {
    expect(regionPath(chunk, '33')?.level).toBe('province');
    expect(regionPath(chunk, '33.71')?.name).toBe('Kota Magelang');
    expect(regionPath(chunk, '33.01.02')?.regency?.name).toBe('Kabupaten Cilacap');
    expect(regionPath(chunk, '33.72.01.1002')?.district).toEqual({
      code: '33.72.01',
      name: 'Laweyan',
    });
  });

  it('answers undefined for codes the chunk does not hold', () => {
    for (const code of ['34', '33.99', '33.01.09', '33.01.01.9999', '33.01.01.2001.1', ''])
      expect(regionPath(chunk, code)).toBeUndefined();
  });

  it('turns a picked village into a valid record address', () => {
    const match = regionPath(chunk, '33.01.01.2001');
    expect(match).toBeDefined();
    const ref = regionRefFromMatch(match!);
    expect(ref).toEqual({
      provinceCode: '33',
      regencyCode: '33.01',
      regencyName: 'Kabupaten Cilacap',
      districtCode: '33.01.01',
      districtName: 'Kedungreja',
      villageCode: '33.01.01.2001',
      villageName: 'Tambakreja',
    });
    expect(regionRefSchema.safeParse(ref).success).toBe(true);
  });
});

describe('names', () => {
  it('title-cases upper-case source names and keeps acronyms', () => {
    expect(titleCaseRegionName('KABUPATEN CILACAP')).toBe('Kabupaten Cilacap');
    expect(titleCaseRegionName('DKI JAKARTA')).toBe('DKI Jakarta');
    expect(titleCaseRegionName('KOTA BAU-BAU')).toBe('Kota Bau-Bau');
    expect(titleCaseRegionName('Kedungreja')).toBe('Kedungreja');
    expect(normaliseRegionName('Ja"an  Soka\'an')).toBe('jaan sokaan');
  });

  it('credits the ODbL data source', () => {
    expect(REGION_DATA_ATTRIBUTION).toContain('idn-area-data');
    expect(REGION_DATA_ATTRIBUTION).toContain('ODbL');
  });
});

describe('buildRegions on the real idn-area-data CSVs', () => {
  let outDir = '';
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'jejaring-regions-'));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes a province index and per-province chunks, then skips when fresh', async () => {
    const first = await buildRegions({ outDir });
    expect(first.skipped).toBe(false);
    const index = JSON.parse(
      await readFile(join(outDir, 'provinces.json'), 'utf8'),
    ) as ProvinceIndex;
    expect(index.attribution).toBe(REGION_DATA_ATTRIBUTION);
    expect(index.provinces).toContainEqual(['33', 'Jawa Tengah']);
    expect(index.provinces.length).toBeGreaterThanOrEqual(38);
    expect(first.files.map((f) => f.file)).toContain('33.json');

    const jateng = JSON.parse(await readFile(join(outDir, '33.json'), 'utf8')) as RegionChunk;
    expect(jateng.name).toBe('Jawa Tengah');
    expect(regionPath(jateng, '33.01')?.name).toBe('Kabupaten Cilacap');
    const found = searchRegions(jateng, 'Tambakreja', 5);
    expect(found[0]).toMatchObject({
      level: 'village',
      code: '33.01.01.2001',
      district: { code: '33.01.01', name: 'Kedungreja' },
    });

    const second = await buildRegions({ outDir });
    expect(second.skipped).toBe(true);
    expect(second.files.length).toBe(first.files.length);

    // Outputs older than the CSVs (here: the index aged to 1970) trigger a rebuild.
    await utimes(join(outDir, 'provinces.json'), new Date(0), new Date(0));
    const third = await buildRegions({ outDir });
    expect(third.skipped).toBe(false);
  }, 30_000);
});
