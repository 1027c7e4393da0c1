// `npm run bench` entry point. Node 20 cannot run TypeScript, so this loads bench/runner.ts (and the
// test/browser helpers it shares with the WebGPU test driver) through Vite's module runner, with no config
// file of its own: vite and puppeteer-core stay ordinary Node imports. Arguments: see bench/runner.ts.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const runner = fileURLToPath(new URL('./runner.ts', import.meta.url));
const { module } = await runnerImport(runner, { configFile: false, logLevel: 'warn' });
process.exitCode = await module.main(process.argv.slice(2));
