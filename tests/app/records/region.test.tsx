// The region picker: searches the volunteer's province chunk and stores Kemendagri codes with the
// names; without the chunk and without signal it says so and the village name can be typed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { RegionChunk } from '../../../src/domain/regions';
import { listDrafts } from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { RecordFormScreen } from '../../../src/app/records/form/RecordFormScreen';
import { searchVillages } from '../../../src/app/records/form/regionSearch';
import { choose, control, freshApp, openSection } from './helpers';

const CHUNK: RegionChunk = {
  v: 1,
  code: '33',
  name: 'JAWA TENGAH',
  regencies: [
    [
      '01',
      'KABUPATEN CILACAP',
      [
        [
          '01',
          'Dayeuhluhur',
          [
            ['2001', 'Hanum'],
            ['2002', 'Matenggeng'],
          ],
        ],
        [
          '02',
          'Kedungreja',
          [
            ['2001', 'Tambakreja'],
            ['2002', 'Tambaksari'],
          ],
        ],
      ],
    ],
  ],
};

async function openAddress(): Promise<void> {
  render(<RecordFormScreen kind="migrant" />);
  await screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') });
  choose('recordType', 'resident');
  openSection('migrant', 'identity');
}

async function draftAddress(): Promise<unknown> {
  const [draft] = await listDrafts('migrant');
  return draft?.payload.address;
}

describe('region picker', { timeout: 20_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('searches villages only, with their district and regency', () => {
    expect(searchVillages(CHUNK, 'tambak', 10).map((c) => c.villageName)).toEqual([
      'Tambakreja',
      'Tambaksari',
    ]);
    expect(searchVillages(CHUNK, 'kedungreja', 10).map((c) => c.villageName)).toEqual([]);
    expect(searchVillages(CHUNK, 't', 10)).toEqual([]);
    expect(searchVillages(CHUNK, 'hanum', 10)[0]).toEqual({
      provinceCode: '33',
      regencyCode: '33.01',
      regencyName: 'Kabupaten Cilacap',
      districtCode: '33.01.01',
      districtName: 'Dayeuhluhur',
      villageCode: '33.01.01.2001',
      villageName: 'Hanum',
    });
  });

  it('without the cached chunk and without signal, says so and takes a typed village', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await openAddress();
    expect(await screen.findByText(t('forms:region.notCached'))).toBeTruthy();
    fireEvent.input(control('address.villageName'), { target: { value: 'Desa Sukamaju' } });
    await waitFor(async () =>
      expect(await draftAddress()).toEqual({ provinceCode: '33', villageName: 'Desa Sukamaju' }),
    );
  });

  it('picks a village from the province chunk and stores its codes and names', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      fetched.push(String(url));
      return Promise.resolve(new Response(JSON.stringify(CHUNK)));
    });
    await openAddress();
    const search = await screen.findByLabelText(t('forms:region.search'));
    fireEvent.input(search, { target: { value: 'tambakr' } });
    const name = 'Tambakreja, Kedungreja, Kabupaten Cilacap';
    fireEvent.click(await screen.findByRole('button', { name: t('forms:region.pick', { name }) }));
    expect(screen.getByText(name)).toBeTruthy();
    fireEvent.input(control('address.detail'), { target: { value: 'RT 01 / RW 02' } });
    await waitFor(async () =>
      expect(await draftAddress()).toEqual({
        provinceCode: '33',
        regencyCode: '33.01',
        regencyName: 'Kabupaten Cilacap',
        districtCode: '33.01.02',
        districtName: 'Kedungreja',
        villageCode: '33.01.02.2001',
        villageName: 'Tambakreja',
        detail: 'RT 01 / RW 02',
      }),
    );
    expect(fetched.some((url) => url.endsWith('regions/33.json'))).toBe(true);

    // Typing another name by hand drops the codes that belonged to the picked village.
    fireEvent.click(screen.getByRole('button', { name: t('forms:region.change') }));
    fireEvent.input(control('address.villageName'), { target: { value: 'Desa Lain' } });
    await waitFor(async () =>
      expect(await draftAddress()).toEqual({
        provinceCode: '33',
        villageName: 'Desa Lain',
        detail: 'RT 01 / RW 02',
      }),
    );
  });
});
