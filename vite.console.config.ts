// Build of the coordinator console: its own entry (src/console/index.html), its own chunks under
// dist/koordinator/, served by the same Node server at /koordinator/. It is built after the phone
// (`npm run build`) and the phone's service worker never precaches it (vite.config.ts globIgnores).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src/console', import.meta.url)),
  base: '/koordinator/',
  // The phone's public/ (icons, region chunks) is the phone's; the console links the icon at /icons/.
  publicDir: false,
  plugins: [preact()],
  // The record opener's workers (records/openWorker.ts) are ES modules, like the page.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('./dist/koordinator', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      output: {
        entryFileNames: 'assets/console-[hash].js',
        chunkFileNames: (chunk) => {
          const locale = /locales\/([a-z]{2})\/([a-z0-9_-]+)\.json$/i.exec(
            chunk.facadeModuleId ?? '',
          );
          if (locale) return `assets/locale-${locale[1]}-${locale[2]}-[hash].js`;
          return 'assets/console-[name]-[hash].js';
        },
        assetFileNames: 'assets/console-[name]-[hash][extname]',
      },
    },
  },
});
