// `node scripts/attention-study.mjs [--steps N] [--hidden H] [--cell gru|lstm] [--seeds 11,5,3] [--out file.json]`:
// the full attention-vs-none study behind test/seq2seq/attention-vs-none.test.ts. Node 20 cannot run TypeScript,
// so this loads attention-study.ts through Vite's module runner (as bench/run.mjs does), with no config file.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const study = fileURLToPath(new URL('./attention-study.ts', import.meta.url));
const { module } = await runnerImport(study, { configFile: false, logLevel: 'warn' });
process.exitCode = await module.main(process.argv.slice(2));
