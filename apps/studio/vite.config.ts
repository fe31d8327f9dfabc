import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { fileURLToPath } from 'node:url';

// monaco-editor 0.57 maps `monaco-editor/*` to `esm/vs/*`, but monaco-yaml's
// worker manager still imports the old deep path `monaco-editor/esm/vs/...`.
const monacoEsm = fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url));
// y-monaco imports the whole editor API (`monaco-editor/esm/vs/editor/editor.api.js`); it gets our
// trimmed Monaco instead (src/editor/monacoCore.ts re-exports that API), so there is one Monaco.
const monacoCore = fileURLToPath(new URL('./src/editor/monacoCore.ts', import.meta.url));

// The studio is a static bundle served by apps/server from apps/studio/dist.
// In development (`pnpm --filter @colloquy/studio dev`) Vite proxies the API,
// including the /api/events WebSocket, to a `colloquy serve` on its default port.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [solid()],
  resolve: {
    alias: [
      { find: /^monaco-editor\/esm\/vs\/editor\/editor\.api\.js$/, replacement: monacoCore },
      { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monacoEsm}$1` },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Monaco is one large lazy chunk by design (loaded after the first paint).
    chunkSizeWarningLimit: 5000,
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:4173', ws: true, changeOrigin: false },
    },
  },
});
