// @vitest-environment node
// (node environment: src/crypto reads WebCrypto buffers with instanceof, which fails across jsdom realms)
// Exports built in the browser: Indonesian headers and option labels (not codes), CSV safe against
// formula injection, and an XLSX that is a valid zip of SpreadsheetML with the same cells.
import i18next from 'i18next';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import idConsole from '../../locales/id/console.json';
import idRecords from '../../locales/id/records.json';
import idUi from '../../locales/id/ui.json';
import enConsole from '../../locales/en/console.json';
import { RECORD_KIND_DECLARATIONS } from '../../src/domain';
import { toCsv } from '../../src/console/export/csv';
import { exportTable } from '../../src/console/export/table';
import { columnName, toXlsx, xmlEscape } from '../../src/console/export/xlsx';
import { openRows } from '../../src/console/records/memory';
import { districtKey, example, sealedRow } from './helpers';

beforeAll(async () => {
  await i18next.init({
    lng: 'en',
    fallbackLng: 'id',
    resources: {
      id: { console: idConsole, records: idRecords, ui: idUi },
      en: { console: enConsole },
    },
    interpolation: { escapeValue: false },
  });
});

async function screeningTable(extra: Record<string, unknown> = {}) {
  const key = await districtKey();
  const payload = { ...example('screening'), ...extra };
  const rows = [
    await sealedRow('screening', payload, key, { deviceLabel: 'HP kader Mawar' }),
    await sealedRow('migrant', example('migrant'), key),
  ];
  return { payload, table: exportTable('screening', await openRows(rows, [key.open])) };
}

describe('exportTable', () => {
  it('has Indonesian headers and labels even while the console speaks English, one row per record of the kind', async () => {
    const { payload, table } = await screeningTable();
    const declaration = RECORD_KIND_DECLARATIONS.screening;
    expect(table.headers.slice(0, 5)).toEqual([
      'ID catatan',
      'Perangkat',
      'Disimpan di HP',
      'Diterima server',
      'Status tinjauan',
    ]);
    const first = declaration.fields[0]!;
    expect(table.headers[5]).toBe(i18next.getFixedT('id')(`records:${first.labelKey}`));
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]![1]).toBe('HP kader Mawar');
    expect(table.rows[0]![4]).toBe('Belum ditinjau');
    // A select field shows its Indonesian label, never the code.
    const select = declaration.fields.find(
      (f) => f.input === 'select' && payload[f.name] !== undefined,
    );
    if (select) {
      const cell = table.rows[0]![5 + declaration.fields.indexOf(select)];
      expect(cell).toBe(
        i18next.getFixedT('id')(`records:${select.optionsKey}.${String(payload[select.name])}`),
      );
      expect(cell).not.toBe(payload[select.name]);
    }
  });
});

describe('toCsv', () => {
  it('starts with a BOM, quotes what needs quoting and neutralises formulas', () => {
    const csv = toCsv({
      headers: ['Nama', 'Catatan'],
      rows: [
        ['=HYPERLINK("x")', 'a, "b"\nc'],
        [3, '+62'],
      ],
    });
    expect(csv.startsWith('\uFEFFNama,Catatan\r\n')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('"a, ""b""\nc"');
    expect(csv).toContain("3,'+62");
  });
});

describe('toXlsx', () => {
  it('is a zip of SpreadsheetML holding every header and cell, numbers as numbers', async () => {
    const { table } = await screeningTable();
    const bytes = toXlsx(table, 'Skrining awal');
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    for (const header of table.headers) expect(sheet).toContain(xmlEscape(header));
    expect(sheet).toContain(xmlEscape(String(table.rows[0]![0])));
    expect(strFromU8(files['xl/workbook.xml']!)).toContain('name="Skrining awal"');
    const numeric = toXlsx({ headers: ['n'], rows: [[42]] }, 'x');
    expect(strFromU8(unzipSync(numeric)['xl/worksheets/sheet1.xml']!)).toContain(
      '<c r="A2"><v>42</v></c>',
    );
  });

  it('escapes markup and drops characters XML forbids', () => {
    expect(xmlEscape('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
    expect(xmlEscape('x\u0000y')).not.toContain('\u0000');
    expect([0, 25, 26, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});
