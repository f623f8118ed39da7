// The architecture's import boundaries are lint rules (eslint.config.js); this proves they bite,
// so a later edit of the config cannot silently drop them.
import { ESLint } from 'eslint';
import { describe, expect, it, vi } from 'vitest';

// Linting is slow on a loaded two-core machine (the first case also warms ESLint up).
vi.setConfig({ testTimeout: 30_000 });

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

const cases: [file: string, importLine: string, forbidden: boolean][] = [
  ['src/app/probe.ts', "import Dexie from 'dexie';", true],
  ['src/app/probe.ts', "import { get } from 'idb-keyval';", true],
  ['src/app/probe.ts', "import { startServer } from '../server/main';", true],
  ['src/app/probe.ts', "import { saveRecord } from '../data';", false],
  ['src/domain/probe.ts', "import { readFileSync } from 'node:fs';", true],
  ['src/domain/probe.ts', "import Dexie from 'dexie';", true],
  ['src/domain/probe.ts', "import { saveRecord } from '../data';", true],
  ['src/domain/probe.ts', "import { z } from 'zod';", false],
  ['src/domain/rules/probe.ts', "import { read } from '../define';", false],
  ['src/sync/probe.ts', "import { render } from 'preact';", true],
  ['src/sync/probe.ts', "import { Home } from '../app/shell/Home';", true],
  ['src/sync/probe.ts', "import Dexie from 'dexie';", true],
  ['src/data/probe.ts', "import { startSync } from '../sync';", true],
  ['src/server/probe.ts', "import { saveRecord } from '../data';", true],
  ['src/server/probe.ts', "import { getDeclaration } from '../domain';", false],
  ['src/sw/probe.ts', "import { render } from 'preact';", true],
  ['src/ui/probe.ts', "import { getDeclaration } from '../domain';", false],
  ['src/ui/probe.ts', "import { render } from 'preact';", false],
  ['src/ui/probe.ts', "import i18next from 'i18next';", false],
  ['src/ui/probe.ts', "import { saveRecord } from '../data';", true],
  ['src/ui/probe.ts', "import { startSync } from '../sync';", true],
  ['src/ui/probe.ts', "import { Home } from '../app/shell/Home';", true],
  ['src/ui/probe.ts', "import Dexie from 'dexie';", true],
  ['src/ui/probe.ts', "import { Hono } from 'hono';", true],
  ['src/ui/probe.ts', "import { readFileSync } from 'node:fs';", true],
  ['src/ui/probe.ts', "import { app } from '../server/app';", true],
  ['src/ui/probe.ts', "import { Console } from '../console/App';", true],
  ['src/crypto/probe.ts', "import { CipherSuite } from '@hpke/core';", false],
  ['src/crypto/probe.ts', "import { canonicalJson } from '../domain/contract';", false],
  ['src/crypto/probe.ts', "import { webcrypto } from 'node:crypto';", true],
  ['src/crypto/probe.ts', "import { saveRecord } from '../data';", true],
  ['src/crypto/probe.ts', "import { startServer } from '../server/main';", true],
  ['src/domain/probe.ts', "import { sealRecordPayload } from '../crypto/seal';", true],
  ['src/server/probe.ts', "import { openRecordPayload } from '../crypto/seal';", false],
  ['src/data/probe.ts', "import { sealRecordPayload } from '../crypto/seal';", false],
  ['src/domain/console/probe.ts', "import { createHash } from 'node:crypto';", true],
  ['src/domain/console/probe.ts', "import { Hono } from 'hono';", true],
  ['src/domain/console/probe.ts', "import { z } from 'zod';", false],
  ['src/server/console/probe.ts', "import { saveRecord } from '../../data';", true],
  ['src/server/console/probe.ts', "import { meSchema } from '../../domain/console';", false],
  ['src/server/console/probe.ts', "import { App } from '../../console/App';", true],
  ['src/server/probe.ts', "import { App } from '../console/App';", true],
  ['src/server/probe.ts', "import { consoleRoutes } from './console';", false],
  ['src/server/routes/probe.ts', "import { requireRole } from '../console';", false],
  ['src/console/probe.ts', "import { getDeclaration } from '../domain';", false],
  ['src/console/probe.ts', "import { openRecordPayload } from '../crypto/seal';", false],
  ['src/console/probe.ts', "import { FieldValues } from '../ui';", false],
  ['src/console/probe.ts', "import { render } from 'preact';", false],
  ['src/console/probe.ts', "import { saveRecord } from '../data';", true],
  ['src/console/probe.ts', "import { startSync } from '../sync';", true],
  ['src/console/probe.ts', "import { Home } from '../app/shell/Home';", true],
  ['src/console/probe.ts', "import { startServer } from '../server/main';", true],
  ['src/console/probe.ts', "import Dexie from 'dexie';", true],
  ['src/console/probe.ts', "import { get } from 'idb-keyval';", true],
  ['src/console/probe.ts', "import { readFileSync } from 'node:fs';", true],
  ['src/console/map/probe.ts', "import { app } from '../../server/app';", true],
  ['src/app/probe.ts', "import { App } from '../console/App';", true],
  ['src/data/probe.ts', "import { App } from '../console/App';", true],
];

describe('import boundaries between execution contexts', () => {
  it.each(cases)('%s: %s → forbidden=%s', async (file, importLine, forbidden) => {
    const count = await restrictedImports(file, `${importLine}\nexport const probe = 1;\n`);
    expect(count > 0).toBe(forbidden);
  });
});
