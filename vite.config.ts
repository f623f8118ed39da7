// Build of the app shell and its service worker. The first-load files get stable name prefixes
// (`shell-*`) so the size budget (.size-limit.cjs) can find them; locale chunks are named by
// language and namespace so the precache and the budget can tell them apart.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

const BRAND_GREEN = '#0b5d4b';

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // The page decides when a waiting worker takes over (src/app/pwa), never the worker itself.
      registerType: 'prompt',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      // The glob below already precaches the icons; the plugin adds the manifest itself.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        lang: 'id',
        dir: 'ltr',
        name: 'Jejaring — Pencegahan TPPO berbasis masyarakat',
        short_name: 'Jejaring',
        description:
          'Aplikasi pencatatan untuk relawan masyarakat dalam pencegahan dan penanganan tindak ' +
          'pidana perdagangan orang (TPPO). Bekerja tanpa sinyal; data tersimpan terenkripsi di ponsel.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: BRAND_GREEN,
        categories: ['productivity', 'utilities'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      injectManifest: {
        // Everything the app needs offline: the shell, every lazy screen, every locale chunk, icons.
        // (The plugin adds manifest.webmanifest itself.)
        globPatterns: ['**/*.{html,js,css,json,png,svg,ico,woff2}'],
        // The province list (1 KB, needed by the profile form) is precached; per-province chunks
        // (up to ~100 KB each) are cached on demand by the worker and by src/data.
        // The coordinator console (dist/koordinator/, its own Vite entry) is never on a phone.
        globIgnores: [
          'regions/!(provinces).json',
          'sw.js',
          'workbox-*.js',
          '**/*.map',
          'koordinator/**',
        ],
        // A classic (non-module) worker registers in every browser the volunteers' phones run.
        rollupFormat: 'iife',
        // Fail the build rather than silently leave a large screen out of the offline cache.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    rollupOptions: {
      output: {
        // The shell's entry is named so the size budget can find it.
        entryFileNames: 'assets/shell-[hash].js',
        chunkFileNames: (chunk) => {
          const locale = /locales\/([a-z]{2})\/([a-z0-9_-]+)\.json$/i.exec(
            chunk.facadeModuleId ?? '',
          );
          if (locale) return `assets/locale-${locale[1]}-${locale[2]}-[hash].js`;
          return 'assets/chunk-[name]-[hash].js';
        },
        assetFileNames: (asset) => {
          // The entry's stylesheet is the only CSS on the first load; vite names it after index.html.
          const names = asset.names ?? [];
          if (names.some((n) => n === 'index.css' || n === 'style.css')) {
            return 'assets/shell-[hash][extname]';
          }
          return 'assets/[name]-[hash][extname]';
        },
      },
    },
  },
});
