// Every user-facing string exists in both languages, and none is hard-coded in a component.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const LOCALES = join(ROOT, 'locales');
const LANGUAGES = ['id', 'en'] as const;
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

/** key path → value for every leaf. */
export function flatten(
  value: Json,
  prefix = '',
  out = new Map<string, Json>(),
): Map<string, Json> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, prefix ? `${prefix}.${key}` : key, out);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

/**
 * Base keys of i18next plural sets. Every language has the `other` category, so a set always has
 * a `<base>_other` key; a key like `errors.too_many` without `errors.too_other` is an ordinary key.
 */
export function pluralBases(...keySets: Iterable<string>[]): Set<string> {
  const bases = new Set<string>();
  for (const keys of keySets) {
    for (const key of keys) if (key.endsWith('_other')) bases.add(key.slice(0, -'_other'.length));
  }
  return bases;
}

/** Keys with their plural suffix folded into the base key (only for real plural sets). */
export function baseKeys(keys: Iterable<string>, plurals: Set<string>): Set<string> {
  return new Set(
    [...keys].map((key) => {
      const base = key.replace(PLURAL_SUFFIX, '');
      return base !== key && plurals.has(base) ? base : key;
    }),
  );
}

/** For each plural base key, the plural categories present. */
function pluralForms(keys: Iterable<string>, plurals: Set<string>): Map<string, Set<string>> {
  const forms = new Map<string, Set<string>>([...plurals].map((base) => [base, new Set()]));
  for (const key of keys) {
    const match = PLURAL_SUFFIX.exec(key);
    if (!match) continue;
    forms.get(key.slice(0, match.index))?.add(match[1]!);
  }
  return forms;
}

function namespaceFiles(lng: string): string[] {
  return readdirSync(join(LOCALES, lng))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

describe('locale files', () => {
  it('both languages have the same namespace files', () => {
    expect(namespaceFiles('en')).toEqual(namespaceFiles('id'));
    expect(namespaceFiles('id').length).toBeGreaterThan(0);
  });

  for (const file of namespaceFiles('id')) {
    describe(file, () => {
      const flat = Object.fromEntries(
        LANGUAGES.map((lng) => [lng, flatten(readJson(join(LOCALES, lng, file)))]),
      ) as Record<(typeof LANGUAGES)[number], Map<string, Json>>;

      const plurals = pluralBases(flat.id.keys(), flat.en.keys());

      it('has the same keys in Bahasa Indonesia and English (plural forms folded)', () => {
        const id = baseKeys(flat.id.keys(), plurals);
        const en = baseKeys(flat.en.keys(), plurals);
        expect(
          [...id].filter((k) => !en.has(k)),
          'only in id',
        ).toEqual([]);
        expect(
          [...en].filter((k) => !id.has(k)),
          'only in en',
        ).toEqual([]);
      });

      it('has every plural form each language needs', () => {
        for (const lng of LANGUAGES) {
          const needed = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
          for (const [base, present] of pluralForms(flat[lng].keys(), plurals)) {
            const missing = needed.filter((category) => !present.has(category));
            expect(missing, `${lng}/${file}: ${base}`).toEqual([]);
          }
        }
      });

      it('has no empty or non-string values', () => {
        for (const lng of LANGUAGES) {
          for (const [key, value] of flat[lng]) {
            expect(typeof value === 'string' && value.trim() !== '', `${lng}/${file}: ${key}`).toBe(
              true,
            );
          }
        }
      });
    });
  }

  it('the checks catch a key that exists in one language only', () => {
    const idKeys = [...flatten({ a: { b: 'x', c_other: 'y', too_many: 'z' } }).keys()];
    const enKeys = [
      ...flatten({ a: { b: 'x', c_one: 'y', c_other: 'z', d: 'w', too_many: 'z' } }).keys(),
    ];
    const plurals = pluralBases(idKeys, enKeys);
    expect([...plurals]).toEqual(['a.c']);
    const id = baseKeys(idKeys, plurals);
    const en = baseKeys(enKeys, plurals);
    expect([...en].filter((k) => !id.has(k))).toEqual(['a.d']);
    expect([...id].filter((k) => !en.has(k))).toEqual([]);
    expect(id.has('a.too_many')).toBe(true);
  });
});

// --- Hard-coded text in components ---------------------------------------------------------

/** Attributes whose value is read to people (labels, hints, alternatives). */
const SPOKEN_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'placeholder',
  'title',
  'alt',
  'label',
]);
const LETTER = /\p{L}/u;

export interface HardCodedText {
  file: string;
  line: number;
  text: string;
}

/** JSX text, string children and spoken attributes with letters in one TSX source. */
export function findHardCodedText(file: string, source: string): HardCodedText[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: HardCodedText[] = [];
  const report = (node: ts.Node, text: string) =>
    found.push({
      file,
      line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
      text: text.trim(),
    });
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) report(node, node.text);
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) &&
      (ts.isStringLiteral(node.expression) ||
        ts.isNoSubstitutionTemplateLiteral(node.expression)) &&
      LETTER.test(node.expression.text)
    ) {
      report(node, node.expression.text);
    }
    if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText(sf))) {
      const init = node.initializer;
      const literal =
        init && ts.isStringLiteral(init)
          ? init
          : init &&
              ts.isJsxExpression(init) &&
              init.expression &&
              ts.isStringLiteral(init.expression)
            ? init.expression
            : undefined;
      if (literal && LETTER.test(literal.text)) report(node, literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsxFiles(path);
    return name.endsWith('.tsx') ? [path] : [];
  });
}

describe('components', () => {
  it('hold no hard-coded user-facing text (everything goes through t())', () => {
    const found = [
      ...tsxFiles(join(ROOT, 'src', 'app')),
      ...tsxFiles(join(ROOT, 'src', 'ui')),
    ].flatMap((file) => findHardCodedText(relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the scan finds text nodes, string children and spoken attributes, and ignores the rest', () => {
    const source = `
      const a = x > 1 && y < 2;
      export const C = () => (
        <div class="card" aria-label="Menu utama" data-kind="migrant">
          Simpan
          {'Batal'}
          {t('app:ok')} · 42 — {' '}
          <img alt={'Logo'} src="/a.png" />
          <input placeholder={t('app:x')} title="" />
        </div>
      );`;
    expect(findHardCodedText('x.tsx', source).map((f) => f.text)).toEqual([
      'Menu utama',
      'Simpan',
      'Batal',
      'Logo',
    ]);
  });
});

// --- Keys used by the shell exist -------------------------------------------------------------

describe('the shell', () => {
  it('uses only app: keys that exist in both languages', () => {
    const flat = LANGUAGES.map((lng) => [
      ...flatten(readJson(join(LOCALES, lng, 'app.json'))).keys(),
    ]);
    const plurals = pluralBases(...flat);
    const keys = new Map(LANGUAGES.map((lng, i) => [lng, baseKeys(flat[i]!, plurals)] as const));
    const shellFiles = [
      ...tsxFiles(join(ROOT, 'src', 'app')),
      ...tsFiles(join(ROOT, 'src', 'app')),
    ].filter((file) => !/[/\\](records|pwa)[/\\]/.test(file));
    const missing: string[] = [];
    for (const file of shellFiles) {
      for (const [, key] of readFileSync(file, 'utf8').matchAll(
        /['"`]app:([A-Za-z0-9_.]+)['"`]/g,
      )) {
        for (const lng of LANGUAGES) {
          if (!keys.get(lng)!.has(key!))
            missing.push(`${lng}: app:${key} (${relative(ROOT, file)})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}
