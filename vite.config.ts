import path from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { precompressDir } from './scripts/precompress.mjs';

const apiTarget = `http://localhost:${process.env['FIREWATCH_API_PORT'] ?? '8080'}`;

/** Brotli and gzip copies of the built files, which the server sends as they are (see static-routes.ts). */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'firewatch-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // After the bundle and the public files are written, so both are covered.
    async closeBundle() {
      const files = await precompressDir(outDir);
      const sum = (key: 'size' | 'br' | 'gzip') => files.reduce((total, file) => total + (file[key] ?? file.size), 0);
      this.info(`pre-compressed ${files.length} files: ${(sum('size') / 1024).toFixed(0)} KB → brotli ${(sum('br') / 1024).toFixed(0)} KB, gzip ${(sum('gzip') / 1024).toFixed(0)} KB`);
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
  server: {
    port: 5173,
    proxy: {
      '/api': apiTarget,
      '/v2': apiTarget,
      '/healthz': apiTarget,
      '/readyz': apiTarget,
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
