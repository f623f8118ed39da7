import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact()],
  build: {
    target: 'es2022',
    rollupOptions: {
      output: {
        // The shell's entry is named so the size budget can find it.
        entryFileNames: 'assets/shell-[hash].js',
        chunkFileNames: 'assets/chunk-[name]-[hash].js',
      },
    },
  },
});
