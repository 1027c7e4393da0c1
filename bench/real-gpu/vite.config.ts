// Bundles bench/real-gpu/run.ts (and the engine, shaders inlined) into one ESM file for Node.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  build: {
    ssr: fileURLToPath(new URL('./run.ts', import.meta.url)),
    outDir: 'dist-real-gpu',
    emptyOutDir: true,
    target: 'node20',
    rolldownOptions: { output: { format: 'es', entryFileNames: 'run.js' } },
  },
  ssr: { noExternal: true },
});
