import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Two environments: DOM-like (jsdom + fake-indexeddb) for app and data, plain Node for the rest.
export default defineConfig({
  plugins: [preact()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/{domain,crypto,server,sync,bench,tooling}/**/*.test.ts'],
          setupFiles: ['tests/setup/node.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['tests/{data,app,i18n,ui}/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup/dom.ts'],
        },
      },
    ],
  },
});
