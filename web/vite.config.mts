import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The SLA board (README "The web page"): Preact, bundled at build time into dist/web, which the API
// serves at `/`. Nothing is fetched from elsewhere at run time.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The page's own code is small; luxon (time zones for business-time countdowns) is most of it.
    chunkSizeWarningLimit: 400,
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
