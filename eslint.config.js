// Lint rules, including the architecture's import boundaries: each execution context may import
// only what it can run. The boundaries live here so they survive every later change.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Forbid imports of the given packages and folders in one part of the tree. */
function boundary(files, message, { packages = [], folders = [], paths = [] }) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...packages.map((name) => ({ group: [name, `${name}/*`], message })),
            // Case-sensitive: the folder `app` must not catch a module named `./App`.
            ...folders.map((folder) => ({
              group: [`**/${folder}`, `**/${folder}/*`],
              message,
              caseSensitive: true,
            })),
            // Exact relative paths, where a folder name alone is ambiguous (src/console is the
            // browser console; src/domain/console and src/server/console are not).
            ...paths.map((rel) => ({ group: [rel, `${rel}/*`], message, caseSensitive: true })),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-server',
      'dev-dist',
      'data',
      'test-results',
      'playwright-report',
      'public/regions',
      '.bench-tmp',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  boundary(
    ['src/domain/**'],
    'src/domain is pure TypeScript shared by app and server: no platform imports.',
    {
      packages: [
        'dexie',
        'idb-keyval',
        'preact',
        'hono',
        '@hono/*',
        'kysely',
        'better-sqlite3',
        'node:*',
        'i18next',
        'workbox-*',
      ],
      folders: ['data', 'sync', 'app', 'sw', 'server', 'crypto'],
    },
  ),
  boundary(
    ['src/crypto/**'],
    'src/crypto seals and opens (WebCrypto + @hpke/core) for phone, console and server: it imports only src/domain.',
    {
      packages: [
        'dexie',
        'idb-keyval',
        'preact',
        'hono',
        '@hono/*',
        'kysely',
        'better-sqlite3',
        'node:*',
        'i18next',
        'workbox-*',
      ],
      folders: ['data', 'sync', 'app', 'sw', 'server', 'console', 'ui'],
    },
  ),
  boundary(['src/data/**'], 'src/data stores; it knows nothing of UI, sync or server.', {
    packages: ['preact', 'hono', '@hono/*', 'kysely', 'better-sqlite3', 'node:*'],
    folders: ['app', 'sync', 'server', 'sw', 'console'],
  }),
  boundary(
    ['src/sync/**'],
    'src/sync is the sync engine: no UI imports, storage only through src/data.',
    {
      packages: [
        'preact',
        'dexie',
        'idb-keyval',
        'hono',
        '@hono/*',
        'kysely',
        'better-sqlite3',
        'node:*',
      ],
      folders: ['app', 'server', 'sw', 'console'],
    },
  ),
  boundary(
    ['src/app/**'],
    'src/app reaches storage only through src/data and the network only through src/sync.',
    {
      packages: ['dexie', 'idb-keyval', 'hono', '@hono/*', 'kysely', 'better-sqlite3', 'node:*'],
      folders: ['server', 'sw', 'console'],
    },
  ),
  boundary(
    ['src/ui/**'],
    'src/ui is shared by the phone app and the console: only src/domain, preact and i18next.',
    {
      packages: [
        'dexie',
        'idb-keyval',
        'hono',
        '@hono/*',
        'kysely',
        'better-sqlite3',
        'pg',
        'node:*',
        'workbox-*',
      ],
      folders: ['data', 'sync', 'app', 'console', 'sw', 'server', 'crypto'],
    },
  ),
  boundary(
    ['src/console/**'],
    'src/console is the coordinator console: it shares src/domain, src/crypto and src/ui, and reaches the server only over HTTP.',
    {
      packages: [
        'dexie',
        'idb-keyval',
        'hono',
        '@hono/*',
        'kysely',
        'better-sqlite3',
        'pg',
        'node:*',
        'workbox-*',
      ],
      folders: ['data', 'sync', 'app', 'sw', 'server'],
    },
  ),
  boundary(['src/sw/**'], 'src/sw is the service worker: no UI or server code.', {
    packages: ['preact', 'hono', '@hono/*', 'kysely', 'better-sqlite3', 'node:*'],
    folders: ['app', 'server', 'console'],
  }),
  // src/server may not reach the browser console (src/console), but has its own server/console
  // and uses domain/console: the forbidden path is spelled per depth of the importing file.
  ...['src/server/*.ts', 'src/server/*/*.ts', 'src/server/*/*/*.ts', 'src/server/*/*/*/*.ts'].map(
    (files, depth) =>
      boundary([files], 'src/server is Node: it shares only src/domain with the app.', {
        packages: ['preact', 'dexie', 'idb-keyval', 'workbox-*'],
        folders: ['app', 'data', 'sync', 'sw'],
        paths: [`${'../'.repeat(depth + 1)}console`],
      }),
  ),
);
