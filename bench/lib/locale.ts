// The Indonesian text of an i18n key (e.g. `app:lock.title`), read from locales/id, so the
// browser benchmarks find the app's screens by the words a volunteer sees.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './serverProcess';

export function idText(key: string): string {
  const [ns, keyPath] = key.split(':');
  if (!ns || !keyPath) throw new Error(`i18n key without namespace: ${key}`);
  let node: unknown = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'locales/id', `${ns}.json`), 'utf8'),
  );
  for (const part of keyPath.split('.')) {
    node =
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[part]
        : undefined;
  }
  if (typeof node !== 'string') throw new Error(`No Indonesian text for ${key}`);
  return node;
}
