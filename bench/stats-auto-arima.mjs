// `node bench/stats-auto-arima.mjs [--runs=N]`: the autoARIMA seasonal-search benchmark (CPU, Node). Node 20
// cannot run TypeScript, so this loads bench/stats-auto-arima.ts through Vite's module runner (as run.mjs does).
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const entry = fileURLToPath(new URL('./stats-auto-arima.ts', import.meta.url));
const { module } = await runnerImport(entry, { configFile: false, logLevel: 'warn' });
await module.main(process.argv.slice(2));
