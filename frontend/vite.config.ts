/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

// The SPA is built into dist/ and served by the backend at `/`; the API lives at `/api`.
// Each text file gets brotli and gzip twins (name.br, name.gz) at build time, and the backend sends the
// one the browser accepts (backend/tagmedx/static_files.py): no compression work per request.
export default defineConfig({
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 })],
  server: {
    proxy: {
      '/api': {
        target: 'http://127.0.0.1:8000',
        changeOrigin: false,
      },
    },
  },
  build: {
    // The shell's vendor chunk (React, Mantine, router, query) is ~185 KB gzipped; pages load lazily.
    chunkSizeWarningLimit: 700,
    // The compression plugin writes (and lists) the real .br and .gz files: no second gzip pass to report sizes.
    reportCompressedSize: false,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Node by default (editor-core); component tests opt into jsdom with `// @vitest-environment jsdom`.
    setupFiles: ['src/lib/testing/setup.ts'],
    // A bound for a test that hangs, far above what any test needs on a loaded machine (see setup.ts).
    testTimeout: 120_000,
  },
});
