import { describe, expect, it } from 'vitest';
import { builtInProvinces, parseProvinceIndex } from '../../src/app/profile/provinces';

describe('province list for the profile form', () => {
  it('reads the served index of [code, name] pairs and drops damaged entries', () => {
    expect(
      parseProvinceIndex({
        v: 1,
        attribution: 'x',
        provinces: [
          ['33', 'Jawa Tengah'],
          ['3x', 'Bad'],
          ['34'],
          null,
          { code: '11', name: 'ACEH' },
        ],
      }),
    ).toEqual([
      { code: '33', name: 'Jawa Tengah' },
      { code: '11', name: 'Aceh' },
    ]);
    expect(parseProvinceIndex('not json')).toEqual([]);
    expect(parseProvinceIndex(undefined)).toEqual([]);
  });

  it('has the built-in list from idn-area-data for a first run without signal', () => {
    const provinces = builtInProvinces();
    expect(provinces.length).toBeGreaterThanOrEqual(38);
    expect(provinces).toContainEqual({ code: '33', name: 'Jawa Tengah' });
    expect(provinces).toContainEqual({ code: '31', name: 'DKI Jakarta' });
    expect(new Set(provinces.map((p) => p.code)).size).toBe(provinces.length);
  });
});
