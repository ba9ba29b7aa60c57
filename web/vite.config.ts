// The web app's one build definition: used by `vite dev`, `vite build` and infra/local/build.ts.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

// `vite dev` only: forward API and dev-login calls to a local runtime started with `npm start`.
const runtime = `http://localhost:${process.env.PORT ?? '3000'}`;
const proxy = { '/api': runtime, '/dev': runtime, '/.well-known': runtime };

export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  server: { proxy },
  preview: { proxy },
});
