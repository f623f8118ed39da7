// Every text the records screens show comes from the locale files, in both languages: the forms
// namespace has the same keys in id and en, every forms: key the code uses exists, and every
// records: key the generic renderer derives from the declarations exists.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECORD_KIND_DECLARATIONS } from '../../../src/domain/index';
import type { FieldMeta } from '../../../src/domain/recordKind';
import { NATIONAL_CONTACTS } from '../../../src/domain/contacts';
import { ILO_INDICATORS, MODUS } from '../../../src/domain/reference';
import {
  assessRisk,
  MEANS_INDICATORS,
  PROCESS_INDICATORS,
  PURPOSE_INDICATORS,
} from '../../../src/domain/triage';
import { LOCAL_CONTACT_FIELDS } from '../../../src/app/records/contacts/ContactsScreen';

type Tree = { [key: string]: string | Tree };

const root = join(__dirname, '../../..');
const load = (lng: string, ns: string): Tree =>
  JSON.parse(readFileSync(join(root, 'locales', lng, `${ns}.json`), 'utf8')) as Tree;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** A key as i18next resolves it, plural forms included. */
function has(keys: Map<string, string>, key: string): boolean {
  return keys.has(key) || keys.has(`${key}_other`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const LANGUAGES = ['id', 'en'];

describe('forms namespace', () => {
  const id = flatten(load('id', 'forms'));
  const en = flatten(load('en', 'forms'));

  it('has the same keys in Bahasa Indonesia and English, none empty', () => {
    expect([...en.keys()].sort()).toEqual([...id.keys()].sort());
    for (const value of [...id.values(), ...en.values()]) expect(value.trim()).not.toBe('');
  });

  it('holds every forms: key the records module uses', () => {
    const code = sourceFiles(join(root, 'src/app/records'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const literal = [...code.matchAll(/['`]forms:([A-Za-z0-9_.]+)['`]/g)].map((m) => m[1]!);
    const prefixes = [...code.matchAll(/`forms:([A-Za-z0-9_.]+)\.\$\{/g)].map((m) => m[1]!);
    expect(literal.length).toBeGreaterThan(50);
    for (const keys of [id, en]) {
      for (const key of literal) expect(has(keys, key), key).toBe(true);
      for (const prefix of prefixes) {
        expect(
          [...keys.keys()].some((key) => key.startsWith(`${prefix}.`)),
          prefix,
        ).toBe(true);
      }
    }
  });
});

describe('records namespace, as the generic renderer asks for it', () => {
  function keysOf(kind: string, fields: readonly FieldMeta[]): string[] {
    return fields.flatMap((field) => [
      field.labelKey,
      ...(field.helpKey ? [field.helpKey] : []),
      ...(field.optionsKey ? (field.options ?? []).map((o) => `${field.optionsKey}.${o}`) : []),
      ...(field.itemStatesKey
        ? (field.itemStates ?? []).map((s) => `${field.itemStatesKey}.${s}`)
        : []),
      ...keysOf(kind, field.fields ?? []),
    ]);
  }

  it.each(LANGUAGES)('has every label, help, option and section key (%s)', (lng) => {
    const records = flatten(load(lng, 'records'));
    const missing: string[] = [];
    for (const declaration of Object.values(RECORD_KIND_DECLARATIONS)) {
      const keys = [
        ...declaration.sections.map((section) => `${declaration.kind}.sections.${section}`),
        ...keysOf(declaration.kind, declaration.fields),
      ];
      for (const key of keys) if (!has(records, key)) missing.push(key);
    }
    for (const key of keysOf('contacts', LOCAL_CONTACT_FIELDS))
      if (!has(records, key)) missing.push(key);
    for (const contact of NATIONAL_CONTACTS) {
      for (const key of [
        contact.nameKey,
        contact.descriptionKey,
        ...contact.phones.flatMap((p) => (p.noteKey ? [p.noteKey] : [])),
      ])
        if (!has(records, key)) missing.push(key);
    }
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGES)('has every reason the triage panel can show (%s)', (lng) => {
    const records = flatten(load(lng, 'records'));
    const everything = assessRisk({
      immediateDanger: true,
      subjectAgeGroup: 'child',
      processIndicators: [...PROCESS_INDICATORS],
      meansIndicators: [...MEANS_INDICATORS],
      purposeIndicators: [...PURPOSE_INDICATORS],
      iloIndicators: [...ILO_INDICATORS],
      modus: [...MODUS],
    });
    expect(everything.level).toBe('tinggi');
    expect(everything.reasons.filter((key) => !has(records, key))).toEqual([]);
  });
});
