// English texts for validation issues, taken from the app's own locale file so the server and the
// phone describe a problem with the same words. The phone shows its own translation by key; these
// messages serve coordinators' scripts and logs of the sync answer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths';

type Messages = { [key: string]: string | Messages };

let cached: Messages | undefined;

function englishRecords(): Messages {
  if (cached === undefined) {
    try {
      const text = readFileSync(path.join(REPO_ROOT, 'locales/en/records.json'), 'utf8');
      const parsed: unknown = JSON.parse(text);
      cached = parsed !== null && typeof parsed === 'object' ? (parsed as Messages) : {};
    } catch {
      // Missing or broken locale file: fall back to the keys themselves rather than failing pushes.
      cached = {};
    }
  }
  return cached;
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * English text of an i18n key in the `records` namespace (a `records:` prefix is allowed), with
 * `{{param}}` placeholders filled in. Unknown keys come back as the key itself.
 */
export function englishMessage(
  key: string,
  params?: Readonly<Record<string, string | number>>,
): string {
  const bare = key.startsWith('records:') ? key.slice('records:'.length) : key;
  const template = lookup(englishRecords(), bare);
  if (template === undefined) return bare;
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (match, name: string) => {
    const value = params?.[name];
    return value === undefined ? match : String(value);
  });
}
